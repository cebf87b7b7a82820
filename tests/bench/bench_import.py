"""Import benchmark (issue 18): the 200,000-row owners' register .xlsx imported through the app,
against its floor — python-calamine reading the same file plus one raw executemany of its rows.
Goal: import ≤ 1.5× the floor.

The floor writes where the import writes, so the ratio compares like with like: into the real
`units` table (primary key, two more indexes, CHECK constraints, foreign key) of a store of the
same kind — SQLCipher keyed as the app keys it, or plaintext for both when
COMPOUND_DESK_BENCH_PLAINTEXT=1 — on a connection with the store's pragmas and the page cache the
import asks for, committing as the import does. Its rows are made ready before the clock starts,
as a raw writer would bind them (text and integers; the columns that stay NULL left out), and the
cycle collector is paused as during an import: the floor counts reading, one executemany and the
commit, nothing else — the least any import into this store can take.

Also reported: the issue's literal floor before it was made like for like (`plain floor`: the same
read plus an executemany of the file's raw rows into an empty plaintext table of eight untyped
columns, what the figures up to December 2026 were against), and — on request, it takes some 25 s
(COMPOUND_DESK_BENCH_OPENPYXL=1) — the openpyxl floor of the very first figures. Wall-clock and CPU
seconds of this process are both given: on a shared machine the CPU ratio is the steadier.

`python -m tests.bench import`
"""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.bench_foundation import HEADER, REGISTER_ROWS, compounds_csv, register_xlsx
from tests.bench.common import Figure, stopwatch

OPENPYXL_ENV = "COMPOUND_DESK_BENCH_OPENPYXL"
# The store's own pragmas (db/engine.py) and the page cache the import asks for (app/importing).
STORE_PRAGMAS = ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=5000",
                 "cache_size=-131072")
UNIT_COLUMNS = ("compound_id", "building", "room", "owner_name", "owner_key", "area_m2",
                "developer_unsold", "phone", "id", "updated_at", "updated_by", "server_version",
                "dirty")


@contextmanager
def measured() -> Iterator[Callable[[], tuple[float, float]]]:
    """`with measured() as spent:` … `spent()` gives (wall-clock, CPU) seconds since entry; the
    cycle collector is paused meanwhile, as it is during an import."""
    was_enabled = gc.isenabled()
    gc.disable()
    cpu = time.process_time()
    try:
        with stopwatch() as elapsed:
            yield lambda: (elapsed(), time.process_time() - cpu)
    finally:
        if was_enabled:
            gc.enable()


def calamine_rows(path: Path) -> list[list[Any]]:
    """The first sheet's rows below the header, as python-calamine gives them."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[Any]] = workbook.get_sheet_by_index(0).to_python()[1:]
    finally:
        workbook.close()
    return rows


def floor_seconds(path: Path, folder: Path) -> tuple[float, float]:
    """calamine reading the file + one executemany of its rows into the store's `units` table
    and the commit (see the module docstring): (wall-clock seconds, CPU seconds)."""
    from app.importing import import_file
    from app.session import open_local_store
    from db.store import raw_connection
    from db.tracking import bulk_ids

    store = open_local_store(folder / "floor")  # migrated: the real tables, indexes and checks
    import_file(store, compounds_csv(folder))
    store.close()
    connection = raw_connection(store.path.parent, store.path)  # keyed like the store itself
    connection.isolation_level = None
    for pragma in STORE_PRAGMAS:
        connection.execute(f"PRAGMA {pragma}")
    compound_ids = dict(connection.execute("SELECT name, id FROM compounds"))
    with measured() as spent:
        rows = calamine_rows(path)
        read, read_cpu = spent()
    ids = bulk_ids(len(rows))
    now = "2026-01-01 00:00:00.000000"
    units = [(compound_ids[r[0]], r[2], r[3], r[4], f"h{n:020x}", f"{r[5]:.2f}", int(r[7] == "是"),
              r[6], ids[n], now, "", 0, 1) for n, r in enumerate(rows)]
    del rows
    insert = (f"INSERT INTO units ({', '.join(UNIT_COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(UNIT_COLUMNS))})")
    try:
        with measured() as spent:
            connection.execute("BEGIN")
            connection.executemany(insert, units)
            connection.execute("COMMIT")
            write, write_cpu = spent()
        (count,) = connection.execute("SELECT count(*) FROM units").fetchone()
        assert count == REGISTER_ROWS
    finally:
        connection.close()
    return read + write, read_cpu + write_cpu


def import_seconds(path: Path, folder: Path) -> tuple[float, float]:
    """The register imported through the app into a new store holding its 200 compounds:
    (wall-clock seconds, CPU seconds) of the import alone — not the store's creation."""
    from app.importing import import_file
    from app.session import open_local_store

    store = open_local_store(folder / "store")
    try:
        import_file(store, compounds_csv(folder))
        cpu = time.process_time()
        with stopwatch() as elapsed:
            outcome = import_file(store, path)
            seconds = elapsed()
        spent = time.process_time() - cpu
        assert outcome.inserted["units"] == REGISTER_ROWS
    finally:
        store.close()
    return seconds, spent


def _plain_executemany(rows: Sequence[Sequence[Any]], path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"CREATE TABLE units ({', '.join(f'c{i}' for i in range(len(HEADER)))})")
    with connection:
        connection.executemany(f"INSERT INTO units VALUES ({', '.join('?' * len(HEADER))})", rows)
    connection.close()


def plain_floor_seconds(path: Path, folder: Path) -> tuple[float, float]:
    """calamine reading the file + one executemany of its raw rows into an empty plaintext
    table: (wall-clock seconds, CPU seconds)."""
    with measured() as spent:
        _plain_executemany(calamine_rows(path), folder / "plain-floor.sqlite3")
        return spent()


def openpyxl_floor_seconds(path: Path, folder: Path) -> float:
    from openpyxl import load_workbook

    with stopwatch() as elapsed:
        workbook = load_workbook(path, read_only=True)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)][1:]
        workbook.close()
        _plain_executemany(rows, folder / "openpyxl-floor.sqlite3")
        return elapsed()


def run() -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-import-"))
    try:
        path = register_xlsx()
        path.read_bytes()  # the file in the system's cache before anything is timed
        plain, plain_cpu = plain_floor_seconds(path, folder)
        floor, floor_cpu = floor_seconds(path, folder)
        seconds, import_cpu = import_seconds(path, folder)
        old_floor = openpyxl_floor_seconds(path, folder) if os.environ.get(OPENPYXL_ENV) else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    kind = "plaintext" if os.environ.get("COMPOUND_DESK_BENCH_PLAINTEXT") == "1" else "SQLCipher"
    figures = [
        Figure("import 200,000-row owners' register .xlsx (calamine)", seconds, "s", floor=floor,
               goal="≤ 1.5× floor (was 20.6 s)"),
        Figure("import 200,000-row register (rate)", REGISTER_ROWS / seconds, "rows/s"),
        Figure("import, CPU time of the process", import_cpu, "s", floor=floor_cpu,
               goal="ratio steadier than wall-clock on a shared machine"),
        Figure(f"floor: calamine read + executemany into units ({kind})", floor, "s"),
        Figure("floor, CPU time", floor_cpu, "s"),
        Figure("import against the plain floor (empty plaintext table)", seconds, "s",
               floor=plain),
        Figure("plain floor: calamine read + raw executemany", plain, "s"),
        Figure("plain floor, CPU time", plain_cpu, "s"),
    ]
    if old_floor is not None:
        figures.append(Figure("old floor: openpyxl read-only + raw executemany", old_floor, "s"))
    return figures
