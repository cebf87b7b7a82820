"""Low-priority background work (the audit) waits, before each SQL statement, until the typing
has paused (ui/yielding.py); other work never waits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ui import yielding


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the pacing asked for (they still happen)."""
    asked: list[float] = []
    real = time.sleep

    def sleep(seconds: float) -> None:
        asked.append(seconds)
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
