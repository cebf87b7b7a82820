"""Every format caseworkers receive is read the same way: .xlsx, .xls, .xlsb, .ods and GB18030 CSV, with a
title above the header, merged cells, numbers stored as floats, full-width digits, trailing blank
rows, real date cells, several sheets in one workbook, and an .xlsx saved under an .xls name."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.importing import import_file
from app.importing.reading import read_rows, read_sheets
from db.models import Compound, Unit
from db.store import Store
from tests.importing.conftest import WRITERS, csv_file, dump, ods, xlsb, xlsx

ID_NUMBER = "440301199001011234"
REGISTER: list[list[Any]] = [
    ["第五园业主名册（2025 年 3 月）", None, None, None, None, None, None],
    [],
    ["小区名称", "楼栋", "房号", "产权人姓名", "建筑面积（㎡）", "联系电话", "证件号码"],
    ["第五园", "1栋", 1201, "张伟", 89.37, "13800000001", ID_NUMBER],
    ["第五园", "1栋", 1202, "李娜", 90, "0755-26001234", "440301198502021111"],
    ["第五园", "2栋", "0301", "王芳", "１２０.５", "１３９００００００００", ""],
    [],
    [None, None, None, None, None, None, None],
]
# The title merged across the sheet, and 小区名称 / 楼栋 merged down rows 4–5 (as registers do).
MERGES = [(1, 1, 1, 7), (4, 1, 5, 1), (4, 2, 5, 2)]


def merged_register() -> list[list[Any]]:
    """REGISTER as a merging spreadsheet stores it: covered cells are empty."""
    rows = [list(r) for r in REGISTER]
    rows[4][0] = rows[4][1] = None
    return rows


def units(store: Store) -> dict[tuple[str, str], Unit]:
    with store.session() as session:
        return {(u.building, u.room): u for u in session.scalars(select(Unit))}


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".xlsb", ".ods", ".csv"])
def test_register_reads_the_same_from_every_format(
        with_compounds: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"业主名册{suffix}"
    if suffix in (".xlsx", ".xls"):
        WRITERS[suffix](path, {"名册": merged_register()}, MERGES)
    elif suffix == ".ods":  # calamine reports no merged ranges for .ods: the cells are filled
        ods(path, {"名册": REGISTER})
    elif suffix == ".xlsb":  # built record by record (no writer): no merged ranges either
        xlsb(path, {"名册": REGISTER})
    else:
        csv_file(path, {"名册": REGISTER})
    outcome = import_file(with_compounds, path)
    assert outcome.kind == "units" and outcome.inserted["units"] == 3
    assert outcome.withheld_headers == ["证件号码"]
    found = units(with_compounds)
    assert set(found) == {("1栋", "1201"), ("1栋", "1202"), ("2栋", "0301")}
    assert found[("1栋", "1201")].area_m2 == Decimal("89.37")
    assert found[("1栋", "1201")].owner_name == "张伟"
    assert found[("1栋", "1202")].area_m2 == Decimal("90")
    assert found[("2栋", "0301")].area_m2 == Decimal("120.5")
    assert found[("2栋", "0301")].phone == "13900000000"
    stored = "\n".join(dump(with_compounds.path.parent))
    assert ID_NUMBER not in stored and "440301198502021111" not in stored


def test_the_adapter_gives_ints_nones_dates_and_sheet_row_numbers(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["标题"], [], ["小区名称", "户数", "面积", "交付日期", "空"],
        ["第五园", 1200.0, 88.5, date(2024, 3, 1), ""],
        [None, None, None, None, None], [], [None, 7, None, None, None],
    ]
    expected = [(1, ("标题",)), (3, ("小区名称", "户数", "面积", "交付日期", "空")),
                (4, ("第五园", 1200, 88.5, date(2024, 3, 1))), (7, (None, 7))]
    for suffix, writer in WRITERS.items():
        path = writer(tmp_path / f"a{suffix}", {"表": rows})
        got = list(read_rows(path))
        dates = [v for _, values in got for v in values if isinstance(v, date)]
        assert dates and all(d == date(2024, 3, 1) for d in dates), suffix
        normalised = [(n, tuple(v.date() if isinstance(v, datetime) else v for v in values))
                      for n, values in got]
        assert normalised == expected, suffix
        assert isinstance(got[2][1][1], int), suffix


def test_merged_header_cell_is_read_in_every_column_it_covers(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["小区名称", "楼栋", None, "建筑面积"], ["第五园", "1栋", "101", 80]]
    path = xlsx(tmp_path / "m.xlsx", {"表": rows}, [(1, 2, 1, 3)])
    assert next(iter(read_rows(path))) == (1, ("小区名称", "楼栋", "楼栋", "建筑面积"))


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_merged_cells_from_every_writer_import_as_the_sender_meant(
        with_compounds: Store, tmp_path: Path, suffix: str) -> None:
    """A title merged across the top, a header cell merged over two columns, and the compound
    and building cells merged down their rooms — as property companies send registers. .ods
    merges come from content.xml (calamine gives none for .ods)."""
    rows: list[list[Any]] = [
        ["第五园业主名册", None, None, None, None, None],
        ["小区名称", "楼栋", "房号", "业主", "建筑面积", None],
        ["第五园", "7栋", "101", "甲", 80.5, None],
        [None, None, "102", "乙", 81, None],
        [None, None, "103", "丙", 82, None],
    ]
    merges = [(1, 1, 1, 6), (2, 5, 2, 6), (3, 1, 5, 1), (3, 2, 5, 2)]
    path = WRITERS[suffix](tmp_path / f"merged{suffix}", {"名册": rows}, merges)
    header = list(read_rows(path))[1]
    assert header == (2, ("小区名称", "楼栋", "房号", "业主", "建筑面积", "建筑面积")), suffix
    outcome = import_file(with_compounds, path)
    assert outcome.inserted["units"] == 3, suffix
    got = {key: (unit.owner_name, unit.area_m2) for key, unit in units(with_compounds).items()
           if key[0] == "7栋"}
    assert got == {("7栋", "101"): ("甲", Decimal("80.5")), ("7栋", "102"): ("乙", Decimal(81)),
                   ("7栋", "103"): ("丙", Decimal(82))}, suffix


def test_compound_dates_from_date_cells(store: Store, tmp_path: Path) -> None:
    rows = [["街道", "社区", "小区名称", "交付日期", "户数"],
            ["坂田", "五和社区", "第五园", date(2008, 6, 30), 1200],
            ["坂田", "五和社区", "万科城", "2010/5/1", "１，２００"]]
    for suffix, writer in WRITERS.items():
        import_file(store, writer(tmp_path / f"c{suffix}", {"小区": rows}))
        with store.session() as session:
            got = {c.name: (c.delivered_on, c.households) for c in session.scalars(select(Compound))}
        assert got == {"第五园": (date(2008, 6, 30), 1200), "万科城": (date(2010, 5, 1), 1200)}, suffix


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".xlsb"])
def test_several_sheets_each_recognised_by_its_header(
        store: Store, tmp_path: Path, suffix: str) -> None:
    compounds: list[list[Any]] = [["街道", "社区", "小区名称"], ["坂田", "五和社区", "新园"]]
    building: list[list[Any]] = [["小区名称", "楼栋", "房号", "业主", "面积"]]
    sheets: dict[str, list[list[Any]]] = {
        "说明": [["这是一份说明"], ["没有表头"]],
        "1栋": [*building, ["新园", "1栋", "101", "甲", 80], ["新园", "1栋", "102", "乙", 81]],
        "2栋": [*building, ["新园", "2栋", "101", "丙", 82]],
        "小区": compounds,  # after the registers that need it: written first all the same
    }
    outcome = {**WRITERS, ".xlsb": xlsb}[suffix](tmp_path / f"book{suffix}", sheets)
    result = import_file(store, outcome)
    assert result.inserted["compounds"] == 1 and result.inserted["units"] == 3
    assert result.sheets_left_out == ["说明"]
    assert len(units(store)) == 3


def test_problem_names_the_sheet_when_there_are_several(store: Store, tmp_path: Path) -> None:
    sheets = {"小区": [["街道", "社区", "小区名称", "户数"], ["坂田", "五和社区", "新园", "很多"]],
              "其他": [["x"]]}
    with pytest.raises(Exception, match=r"book\.xlsx「小区」：行 2，列「户数」：「很多」不是整数"):
        import_file(store, xlsx(tmp_path / "book.xlsx", sheets))


def test_xlsx_saved_under_an_xls_name_is_read(with_compounds: Store, tmp_path: Path) -> None:
    real = xlsx(tmp_path / "real.xlsx", {"名册": [["小区名称", "楼栋", "房号", "业主", "面积"],
                                                ["第五园", "3栋", "301", "甲", 70]]})
    renamed = tmp_path / "WPS导出.xls"
    shutil.copy(real, renamed)
    assert import_file(with_compounds, renamed).inserted["units"] == 1


def test_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    visible = workbook.active
    assert visible is not None
    visible.title = "名册"
    visible.append(["a"])
    hidden = workbook.create_sheet("隐藏")
    hidden.append(["b"])
    hidden.sheet_state = "hidden"
    workbook.save(tmp_path / "h.xlsx")
    assert [s.name for s in read_sheets(tmp_path / "h.xlsx")] == ["名册"]


def test_text_that_is_not_a_workbook_under_an_xls_name_is_one_line(
        store: Store, tmp_path: Path) -> None:
    path = tmp_path / "平台导出.xls"
    path.write_text("<html><table><tr><td>小区</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(Exception, match=r"平台导出\.xls：不是 Excel 或 WPS 工作簿"):
        import_file(store, path)


def test_utf16_csv(with_compounds: Store, tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_text("小区名称\t楼栋\t房号\t业主\t面积\n第五园\t5栋\t501\t甲\t66\n", encoding="utf-16")
    assert import_file(with_compounds, path).inserted["units"] == 1
