"""A register is parsed a column at a time (few distinct values parsed once each, mobile numbers
and plain areas checked by passes over the whole column): every column gives the same values and
the same problems, at the same rows, as adapting and parsing each cell on its own."""

from __future__ import annotations

from typing import Any

import pytest

from app.importing.fields import UNITS
from app.importing.reading import adapt_value
from app.importing.sheet import _parse_cell, _parse_column

COLUMNS: dict[str, list[Any]] = {
    "developer_unsold": ["是", "否", "也许", "", "否"] * 8,
    "is_party_member": [True, 1, 1.0, "是", 0, False] * 8,  # equal values read differently
    "area_m2": [60.0, 60.01, 88, 1e16, 75.5, 0.0, -3.0, 20000.5] * 4,
    "phone": [f"138{n:08d}" for n in range(40)],
    "owner_name": ["张伟", " 李娜 ", "", "王\x07芳", "x" * 81, None, 1201.0, "赵磊"] * 5,
    "building": ["1栋", "2栋", 3.0, "1栋", "", "2栋", "１栋", "1栋"] * 5,
    "room": [f"{n}" for n in range(40)],
}
VARIANTS: dict[str, list[Any]] = {
    "area plain": [60.0, 61.25, 88, 75.5, 99.0001] * 9,
    "area spread": [60 + n / 100 for n in range(40)],
    "area whole floats": [float(n) for n in range(60, 100)],
    "phone one bad": [*(f"139{n:08d}" for n in range(39)), "12345"],
    "phone full width": [*(f"137{n:08d}" for n in range(39)), "１３８００００００００"],
    "phone two": ["13800000000/0755-12345678", *(f"136{n:08d}" for n in range(39))],
}


def cell_by_cell(field: str, raw: list[Any]) -> tuple[list[Any], dict[int, list[tuple[str, str]]]]:
    column = UNITS.column(field)
    max_length = getattr(column.parse, "max_length", 0)
    problems: dict[int, list[tuple[str, str]]] = {}
    values = [_parse_cell(column.parse, max_length, "列", adapt_value(value), position, problems)
              for position, value in enumerate(raw)]
    return values, problems


def by_column(field: str, raw: list[Any]) -> tuple[list[Any], dict[int, list[tuple[str, str]]]]:
    problems: dict[int, list[tuple[str, str]]] = {}
    return _parse_column(UNITS.column(field), "列", list(raw), problems), problems


@pytest.mark.parametrize("field", list(COLUMNS))
def test_a_column_reads_as_its_cells(field: str) -> None:
    expected = cell_by_cell(field, COLUMNS[field])
    assert by_column(field, COLUMNS[field]) == expected
    assert [type(v) for v in by_column(field, COLUMNS[field])[0]] == [type(v) for v in expected[0]]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_columns_taking_the_quick_passes_read_as_their_cells(name: str) -> None:
    field = "area_m2" if name.startswith("area") else "phone"
    values, problems = by_column(field, VARIANTS[name])
    assert (values, problems) == cell_by_cell(field, VARIANTS[name])
    assert [str(v) for v in values] == [str(v) for v in cell_by_cell(field, VARIANTS[name])[0]]
