"""A process killed with SIGKILL in the middle of a large import leaves a sound store holding none
of that import (the import is one transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.models import Unit
from db.store import STORE_FILENAME, Store, open_store
from tests.foundation.conftest import write_csv
from tests.helpers.cli import ROOT

ROWS = 80_000
WAL_WRITING = 2 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_import(with_compounds: Store, tmp_path: Path) -> None:
    from app.integrity import check_store
    from tests.foundation.test_import import count

    rows = [["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积"]]
    rows += [["第五园", "五和社区", f"{n % 60 + 1}栋", f"{n // 60 + 1:04d}", f"业主{n}", "88.80"]
             for n in range(ROWS)]
    path = write_csv(tmp_path / "big.csv", rows)
    data_dir = with_compounds.path.parent
    with_compounds.close()
    wal = Path(f"{data_dir / STORE_FILENAME}-wal")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), "import", str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Wait until the import is writing its transaction (uncommitted pages spill to the WAL).
        while process.poll() is None and not (wal.exists() and wal.stat().st_size > WAL_WRITING):
            time.sleep(0.005)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    store = open_store(data_dir)
    try:
        report = check_store(store.engine)
        assert report.ok, report.findings
        assert count(store, Unit) == 0
        assert report.counts["compounds"] == 3
    finally:
        store.close()
