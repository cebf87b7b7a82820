"""`kill -9` of the server process while a large push is in its COPY (server.copying): the COPY
of the new rows, of their row-index entries or of the op records is held on a table lock taken
by the test, the server is killed while it waits there, the lock let go. Afterwards nothing of
that push is in any table, and the same push sent again (a client's next sync: the same op ids)
is applied whole — no duplicates, no refusals — and a replay of it answers the same."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, text

from server.copying import COPY_MIN_ROWS
from server.testing import running_server
from tests.server.conftest import postgres_url
from tests.server.helpers import STREET_A, Client, ServerHandle, new_id, op, seed_district
from tests.sync.test_faults import _start_server

__all__ = ["postgres_url"]  # the fixture, imported for pytest
ROWS = 1000  # the protocol's largest push


@pytest.fixture(scope="module")
def survivor(postgres_url: str) -> Iterator[ServerHandle]:
    """An in-process server on the database (it makes the schema), alive throughout."""
    with running_server(postgres_url) as url:
        handle = ServerHandle(url, postgres_url)
        yield handle
        handle.close()


@pytest.fixture(scope="module")
def compound(survivor: ServerHandle) -> str:
    return seed_district(survivor).compounds[STREET_A]


def _counts(connection: Connection, ops: list[dict[str, Any]]) -> tuple[int, int, int]:
    ids = [o["row_id"] for o in ops]
    op_ids = [o["op_id"] for o in ops]
    return (
        int(connection.scalar(text("SELECT count(*) FROM units WHERE id = ANY(:ids)"),
                              {"ids": ids}) or 0),
        int(connection.scalar(text("SELECT count(*) FROM server_rows WHERE table_name = 'units' "
                                   "AND row_id = ANY(:ids)"), {"ids": ids}) or 0),
        int(connection.scalar(text("SELECT count(*) FROM server_applied_ops "
                                   "WHERE op_id = ANY(:ids)"), {"ids": op_ids}) or 0),
    )


def _held_copy(connection: Connection, deadline: float) -> tuple[int, str]:
    """The backend whose COPY waits on the test's lock: (pid, statement)."""
    while time.monotonic() < deadline:
        row = connection.execute(text(
            "SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE 'COPY%'")).first()
        if row is not None:
            return int(row.pid), str(row.query)
        time.sleep(0.02)
    raise AssertionError("no COPY came to wait on the lock")


def _gone(connection: Connection, pid: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        if connection.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                             {"pid": pid}) == 0:
            return
        time.sleep(0.05)
    raise AssertionError(f"the killed server's backend {pid} lingers")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("table", ["units", "server_rows", "server_applied_ops"])
def test_killed_in_a_copy_nothing_is_half_written_and_the_push_goes_again(
    survivor: ServerHandle, compound: str, postgres_url: str, table: str,
) -> None:
    assert ROWS >= COPY_MIN_ROWS
    caseworker = survivor.user("caseworker", STREET_A)
    ops = [op("units", new_id(), compound_id=compound, building=f"杀-{table}", room=f"{i:04d}",
              owner_name=f"业主\t{i}\\N", area_m2=f"{50 + i % 50}.5") for i in range(ROWS)]
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    locking = create_engine(postgres_url)
    process, url = _start_server(postgres_url)
    outcome: dict[str, BaseException | None] = {}
    try:
        victim = Client(url, caseworker.name)
        with engine.connect() as watcher, locking.connect() as blocker:
            blocker.execute(text(f'LOCK TABLE "{table}" IN SHARE MODE'))  # writers wait

            def push() -> None:
                try:
                    victim.push(*ops)
                    outcome["error"] = None
                except BaseException as exc:  # the cut connection, whatever form
                    outcome["error"] = exc

            sender = threading.Thread(target=push, daemon=True)
            sender.start()
            deadline = time.monotonic() + 30
            pid, statement = _held_copy(watcher, deadline)
            assert f'"{table}"' in statement, statement
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=10) == -signal.SIGKILL
            blocker.rollback()  # the lock goes: the orphaned backend finds its client gone
            sender.join(timeout=30)
            assert outcome.get("error") is not None, "the push was answered by a killed server"
            victim.http.close()
            _gone(watcher, pid, time.monotonic() + 30)
            assert _counts(watcher, ops) == (0, 0, 0)  # none of it, in any table

            results = caseworker.push(*ops)  # the client's next sync: the same op ids
            assert [r["status"] for r in results] == ["applied"] * ROWS, results[:2]
            assert _counts(watcher, ops) == (ROWS, ROWS, ROWS)
            assert caseworker.push(*ops) == results
            rows = caseworker.rows()
            assert all(rows[("units", o["row_id"])]["fields"]["owner_name"] ==
                       o["fields"]["owner_name"] for o in ops)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        engine.dispose()
        locking.dispose()
