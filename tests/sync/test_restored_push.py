"""A whole store restored from a JSON backup and pushed by a supervisor to an empty server: every
op is taken (parents before children, the compound ↔ liaison member cycle broken into an insert
and an update), and a second supervisor pulls exactly the same district."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.demo import generate
from app.exporting import export_json
from app.importing.restore import restore_json
from app.sync import auth
from app.sync.engine import sync
from db.codec import content_columns, encode
from db.models import REPLICATED_MODELS, Compound, Conflict, Election, OutboxEntry
from db.store import Store, open_store
from tests.sync.conftest import PASSWORD

pytestmark = pytest.mark.slow  # the small demo district is ~16,000 ops
RECORDED_BEFORE_THE_APP = frozenset({("elections", "historical")})


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo district exported to JSON, its demo mark removed as a real backup's."""
    folder = tmp_path_factory.mktemp("backup")
    store = open_store(folder / "demo", actor="演示")
    try:
        generate(store, size="small")
        export_json(store, folder / "export.json")
    finally:
        store.close()
    document = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    assert document["format"]["demo"] is True
    document["format"]["demo"] = False
    # The demo's sign-offs are signed with demo keys, which no server knows: a sign-off is taken
    # only from its signer, with a key registered to them (server/signoff.py) — never in a
    # supervisor's push of someone else's work. This backup carries none.
    assert document["checkpoint_approvals"]
    document["checkpoint_approvals"] = []
    path = folder / "backup.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def stores() -> Iterator[list[Store]]:
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


def contents(store: Store, *, skip: frozenset[tuple[str, str]] = frozenset()
             ) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Every replicated row's content (and tombstone), by table and id."""
    found: dict[str, dict[str, tuple[Any, ...]]] = {}
    with store.session() as session:
        for model in REPLICATED_MODELS:
            table = model.__tablename__
            columns = [c for c in content_columns(model) if (table, c.name) not in skip]
            query = select(model.__table__.c.id, model.__table__.c.deleted_at, *columns)
            found[table] = {row[0]: tuple(encode(v) for v in row[1:])
                            for row in session.execute(query)}
    return found


def test_a_restored_district_is_pushed_by_a_supervisor_with_nothing_refused(
    server_db: str, backup: Path, tmp_path: Path, stores: list[Store],
) -> None:
    from server.testing import running_server
    from server.users import add_user

    with running_server(server_db) as url:
        add_user(server_db, "区主管", "supervisor", None, PASSWORD)
        add_user(server_db, "区主管二", "supervisor", None, PASSWORD)
        restored = open_store(tmp_path / "restored", actor="区主管")
        stores.append(restored)
        restore_json(restored, backup)
        with restored.session() as session:
            queued = session.scalar(select(func.count()).select_from(OutboxEntry)) or 0
            linked = session.scalar(select(func.count()).select_from(Compound).where(
                Compound.liaison_member_id.is_not(None))) or 0
        assert queued > 10_000 and linked > 0  # every row queued; compounds name their liaison
        before = contents(restored, skip=RECORDED_BEFORE_THE_APP)

        auth.login(restored, url, "区主管", PASSWORD)
        report = sync(restored)

        assert (report.refused, report.conflicts, report.open_conflicts) == (0, 0, 0)
        assert report.pushed == queued + linked  # each liaison is set by an update of its own
        with restored.session() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
            assert session.scalar(select(func.count()).select_from(Conflict)) == 0

        second = open_store(tmp_path / "second", actor="区主管二")
        stores.append(second)
        auth.login(second, url, "区主管二", PASSWORD)
        pulled = sync(second)
        assert (pulled.pushed, pulled.refused, pulled.conflicts) == (0, 0, 0)

    # The same district on both sides, row for row and field for field, and as it was backed
    # up — but for the elections past their first stage, which no sign-off brought there: the
    # supervisor's push recorded them as made before the app (historical).
    assert contents(second) == contents(restored)
    assert contents(second, skip=RECORDED_BEFORE_THE_APP) == before
    with second.session() as session:
        elections = session.execute(select(Election.stage, Election.historical)).all()
    assert elections and all(historical == (stage != "application")
                             for stage, historical in elections)
    assert any(stage != "application" for stage, _ in elections)
