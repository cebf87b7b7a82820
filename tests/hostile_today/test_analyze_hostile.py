"""The background ANALYZE (server/statistics.py) attacked on PostgreSQL: a lock it waits for,
a refusal, a full admission load, a process leaving while it waits. It must never hold up a
push, take a request's connection or keep a process from ending."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from server import statistics
from server.database import POOL_CONNECTIONS, make_engine
from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op


@pytest.fixture(scope="module")
def database_url(postgres_url: str) -> str:
    """PostgreSQL only: SQLite has no planner statistics to keep up."""
    return postgres_url


def _unit(district: District, room: str) -> dict[str, Any]:
    return op("units", new_id(), compound_id=district.compounds[STREET_A], building="刁难",
              room=f"{room}-{new_id()[:8]}", area_m2="70.00", owner_name="业主甲")


@pytest.fixture
def pg_engine(server: ServerHandle) -> Iterator[Engine]:
    engine = make_engine(server.database_url)
    yield engine
    engine.dispose()


def _blocker(database_url: str, table: str) -> Any:
    """A connection holding a lock ANALYZE waits for (rows may still be written meanwhile)."""
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    connection = engine.connect()
    connection.execute(text(f'LOCK TABLE "{table}" IN SHARE UPDATE EXCLUSIVE MODE'))
    return engine, connection


def test_pushes_are_answered_while_a_background_analyze_waits_for_a_lock(
        server: ServerHandle, district: District, pg_engine: Engine,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statistics, "_growth", statistics._Growth())
    monkeypatch.setattr(statistics, "ANALYZE_AFTER_ROWS", 64)
    caseworker = server.user("caseworker", STREET_A)
    engine, blocker = _blocker(server.database_url, "units")
    try:
        started = time.monotonic()
        results = caseworker.push(*[_unit(district, f"a{n}") for n in range(200)], brief=True)
        assert {r["status"] for r in results} == {"applied"}
        assert statistics._growth.queued, "no ANALYZE was started"
        # ANALYZE now waits for the lock; pushes (rows into the same table) go on meanwhile.
        for n in range(3):
            more = caseworker.push(*[_unit(district, f"b{n}-{k}") for k in range(100)],
                                   brief=True)
            assert {r["status"] for r in more} == {"applied"}
        assert time.monotonic() - started < 20
    finally:
        blocker.close()
        engine.dispose()
    deadline = time.monotonic() + 20
    while statistics._growth.queued and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not statistics._growth.queued


def test_a_refused_analyze_is_logged_and_the_push_answered(
        server: ServerHandle, district: District, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(statistics, "_growth", statistics._Growth())
    monkeypatch.setattr(statistics, "ANALYZE_AFTER_ROWS", 64)
    done = threading.Event()
    real = statistics._analyze

    def refusing(engine: Engine, table: str) -> None:
        class Refusing:
            def connect(self) -> Any:
                raise RuntimeError("permission denied to ANALYZE")
        try:
            real(Refusing(), table)  # type: ignore[arg-type]
        finally:
            done.set()

    monkeypatch.setattr(statistics, "_analyze", refusing)
    caseworker = server.user("caseworker", STREET_A)
    with caplog.at_level("WARNING", logger="server.statistics"):
        results = caseworker.push(*[_unit(district, f"r{n}") for n in range(100)], brief=True)
        assert {r["status"] for r in results} == {"applied"}
        assert done.wait(10)
        # The push doubled three tables; each refusal unqueues its table (to be tried again
        # once it doubles anew): wait for the last of them.
        deadline = time.monotonic() + 10
        while statistics._growth.queued and time.monotonic() < deadline:
            time.sleep(0.05)
    assert any("ANALYZE" in r.getMessage() for r in caplog.records)
    assert not statistics._growth.queued


def test_a_waiting_analyze_leaves_every_admitted_request_a_connection(
        server: ServerHandle, pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statistics, "_growth", statistics._Growth())
    monkeypatch.setattr(statistics, "ANALYZE_AFTER_ROWS", 1)
    pg_engine.pool._timeout = 2  # type: ignore[attr-defined]  # SQLAlchemy's default: 30 s
    engine, blocker = _blocker(server.database_url, "units")
    held = []
    try:
        statistics.note_copied("units", 10)
        statistics.analyze_grown_tables(pg_engine)
        time.sleep(0.5)  # ANALYZE has its connection and waits for the lock
        # As many requests as admission lets in, each holding its connection.
        for _ in range(POOL_CONNECTIONS):
            held.append(pg_engine.connect())
    finally:
        for connection in held:
            connection.close()
        blocker.close()
        engine.dispose()


_EXITING = """
import sys, time
from server import statistics
from server.database import make_engine
statistics.ANALYZE_AFTER_ROWS = 1
engine = make_engine(sys.argv[1])
statistics.note_copied("units", 10)
statistics.analyze_grown_tables(engine)
time.sleep(0.5)
print("leaving", flush=True)
"""


def test_a_server_process_exits_while_its_analyze_waits_for_a_lock(
        server: ServerHandle, pg_engine: Engine) -> None:
    engine, blocker = _blocker(server.database_url, "units")
    try:
        with subprocess.Popen([sys.executable, "-c", _EXITING, server.database_url],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True) as child:
            try:
                assert child.stdout is not None
                assert child.stdout.readline().strip() == "leaving"  # its work done: it ends
                assert child.wait(timeout=10) == 0
            finally:
                child.kill()
    finally:
        blocker.close()
        engine.dispose()
