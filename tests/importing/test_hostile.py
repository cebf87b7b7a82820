"""A hostile file set (issue 18): a workbook whose two cells lie 17 billion cells apart (calamine
would make room for all of them and abort the process), formula cells, 1e999, a 98,000,000 m²
flat, control characters, an .xls under an .xlsx name, an empty workbook and a five-sheet
workbook with no header it knows. Each is one clear Chinese message (or, for the .xls and the
control characters, an import that reads them right), and a refused file changes nothing."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from app.errors import BadInput
from app.importing import import_file
from app.importing.limits import MAX_SHEET_CELLS
from db.store import Store
from tests.importing.conftest import dump, write_csv, xls, xlsx

HEADER = ["小区名称", "楼栋", "房号", "业主", "建筑面积"]
CJK = re.compile("[\u4e00-\u9fff]")


def refused(store: Store, path: Path) -> str:
    """The message of a refused import, after checking it is one Chinese line (the first line
    of a list of problems) and that the store is as it was."""
    before = dump(store.path.parent)
    with pytest.raises(BadInput) as caught:
        import_file(store, path)
    assert dump(store.path.parent) == before
    message = str(caught.value)
    assert CJK.search(message.splitlines()[0]) and "Traceback" not in message
    return message


def far_apart(path: Path) -> Path:
    """An .xlsx of two cells, A1 and XFD1048576 (a dimension that says so, too)."""
    source = xlsx(path.with_suffix(".src.xlsx"), {"名册": [HEADER, ["第五园", "1栋", "101", "甲", 80]]})
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data).replace(
                    b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>').replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t>'
                                     b"</is></c></row></sheetData>")
            out.writestr(item, data)
    return path


def test_cells_far_apart_are_refused_before_calamine_reads_them(
        with_compounds: Store, tmp_path: Path) -> None:
    message = refused(with_compounds, far_apart(tmp_path / "远.xlsx"))
    assert "1,048,576 行 × 16,384 列" in message and f"{MAX_SHEET_CELLS:,}" in message


def rewritten(path: Path, change: Any) -> Path:
    """A one-row register .xlsx whose sheet XML is passed through `change` (bytes → bytes)."""
    source = xlsx(path.with_suffix(".src.xlsx"), {"名册": [HEADER, ["第五园", "1栋", "101", "甲", 80]]})
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = change(re.sub(rb'<dimension ref="[^"]*"/>', b"", data))
            out.writestr(item, data)
    return path


FAR_CELLS = {
    # calamine reads a reference in lower case, of any number of letters, in single quotes,
    # spaced, after other attributes, and a cell tag under any namespace prefix.
    "lower-case": b'<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "four-letters": b'<row r="900000"><c r="ZZZZ900000" t="inlineStr"><is><t>x</t></is></c></row>',
    "single-quotes": b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaced": b'<row r="1048576"><c t="inlineStr"  r = "XFD1048576"><is><t>x</t></is></c></row>',
    "prefixed": b'<row r="1048576"><y:c xmlns:y="urn:y" r="XFD1048576" t="inlineStr"><y:is>'
                b"<y:t>x</y:t></y:is></y:c></row>",
    "no-reference": b'<row r="1048576">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 30 + b"</row>",
}


@pytest.mark.parametrize("name", list(FAR_CELLS))
def test_far_cells_written_any_way_calamine_reads_are_refused(
        with_compounds: Store, tmp_path: Path, name: str) -> None:
    path = rewritten(tmp_path / "远.xlsx",
                     lambda data: data.replace(b"</sheetData>", FAR_CELLS[name] + b"</sheetData>"))
    assert f"{MAX_SHEET_CELLS:,}" in refused(with_compounds, path)


def test_cells_without_references_are_read_where_calamine_puts_them(
        with_compounds: Store, tmp_path: Path) -> None:
    """A writer that leaves out the cells' references: read in one piece, each cell in the
    column after the one before."""
    path = rewritten(tmp_path / "无引用.xlsx", lambda data: re.sub(rb' r="[A-Z]+[0-9]+"', b"", data))
    assert import_file(with_compounds, path).inserted["units"] == 1


def test_the_largest_real_shape_is_not_refused(with_compounds: Store, tmp_path: Path) -> None:
    """A register 30 columns wide with a note in column AD: within the limit, imported."""
    rows: list[list[Any]] = [[*HEADER, *[f"备注{i}" for i in range(25)]],
                             ["第五园", "9栋", "901", "甲", 90, *range(25)]]
    assert import_file(with_compounds, xlsx(tmp_path / "宽.xlsx", {"名册": rows})).inserted["units"] == 1


def test_formula_cells_without_a_computed_value_are_blank_cells(
        with_compounds: Store, tmp_path: Path) -> None:
    """A formula written by a program (never computed by Excel or WPS) has no value to read."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["第五园", "1栋", "101", '=HYPERLINK("http://x","甲")', "=1+1"])
    workbook.save(tmp_path / "公式.xlsx")
    message = refused(with_compounds, tmp_path / "公式.xlsx")
    assert "行 2，列「业主」：此项必填，但单元格是空的" in message


@pytest.mark.parametrize(("area", "expected"), [
    ("1e999", "「1e999」位数过多或数量级不合理"),
    (98_000_000, "「98000000」超出合理范围（0.0001–20000 ㎡）"),
    ("98,000,000", "「98,000,000」超出合理范围"),
    ("-80", "是负数，面积不能为负"),
    ("NaN", "不是非负的数"),
])
def test_implausible_areas_are_one_message(
        with_compounds: Store, tmp_path: Path, area: Any, expected: str) -> None:
    rows = [HEADER, ["第五园", "1栋", "101", "甲", area]]
    message = refused(with_compounds, xlsx(tmp_path / "面积.xlsx", {"名册": rows}))
    assert message.startswith("面积.xlsx：行 2，列「建筑面积」：") and expected in message


def test_control_characters_never_reach_the_store(with_compounds: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "控制.csv", [HEADER, ["第五园", "1栋", "101", "\x1b[31m甲\x07\u202e", "80"]])
    import_file(with_compounds, path)
    stored = [line for line in dump(with_compounds.path.parent) if "[31m甲" in line]
    assert stored and not any(c in line for line in stored for c in "\x1b\x07\u202e")


def test_an_xls_under_an_xlsx_name_is_read_as_what_it_is(
        with_compounds: Store, tmp_path: Path) -> None:
    real = xls(tmp_path / "real.xls", {"名册": [HEADER, ["第五园", "1栋", "101", "甲", 80]]})
    renamed = tmp_path / "改名.xlsx"
    shutil.copy(real, renamed)
    assert import_file(with_compounds, renamed).inserted["units"] == 1


def test_an_empty_workbook_is_one_message(with_compounds: Store, tmp_path: Path) -> None:
    Workbook().save(tmp_path / "空.xlsx")
    assert refused(with_compounds, tmp_path / "空.xlsx") == "空.xlsx：文件是空的（没有表头，也没有数据）"


def test_five_sheets_without_a_known_header_are_one_message(
        with_compounds: Store, tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {f"表{i}": [["甲", "乙", "丙"], [1, 2, 3]] for i in range(1, 6)}
    message = refused(with_compounds, xlsx(tmp_path / "五表.xlsx", sheets))
    assert message.startswith("五表.xlsx：工作表「表1」、「表2」、「表3」、「表4」、「表5」都没有可识别的表头")
    assert "业主名册：小区名称、楼栋、房号、业主、建筑面积" in message


def long_sheet(path: Path, far_at: int) -> Path:
    """An .xlsx whose one sheet unpacks to 1.3 MB of like rows (so packed that the first piece
    unpacked is a whole 1 MB), with a far cell (XFD1048576) whose tag starts `far_at` bytes into
    the sheet's XML."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row>' * 33_000
    far = b'<c r="XFD1048576"><v>1</v></c>'
    cut = rows.rindex(b"<row", 0, far_at - len(head) - 5)  # whole row elements before the cell
    padding = b"<row>" + b" " * (far_at - len(head) - cut - 5)
    body = head + rows[:cut] + padding + far + b"</row>" + rows[cut:] + b"</sheetData></worksheet>"
    assert body.index(far) == far_at
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", body)
    return path


@pytest.mark.parametrize("offset", [-80, -64, -63, -40, -20, -5, -2, -1, 0, 1, 20])
def test_a_far_cell_where_the_sheet_is_unpacked_in_pieces_is_refused(tmp_path: Path,
                                                                      offset: int) -> None:
    """The sheet check unpacks a large sheet a piece at a time: a far cell cut by the end of a
    piece (1 MB) is still seen whole."""
    from app.importing.limits import STREAM_OUTPUT, check_sheet_extent

    path = long_sheet(tmp_path / "长.xlsx", STREAM_OUTPUT + offset)
    with pytest.raises(BadInput, match=f"{MAX_SHEET_CELLS:,}"):
        check_sheet_extent(path)
