"""Import benchmark (issue 18): the 200,000-row owners' register .xlsx imported through the app,
against its floor — python-calamine reading the same file plus one raw sqlite3 executemany of its
rows into an empty file. Goal: import ≤ 1.5× the floor. The old floor (openpyxl read-only
iteration + executemany) is measured too, for comparison with the figures before calamine.

`python -m tests.bench import`
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench.bench_foundation import HEADER, REGISTER_ROWS, import_seconds, register_xlsx
from tests.bench.common import Figure, stopwatch


def _executemany(rows: Sequence[Sequence[Any]], folder: Path, name: str) -> None:
    connection = sqlite3.connect(folder / name)
    connection.execute(f"CREATE TABLE units ({', '.join(f'c{i}' for i in range(len(HEADER)))})")
    with connection:
        connection.executemany(f"INSERT INTO units VALUES ({', '.join('?' * len(HEADER))})", rows)
    connection.close()


def calamine_floor_seconds(path: Path, folder: Path) -> tuple[float, float]:
    """python-calamine reading the first sheet + one raw executemany of its rows: (wall-clock
    seconds, CPU seconds of this process — steadier on a shared machine)."""
    from python_calamine import CalamineWorkbook

    cpu = time.process_time()
    with stopwatch() as elapsed:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python()[1:]
        workbook.close()
        _executemany(rows, folder, "calamine-floor.sqlite3")
        return elapsed(), time.process_time() - cpu


def openpyxl_floor_seconds(path: Path, folder: Path) -> float:
    from openpyxl import load_workbook

    with stopwatch() as elapsed:
        workbook = load_workbook(path, read_only=True)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)][1:]
        workbook.close()
        _executemany(rows, folder, "openpyxl-floor.sqlite3")
        return elapsed()


def run() -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-import-"))
    try:
        path = register_xlsx()
        floor, floor_cpu = calamine_floor_seconds(path, folder)
        cpu = time.process_time()
        seconds = import_seconds(path, folder)
        import_cpu = time.process_time() - cpu  # includes importing 200 compounds first (~0.1 s)
        old_floor = openpyxl_floor_seconds(path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure("import 200,000-row owners' register .xlsx (calamine)", seconds, "s", floor=floor,
               goal="≤ 1.5× floor (was 20.6 s)"),
        Figure("import 200,000-row register (rate)", REGISTER_ROWS / seconds, "rows/s"),
        Figure("import, CPU time of the process", import_cpu, "s", floor=floor_cpu,
               goal="ratio steadier than wall-clock on a shared machine"),
        Figure("floor: calamine read + raw executemany", floor, "s"),
        Figure("old floor: openpyxl read-only + raw executemany", old_floor, "s"),
    ]
