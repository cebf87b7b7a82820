"""Low-priority background work (the audit) waits, before each SQL statement, until the typing
has paused (ui/yielding.py); other work never waits."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ui import yielding


class _ThisModulesTasks(set):  # type: ignore[type-arg]
    """The running set of a pacing test: only tasks whose work is defined in this module."""

    def add(self, task: object) -> None:
        if getattr(getattr(task, "_work", None), "__module__", None) == __name__:
            super().add(task)


class _Asked(list[float]):
    """The pauses asked for, and (for a failure's message) the first few askers' threads and
    the tasks they waited for."""

    def __init__(self) -> None:
        super().__init__()
        self.why: list[tuple[str, list[str]]] = []


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the pacing asked for (they still happen); typing and background tasks of an
    earlier test over (a statement waits while a window's task is still to deliver).
    Only this test's threads count: `time.sleep` is patched for the whole process, and a
    worker an earlier test left (a window's audit pacing itself) sleeps too. (A CI run met 384
    polls for another test's task in a test that starts none.)"""
    from PySide6.QtCore import QCoreApplication

    from ui.operations import running_tasks

    deadline = time.monotonic() + 60
    while (yielding.typed_recently() or running_tasks()) and time.monotonic() < deadline:
        if QCoreApplication.instance() is not None:  # an earlier test's task delivers
            QCoreApplication.processEvents()
        time.sleep(0.05)
    from ui import operations

    # A task an earlier test's window left or starts is not this test's window's work: the
    # running set starts empty here and takes only this module's tasks. (After the reset alone,
    # CI runs still met ~385 polls for an earlier window's audit, AuditState.run.<locals>.audit:
    # pytest-qt processes events once the fixtures are set up, and the audit's timer fired.)
    monkeypatch.setattr(operations, "_running", _ThisModulesTasks())
    asked = _Asked()
    real = time.sleep
    earlier = set(threading.enumerate()) - {threading.current_thread()}

    def sleep(seconds: float) -> None:
        if threading.current_thread() not in earlier:
            asked.append(seconds)
            if len(asked.why) < 3:  # who paced, and for what: named when a test fails
                waited = [getattr(t._work, "__qualname__", repr(t._work))
                          for t in operations.running_tasks()]
                asked.why.append((threading.current_thread().name, waited))
        real(seconds)

    monkeypatch.setattr(yielding.time, "sleep", sleep)
    return asked


def statement_after_typing(path: Path, low: bool) -> tuple[float, float]:
    """(when the caseworker typed, when a worker's statement then ran), monotonic seconds."""
    engine = create_engine(f"sqlite:///{path}")
    ran: list[float] = []
    typed = time.monotonic()
    yielding.interacting()

    def work() -> None:
        with engine.connect() as connection:
            if low:
                with yielding.low_priority(engine):
                    connection.execute(text("select 1"))
            else:
                connection.execute(text("select 1"))
            ran.append(time.monotonic())

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(10)
    engine.dispose()
    return typed, ran[0]


def test_low_priority_statement_waits_for_a_pause_in_typing(tmp_path: Path,
                                                            sleeps: list[float]) -> None:
    typed, ran = statement_after_typing(tmp_path / "a.sqlite3", low=True)
    assert sleeps
    assert ran - typed >= yielding.QUIET_S


def test_other_work_does_not_wait(tmp_path: Path, sleeps: list[float]) -> None:
    statement_after_typing(tmp_path / "b.sqlite3", low=False)
    assert sleeps == []


def test_low_priority_ends_with_its_block(tmp_path: Path, sleeps: list[float]) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with yielding.low_priority(engine):
        pass
    yielding.interacting()
    yielding.pace()  # this thread is no longer low priority
    assert sleeps == []
    engine.dispose()


class Base(DeclarativeBase):
    pass


class Row(Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(primary_key=True)


def test_low_priority_loading_waits_between_rows(tmp_path: Path, sleeps: list[float]) -> None:
    """One query may load thousands of objects: typing seen after it was sent still pauses
    the loading."""
    engine = create_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Row(id=i) for i in range(1, 4)])
        session.commit()
    with Session(engine) as session, yielding.low_priority(engine):
        result = session.scalars(select(Row))  # sent before any typing: not paused
        assert sleeps == [], getattr(sleeps, "why", None)
        yielding.interacting()
        assert [row.id for row in result] == [1, 2, 3]
    assert sleeps
    engine.dispose()



def test_low_priority_queries_load_in_chunks(tmp_path: Path) -> None:
    """The audit's big results are fetched a chunk at a time, so typing pauses them early; the
    ORM's own lookups (`Session.get`, which de-duplicates) still work inside."""
    engine = create_engine(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    Base.metadata.create_all(engine)
    total = yielding.CHUNK_ROWS * 3
    with Session(engine) as session:
        session.add_all([Row(id=i) for i in range(1, total + 1)])
        session.commit()
    with Session(engine) as session:
        whole = iter(session.scalars(select(Row)))
        assert next(whole).id and len(session.identity_map) == total  # read at once outside
    with Session(engine) as session, yielding.low_priority(engine):
        rows = iter(session.scalars(select(Row).order_by(Row.id)))
        assert next(rows).id == 1
        assert len(session.identity_map) == yielding.CHUNK_ROWS
        got = session.get(Row, total)
        assert got is not None and got.id == total
        assert [row.id for row in rows][-1] == total
    engine.dispose()

def test_low_priority_waits_for_the_windows_work(qtbot, tmp_path: Path,
                                                 sleeps: list[float]) -> None:
    """A statement of the audit waits while a page's reload is still to deliver, then runs."""
    from ui.operations import run_in_background

    engine = create_engine(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    release = threading.Event()
    task = run_in_background(lambda _p: release.wait(30), show_progress=False)
    ran: list[bool] = []

    def audit() -> None:
        with engine.connect() as connection, yielding.low_priority(engine):
            connection.execute(text("select 1"))
            ran.append(True)

    worker = threading.Thread(target=audit)
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and not ran  # waiting for the page's work
    release.set()
    qtbot.waitUntil(lambda: task.done)
    worker.join(10)
    assert ran and sleeps
    engine.dispose()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's own nice value is Linux's")
def test_the_audit_thread_gives_way_to_the_ui_thread() -> None:
    seen: list[int] = []

    def worker() -> None:
        yielding.lower_this_thread()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert seen and seen[0] >= yielding.THREAD_NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # this one kept
