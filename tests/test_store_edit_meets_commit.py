"""An edit in `Store.transaction()` reads its row, then writes. Another session committing in
between (a sync settling a batch in the background) must make the edit wait, never fail it:
SQLite refuses a write from a transaction whose snapshot is older than the last commit."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from db.models import Street
from db.store import Store, open_store


def _store(tmp_path: Path) -> Store:
    store = open_store(tmp_path, actor="测试")
    with store.transaction() as session:
        session.add_all([Street(name="甲街道"), Street(name="乙街道")])
    return store


def test_an_edit_waits_for_a_commit_between_its_read_and_its_write(tmp_path: Path) -> None:
    store = _store(tmp_path)
    other_wrote = threading.Event()

    def other_session() -> None:  # as a sync settling a batch: its own connection, one commit
        with store.transaction() as session:
            session.scalars(select(Street).where(Street.name == "乙街道")).one().district = "同步区"
        other_wrote.set()

    try:
        with store.transaction() as session:
            street = session.scalars(select(Street).where(Street.name == "甲街道")).one()
            worker = threading.Thread(target=other_session)
            worker.start()
            worker.join(0.5)  # it waits for this transaction's lock: it cannot commit in between
            assert not other_wrote.is_set()
            street.district = "本机区"
        worker.join(10)
        assert other_wrote.is_set()
        with store.session() as session:
            notes = {name: district for name, district in session.execute(select(Street.name, Street.district))}
        assert notes == {"甲街道": "本机区", "乙街道": "同步区"}
    finally:
        store.close()
