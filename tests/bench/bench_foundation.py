"""Foundation benchmarks: large demo generation, and importing a 200,000-row owners' register
.xlsx against its floor (openpyxl read-only iteration of the file + one raw sqlite3 executemany of
its rows into an empty file). Goal: import ≤ 1.5× the floor."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from tests.bench.common import CACHE_DIR, Figure, stopwatch

REGISTER_ROWS = 200_000
IMPORT_ONLY = "COMPOUND_DESK_BENCH_IMPORT_ONLY"
COMPOUNDS = 200
HEADER = ["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积", "联系电话", "开发商未售"]


def register_xlsx() -> Path:
    """The 200,000-row register, generated once (openpyxl write-only) and cached."""
    path = CACHE_DIR / f"register-{REGISTER_ROWS}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("业主名册")
    sheet.append(HEADER)
    per_compound = REGISTER_ROWS // COMPOUNDS
    for n in range(REGISTER_ROWS):
        compound, k = divmod(n, per_compound)
        sheet.append([f"基准小区{compound:03d}", "基准社区", f"{k % 20 + 1}栋", f"{k // 20 + 101}",
                      f"业主{n}", round(60 + (n % 9000) / 100, 2), f"138{n:08d}",
                      "是" if n % 97 == 0 else "否"])
    partial = path.with_suffix(".partial")
    workbook.save(partial)
    partial.replace(path)
    return path


def compounds_csv(folder: Path) -> Path:
    path = folder / "compounds.csv"
    lines = ["街道,社区,小区名称"] + [f"坂田,基准社区,基准小区{c:03d}" for c in range(COMPOUNDS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def floor_seconds(path: Path, folder: Path) -> float:
    """openpyxl read-only iteration of the file + one raw executemany of its rows."""
    from openpyxl import load_workbook

    with stopwatch() as elapsed:
        workbook = load_workbook(path, read_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
        workbook.close()
        connection = sqlite3.connect(folder / "floor.sqlite3")
        connection.execute(f"CREATE TABLE units ({', '.join(f'c{i}' for i in range(len(HEADER)))})")
        with connection:
            connection.executemany(f"INSERT INTO units VALUES ({', '.join('?' * len(HEADER))})", rows)
        connection.close()
        return elapsed()


def import_seconds(path: Path, folder: Path) -> float:
    from app.importing import import_file
    from app.session import open_local_store

    store = open_local_store(folder / "store")
    try:
        import_file(store, compounds_csv(folder))
        with stopwatch() as elapsed:
            outcome = import_file(store, path)
            seconds = elapsed()
        assert outcome.inserted["units"] == REGISTER_ROWS
    finally:
        store.close()
    return seconds


def demo_seconds(folder: Path) -> float:
    from app.demo import generate
    from app.session import open_local_store

    store = open_local_store(folder / "demo")
    try:
        with stopwatch() as elapsed:
            generate(store, size="large")
            return elapsed()
    finally:
        store.close()


def import_figures(folder: Path) -> list[Figure]:
    """The import figure and its floor (measured in the same run, so both see the same machine)."""
    path = register_xlsx()
    floor = floor_seconds(path, folder)
    seconds = import_seconds(path, folder)
    return [
        Figure("import 200,000-row owners' register .xlsx", seconds, "s", floor=floor,
               goal="≤ 1.5× floor"),
        Figure("import 200,000-row owners' register .xlsx (rate)", REGISTER_ROWS / seconds,
               "rows/s"),
        Figure("floor: openpyxl read-only + raw executemany", REGISTER_ROWS / floor, "rows/s"),
    ]


def run() -> list[Figure]:
    """Both figures; COMPOUND_DESK_BENCH_IMPORT_ONLY=1 skips the (slow) demo generation."""
    folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-foundation-"))
    figures: list[Figure] = []
    try:
        if not os.environ.get(IMPORT_ONLY):
            figures.append(Figure("large demo generation (2,000 compounds, 200,000 units)",
                                  demo_seconds(folder), "s", goal="under ~60 s"))
        figures += import_figures(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures
