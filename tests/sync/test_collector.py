"""The garbage collector is kept off long-lived objects where rows are made by the thousand:
during a laptop's push and pull (app.sync.engine), and for a server worker's whole life
(server.app.app_from_env). Both freeze with gc.freeze; the laptop unfreezes afterwards."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.sync.auth import connect
from app.sync.client import SyncClient
from app.sync.engine import sync
from db.models import Compound
from tests.sync.conftest import Device, edit_row, new_compound

MakeDevice = Callable[[str], Device]


class _Watching(SyncClient):
    """The real client, noting how many objects were frozen out of the collector's view each
    time it pushed or pulled."""

    frozen: list[int]

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        self.frozen.append(gc.get_freeze_count())
        return super().push_encoded(body, count)

    def pull(self, *args: Any, **kwargs: Any) -> Any:
        self.frozen.append(gc.get_freeze_count())
        return super().pull(*args, **kwargs)


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_sync_keeps_older_objects_frozen_while_it_runs_and_frees_them_after(
        make_device: MakeDevice, unfrozen: None) -> None:
    device = make_device("cw")
    compound = new_compound(device, f"收集-{uuid.uuid4().hex[:8]}")
    edit_row(device, Compound, compound, note="推送时冻结")
    with connect(device.store) as client:
        client.__class__ = _Watching
        watching: Any = client
        watching.frozen = []
        report = sync(device.store, client)
    assert report.pushed >= 2 and report.refused == 0
    assert len(watching.frozen) >= 2  # at least one push and one pull
    assert all(count > 0 for count in watching.frozen), watching.frozen
    assert gc.get_freeze_count() == 0


def test_a_server_worker_freezes_what_it_has_built(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   unfrozen: None) -> None:
    from server.app import DATABASE_ENV, app_from_env
    from server.database import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    monkeypatch.setenv(DATABASE_ENV, url)
    assert gc.get_freeze_count() == 0
    app_from_env()
    assert gc.get_freeze_count() > 1000
