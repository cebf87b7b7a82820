"""The .xlsx reader gives the same cell values as openpyxl's own read-only iteration, for sheets
written with shared strings (Excel, WPS) and with inline strings (openpyxl write-only, exporters),
rich text, numbers, booleans, dates and formulas included."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from app.importing.reading import read_rows

ROWS: list[list[Any]] = [
    ["业主名册"],
    [],
    ["小区名称", " 楼栋 ", None, "房号"],
    [1.5, True, datetime(2024, 3, 1, 12, 0), date(2023, 1, 2), "=1+2", 1201,
     CellRichText(["普通", TextBlock(InlineFont(b=True), "粗体"), " 尾 "]), ""],
]


def openpyxl_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    """Non-blank rows as openpyxl's read-only iteration gives them, trailing blanks dropped."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1))
    finally:
        workbook.close()
    return [(number, trimmed) for number, values in rows if (trimmed := trim(values))]


def trim(values: tuple[Any, ...]) -> tuple[Any, ...]:
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline-strings"])
def test_xlsx_rows_match_openpyxl(tmp_path: Path, write_only: bool) -> None:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("名册") if write_only else workbook.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    ours = [(number, trim(values)) for number, values in read_rows(path)]
    assert ours == openpyxl_rows(path)
    assert ours[-1][1][6] == "普通粗体 尾 " and ours[1] == (3, ("小区名称", " 楼栋 ", None, "房号"))
