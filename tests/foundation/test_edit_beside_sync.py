"""An edit that reads before it writes, while another connection (the sync's settle, the audit
thread's fixes) commits: the edit's transaction takes the write lock when it begins, so the other
writer waits its turn instead of the edit failing with "database is locked" (SQLite never lets a
reader whose snapshot is stale become a writer, and does not wait for that)."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from db.models import Community, Compound, Street
from db.store import Store, open_store


def _compounds(store: Store) -> tuple[str, str]:
    with store.transaction() as session:
        street = Street(name=f"街道-{uuid.uuid4().hex[:6]}")
        session.add(street)
        session.flush()
        community = Community(name="社区", street_id=street.id)
        session.add(community)
        session.flush()
        pair = [Compound(community_id=community.id, name=f"小区{n}") for n in (1, 2)]
        session.add_all(pair)
        session.flush()
        return pair[0].id, pair[1].id


def test_an_edit_that_reads_first_survives_another_writer(store: Store, data_dir: Path) -> None:
    mine, theirs = _compounds(store)
    other = open_store(data_dir, actor="sync")
    failures: list[BaseException] = []

    def settle() -> None:
        try:
            with other.transaction() as session:
                row = session.get(Compound, theirs)
                assert row is not None
                row.note = "同步写入"
        except BaseException as exc:  # reported to the test
            failures.append(exc)

    try:
        with store.transaction() as session:
            row = session.get(Compound, mine)  # the edit reads: its snapshot starts here
            assert row is not None
            writer = threading.Thread(target=settle)
            writer.start()
            writer.join(0.5)  # commits at once unless it waits for this edit
            row.note = "本机修改"
        writer.join(10)
        assert not failures, failures
        with store.session() as session:
            assert session.get(Compound, mine).note == "本机修改"  # type: ignore[union-attr]
            assert session.get(Compound, theirs).note == "同步写入"  # type: ignore[union-attr]
    finally:
        other.close()
