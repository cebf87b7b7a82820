"""Import benchmark (issue 18): the 200,000-row owners' register .xlsx imported through the app,
against its floor — python-calamine reading the same file plus one raw sqlite3 executemany of its
rows into an empty file. Goal: import ≤ 1.5× the floor. The old floor (openpyxl read-only
iteration + executemany) is measured too, for comparison with the figures before calamine, and
the schema floor: calamine reading the file plus executemany of ready-made rows into the store's
real `units` table and the one bulk outbox entry a large import writes (db.tracking) — what the
table's indexes and constraints cost at the least, whatever the import does in Python.

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

from tests.bench.bench_foundation import (
    HEADER,
    REGISTER_ROWS,
    compounds_csv,
    import_seconds,
    register_xlsx,
)
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


def schema_floor_seconds(path: Path, folder: Path) -> tuple[float, float]:
    """What no import into this store can beat: calamine reading the file, plus executemany of
    ready-made rows into the real `units` table (its three indexes, CHECK constraints and
    foreign key), the bulk outbox entry naming them, and the commit. Building the rows is not
    counted. (wall-clock seconds, CPU seconds)"""
    import json

    from python_calamine import CalamineWorkbook

    from app.importing import import_file
    from app.session import open_local_store
    from db.store import raw_connection
    from db.tracking import BULK_OP, bulk_ids

    store = open_local_store(folder / "schema-floor")
    import_file(store, compounds_csv(folder))
    compound_ids = dict(raw_connection(store.path.parent, store.path).execute(
        "SELECT name, id FROM compounds"))
    store.close()
    now = "2026-01-01 00:00:00.000000"
    cpu = time.process_time()
    with stopwatch() as elapsed:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python()[1:]
        workbook.close()
        read, read_cpu = elapsed(), time.process_time() - cpu
    ids = bulk_ids(len(rows))
    units = [(compound_ids[r[0]], r[2], r[3], r[4], f"h{n:020x}", f"{r[5]:.2f}", r[7] == "是",
              r[6], ids[n], now, "", None, None, 0, True) for n, r in enumerate(rows)]
    outbox = [(len(ids), bulk_ids(1)[0], "units", ids[0], BULK_OP, len(ids),
               json.dumps({"ids": ids}, separators=(",", ":")), "", now)]
    connection = raw_connection(store.path.parent, store.path)  # keyed like the store itself
    connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL",
                   "cache_size=-131072"):
        connection.execute(f"PRAGMA {pragma}")
    cpu = time.process_time()
    with stopwatch() as elapsed:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO units (compound_id, building, room, owner_name, owner_key, area_m2, "
            "developer_unsold, phone, id, updated_at, updated_by, deleted_at, deleted_by, "
            "server_version, dirty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", units)
        connection.executemany(
            "INSERT INTO outbox (seq, op_id, table_name, row_id, op, base_version, fields_json, "
            "actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", outbox)
        connection.execute("COMMIT")
        write, write_cpu = elapsed(), time.process_time() - cpu
    connection.close()
    return read + write, read_cpu + write_cpu


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
        schema, schema_cpu = schema_floor_seconds(path, folder)
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
        Figure("floor, CPU time", floor_cpu, "s"),
        Figure("schema floor: calamine read + executemany into units, bulk outbox entry", schema,
               "s", floor=floor, goal="what the store's indexes and checks cost at the least"),
        Figure("schema floor, CPU time", schema_cpu, "s", floor=floor_cpu),
        Figure("old floor: openpyxl read-only + raw executemany", old_floor, "s"),
    ]
