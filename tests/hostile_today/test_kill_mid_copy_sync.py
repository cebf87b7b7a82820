"""A device's sync whose server is killed (`kill -9`) while the push's COPY waits on a table lock
(PostgreSQL; on SQLite there is no COPY and tests/sync/test_faults.py kills a push there): the
device keeps its outbox, and its next sync, against a server on the same database, converges —
every row once on the server at the device's versions, no refusals, no conflicts."""

from __future__ import annotations

import signal
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from app.sync.auth import connect
from app.sync.engine import sync
from app.sync.errors import ServerUnreachable
from db.models import Compound, Unit
from server.copying import COPY_MIN_ROWS
from tests.sync.conftest import SyncServer, community_of, open_device, outbox_size
from tests.sync.fault_proxy import FaultProxy
from tests.sync.test_faults import _start_server

UNITS = 4 * COPY_MIN_ROWS
# PostgreSQL only: SQLite has no COPY (tests/sync/test_faults.py kills a push there).
pytestmark = pytest.mark.parametrize("server_db", ["postgres"], indirect=True, scope="module")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("table", ["units", "server_rows"])
def test_a_sync_killed_in_a_copy_converges_next_time(
    sync_server: SyncServer, proxy: FaultProxy, tmp_path: Path, table: str,
) -> None:
    device = open_device(tmp_path / "device", SyncServer(url=proxy.url, db_url=sync_server.db_url),
                         "cw")
    device.sync()  # the street and its community
    name = f"杀同步-{uuid.uuid4().hex[:8]}"
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=name)
        session.add(compound)
        session.flush()
        session.add_all([Unit(compound_id=compound.id, building="9栋", room=f"{n:04d}",
                              owner_name=f"业主\\N\t{n}", area_m2=Decimal("66.6"))
                         for n in range(UNITS)])
        compound_id = compound.id
    before = outbox_size(device)
    engine = create_engine(sync_server.db_url, isolation_level="AUTOCOMMIT")
    locking = create_engine(sync_server.db_url)
    process, url = _start_server(sync_server.db_url)
    killed = threading.Event()
    try:
        proxy.retarget(url)
        with engine.connect() as watcher, locking.connect() as blocker:
            blocker.execute(text(f'LOCK TABLE "{table}" IN SHARE MODE'))

            def kill_in_copy() -> None:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and not killed.is_set():
                    waiting = watcher.scalar(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND query ILIKE :copy"),
                        {"copy": f'COPY "{table}"%'})
                    if waiting:
                        process.send_signal(signal.SIGKILL)
                        process.wait(timeout=10)
                        killed.set()
                    time.sleep(0.02)
                blocker.rollback()

            killer = threading.Thread(target=kill_in_copy, daemon=True)
            killer.start()
            with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
                sync(device.store, client)
            killer.join(timeout=40)
        assert killed.is_set(), "the push never waited in a COPY"
        assert outbox_size(device) == before  # nothing answered, nothing settled
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        engine.dispose()
        locking.dispose()
    proxy.retarget(sync_server.url)
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), report
    assert outbox_size(device) == 0
    with device.store.session() as session:
        local = {row_id: version for row_id, version in session.execute(
            select(Unit.id, Unit.server_version).where(Unit.compound_id == compound_id))}
        assert session.scalar(select(func.count()).select_from(Compound).where(
            Compound.name == name)) == 1
    server = create_engine(sync_server.db_url)
    try:
        with server.connect() as connection:
            stored = {str(row_id): int(version) for row_id, version in connection.execute(text(
                "SELECT u.id, r.version FROM units u JOIN server_rows r "
                "ON r.table_name = 'units' AND r.row_id = u.id WHERE u.compound_id = :c"),
                {"c": compound_id})}
            compounds = connection.scalar(text("SELECT count(*) FROM compounds WHERE name = :n"),
                                          {"n": name})
    finally:
        server.dispose()
    assert len(local) == UNITS and compounds == 1
    assert stored == local
