"""A server worker keeps the garbage collector off what it built at start (server.app
.app_from_env, gc.freeze): its full collections no longer walk every model and schema again
while a push allocates rows by the thousand.

The laptop does not do the same during a push: in the desktop app a collection run after an
unfreeze, on whichever thread allocates next, destroyed QObjects off the GUI thread and
deadlocked Qt (found by the full test run)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


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
