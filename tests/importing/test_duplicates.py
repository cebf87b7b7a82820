"""Two rows for one unit in a new register are left to the table's unique index (no set of
200,000 keys built in Python): when it refuses, every such row is named, in row order, and
nothing is written — a dry run and a store already holding units say the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importing import ImportProblems, import_file
from db.store import Store
from tests.importing.conftest import dump, write_csv

HEADER = ["小区名称", "楼栋", "房号", "业主", "建筑面积"]


def register(path: Path, rows: int, duplicates: dict[int, int]) -> Path:
    """`rows` units of 第五园; row `n` of `duplicates` (0-based) repeats the room of row `m`."""
    body = [["第五园", f"{n // 100 + 1}栋", f"{n % 100 + 101}", f"业主{n}", "80"] for n in range(rows)]
    for n, m in duplicates.items():
        body[n][1:3] = body[m][1:3]
    return write_csv(path, [HEADER, *body])


@pytest.mark.parametrize("rows", [3, 1_200])  # per-row outbox entries, and one bulk entry
@pytest.mark.parametrize("dry_run", [False, True])
def test_second_rows_for_a_unit_are_each_named_and_nothing_is_written(
        with_compounds: Store, tmp_path: Path, rows: int, dry_run: bool) -> None:
    path = register(tmp_path / "名册.csv", rows, {2: 0} if rows == 3 else {900: 5, 1_100: 5})
    before = dump(with_compounds.path.parent)
    with pytest.raises(ImportProblems) as caught:
        import_file(with_compounds, path, dry_run=dry_run)
    expected = [(4, "第五园 1栋 101 与第 2 行重复")] if rows == 3 else [
        (902, "第五园 1栋 106 与第 7 行重复"), (1_102, "第五园 1栋 106 与第 7 行重复")]
    assert [(p.row, p.message) for p in caught.value.problems.cells] == expected
    assert dump(with_compounds.path.parent) == before


def test_second_rows_are_left_out_when_only_valid_rows_are_imported(
        with_compounds: Store, tmp_path: Path) -> None:
    outcome = import_file(with_compounds, register(tmp_path / "名册.csv", 1_200, {900: 5}),
                          only_valid_rows=True)
    assert outcome.inserted["units"] == 1_199 and outcome.skipped_rows == 1


def test_a_register_of_a_compound_with_units_still_finds_them(
        with_compounds: Store, tmp_path: Path) -> None:
    import_file(with_compounds, register(tmp_path / "一.csv", 3, {}))
    with pytest.raises(ImportProblems) as caught:
        import_file(with_compounds, register(tmp_path / "二.csv", 1_200, {900: 5}))
    assert [p.row for p in caught.value.problems.cells] == [902]
