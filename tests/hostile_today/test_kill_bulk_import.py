"""`kill -9` of a process in the middle of a bulk import (≥ 1,000 rows, on its newly opened
connection): the store opens afterwards sound, with none of that import (killed with its pages
already spilled into the WAL, before the commit) or all of it (killed right after the commit,
before any checkpoint) — and the next sync of that store works, on SQLite and PostgreSQL
servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.integrity import check_store
from db.models import Compound, OutboxEntry, Unit
from db.store import STORE_FILENAME, Store, open_store
from db.tracking import BULK_OP
from tests.foundation.conftest import write_csv
from tests.helpers.cli import ROOT
from tests.sync.conftest import Device, SyncServer, add_compounds, open_device

ROWS = 3000
MakeDevice = Callable[[str], Device]


def _register(path: Path, compound: str) -> Path:
    rows = [["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积"]]
    rows += [[compound, "坂田社区", f"{n % 30 + 1}栋", f"{n // 30 + 101}", f"业主{n}", "75.50"]
             for n in range(ROWS)]
    return write_csv(path, rows)


def _import_and_kill(data_dir: Path, path: Path, where: str) -> int:
    """Run the import in its own process, SIGKILL it where it stops; the WAL's size then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile_today.import_child", str(data_dir), str(path), where],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        said = process.stdout.readline().strip()
        if not said:
            raise AssertionError(f"the import stopped early: {process.communicate(timeout=30)}")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    wal = data_dir / f"{STORE_FILENAME}-wal"
    return wal.stat().st_size if wal.exists() else 0


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as session:
        return (int(session.scalar(select(func.count()).select_from(Unit)) or 0),
                int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0),
                int(session.scalar(select(func.count()).select_from(OutboxEntry).where(
                    OutboxEntry.op == BULK_OP)) or 0))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_mid_bulk_import_then_sync(sync_server: SyncServer, make_device: MakeDevice,
                                        tmp_path: Path) -> None:
    data_dir = tmp_path / "device"
    device = open_device(data_dir, sync_server, "cw")
    device.sync()  # the street and its community
    (compound,) = add_compounds(device, 1, prefix="被杀导入")
    assert device.sync().refused == 0
    device.store.close()
    path = _register(tmp_path / "register.csv", compound)

    # Killed with the transaction's pages in the WAL, uncommitted: none of it.
    wal_size = _import_and_kill(data_dir, path, "before_commit")
    assert wal_size > 256 * 1024, "the uncommitted rows did not reach the WAL"
    store = open_store(data_dir, actor="cw")
    try:
        report = check_store(store.engine)
        assert report.ok, report.findings
        assert _counts(store) == (0, 0, 0)
    finally:
        store.close()

    # Killed right after the commit, before any checkpoint: all of it.
    _import_and_kill(data_dir, path, "after_commit")
    store = open_store(data_dir, actor="cw")
    device = Device("cw", data_dir, store)
    try:
        report = check_store(store.engine)
        assert report.ok, report.findings
        units, _outbox, bulk = _counts(store)
        assert (units, bulk) == (ROWS, 1)
        # The next sync sends every imported row and settles the outbox.
        sent = device.sync()
        assert sent.refused == 0 and sent.conflicts == 0 and sent.pushed >= ROWS, sent
        assert _counts(store)[1] == 0
    finally:
        store.close()
    other = make_device("cw2")
    with other.store.session() as session:
        received = session.scalar(select(func.count()).select_from(Unit).join(Compound).where(
            Compound.name == compound))
    assert received == ROWS
