"""An import of ≥ 1,000 rows now runs on a newly opened connection (Store.transaction(bulk=True)
invalidates the pooled one): against a busy store — another session of the app reading or
writing — and failing half-way on that connection, it must leave nothing of itself behind, no
open transaction and no lock, and the app's other sessions must go on working."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import Cancelled
from app.importing import ImportProblems, import_file
from db.models import AuditEntry, OutboxEntry, Street, Unit
from db.store import Store
from db.tracking import BULK_MIN_ROWS
from tests.foundation.conftest import write_csv
from tests.helpers import raw_store

ROWS = BULK_MIN_ROWS + 200
HEADER = ["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积"]


def _register(path: Path, rows: int = ROWS, duplicate_last: bool = False) -> Path:
    body = [["第五园", "五和社区", f"{n % 6 + 1}栋", f"{n // 6 + 1:04d}", f"业主{n}", "88.80"]
            for n in range(rows)]
    if duplicate_last:  # the same unit as the first row: only the unique index finds it
        body[-1] = [*body[0][:4], "另一个业主", "90.00"]
    return write_csv(path, [HEADER, *body])


def _count(store: Store, model: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _no_lock_left(store: Store) -> None:
    """Another connection of its own takes the write lock at once and checkpoints the whole WAL:
    no connection of the store holds a write, or a read snapshot, any more."""
    connection = raw_store.connect(store.path)
    try:
        connection.isolation_level = None
        connection.execute("PRAGMA busy_timeout = 0")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        connection.close()


def test_import_while_another_session_holds_a_read(with_compounds: Store, tmp_path: Path) -> None:
    store = with_compounds
    reader = store.session()
    reader.begin()
    assert reader.scalar(select(func.count()).select_from(Unit)) == 0  # its snapshot starts
    outcome = import_file(store, _register(tmp_path / "register.csv"))
    assert outcome.inserted["units"] == ROWS
    assert reader.scalar(select(func.count()).select_from(Unit)) == 0  # still its snapshot
    reader.commit()
    reader.close()
    assert _count(store, Unit) == ROWS
    with store.transaction() as session:
        session.add(Street(name="导入之后"))
    _no_lock_left(store)


@pytest.mark.parametrize("rows", [ROWS, 500], ids=["bulk", "small"])
def test_import_waits_for_another_sessions_write(with_compounds: Store, tmp_path: Path,
                                                 rows: int) -> None:
    """The import's transaction takes the write lock first (BEGIN IMMEDIATE) and waits for the
    other writer's commit (once: a raw 'database is locked' at once)."""
    store = with_compounds
    path = _register(tmp_path / "register.csv", rows)
    writer = store.session()
    writer.begin()
    writer.add(Street(name="写到一半"))
    writer.flush()  # the write lock is held from here
    timer = threading.Timer(1.0, writer.commit)
    timer.start()
    try:
        outcome = import_file(store, path)
    finally:
        timer.join()
        writer.close()
    assert outcome.inserted["units"] == rows
    assert _count(store, Unit) == rows


def test_an_import_that_meets_a_write_leaves_all_or_nothing(with_compounds: Store,
                                                            tmp_path: Path) -> None:
    """Whatever the import answers while another session writes, the store holds all of it or
    none of it, and the next import and write work."""
    store = with_compounds
    path = _register(tmp_path / "register.csv")
    outbox_before = _count(store, OutboxEntry)
    writer = store.session()
    writer.begin()
    writer.add(Street(name="写到一半"))
    writer.flush()
    timer = threading.Timer(0.5, writer.commit)
    timer.start()
    failed: BaseException | None = None
    try:
        import_file(store, path)
    except Exception as exc:  # what it raises is the other test's concern
        failed = exc
    finally:
        timer.join()
        writer.close()
    if failed is None:
        assert _count(store, Unit) == ROWS
    else:
        assert _count(store, Unit) == 0
        assert _count(store, OutboxEntry) == outbox_before + 2  # the street's insert and audit
        assert import_file(store, path).inserted["units"] == ROWS
    assert _count(store, Street) >= 1
    _no_lock_left(store)


def test_unique_index_refusal_on_the_bulk_connection(with_compounds: Store, tmp_path: Path) -> None:
    """Row 1,200 is row 1's unit again: found by the unique index half-way through the insert on
    the new connection. Nothing is written; a session opened before goes on reading and
    writing; no lock or snapshot is left; the corrected file then imports."""
    store = with_compounds
    counts = {m: _count(store, m) for m in (Unit, OutboxEntry, AuditEntry)}
    bystander = store.session()
    bystander.scalar(select(func.count()).select_from(Street))  # a pooled connection in use
    with pytest.raises(ImportProblems) as refused:
        import_file(store, _register(tmp_path / "bad.csv", duplicate_last=True))
    assert str(ROWS + 1) in str(refused.value)  # the second row of the unit, by its row number
    assert {m: _count(store, m) for m in counts} == counts
    bystander.add(Street(name="旁观者写"))
    bystander.commit()
    bystander.close()
    _no_lock_left(store)
    with store.transaction() as session:
        session.add(Street(name="之后再写"))
    assert import_file(store, _register(tmp_path / "good.csv")).inserted["units"] == ROWS
    assert _count(store, Unit) == ROWS


class _CancelWhileWriting:
    """A person pressing Cancel once the rows are being written (after the first sheet)."""

    def __init__(self) -> None:
        self.writing = False

    def report(self, done: int, total: int, text: str = "") -> None:
        if text == "写入数据…":
            self.writing = True

    @property
    def cancelled(self) -> bool:
        return self.writing


def test_dry_run_and_cancel_on_the_bulk_connection_write_nothing(with_compounds: Store,
                                                                  tmp_path: Path) -> None:
    store = with_compounds
    path = _register(tmp_path / "register.csv")
    counts = {m: _count(store, m) for m in (Unit, OutboxEntry, AuditEntry)}
    preview = import_file(store, path, dry_run=True)
    assert preview.inserted["units"] == ROWS
    assert {m: _count(store, m) for m in counts} == counts
    with pytest.raises(Cancelled):
        import_file(store, path, _CancelWhileWriting())
    assert {m: _count(store, m) for m in counts} == counts
    _no_lock_left(store)
    assert import_file(store, path).inserted["units"] == ROWS
