"""Plausible values and Chinese per-cell messages: full-width digits and thousands separators read
right, areas, dates and phone numbers checked for sense, header variants of real registers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import BadInput
from app.importing import ImportProblems, import_file
from app.importing.fields import area_of, split_location, whole_number
from db.models import Compound, Unit
from db.store import Store
from tests.importing.conftest import dump, write_csv

COMPOUND_HEADER = ["街道", "社区", "小区名称"]


def compounds(tmp_path: Path, header: list[str], *values: Any) -> Path:
    rows = [[*COMPOUND_HEADER, *header]]
    rows += [["坂田", "五和社区", f"园{n}", *([v] if not isinstance(v, list) else v)]
             for n, v in enumerate(values)]
    return write_csv(tmp_path / "compounds.csv", rows)


def problem(store: Store, path: Path) -> str:
    before = dump(store.path.parent)
    with pytest.raises(BadInput) as refused:
        import_file(store, path)
    assert dump(store.path.parent) == before
    return str(refused.value)


def test_the_message_of_a_bad_choice_is_chinese_and_names_row_column_and_choices(
        store: Store, tmp_path: Path) -> None:
    message = problem(store, compounds(tmp_path, ["生命周期"], "成熟期", "成熟"))
    assert message == ("compounds.csv：行 3，列「生命周期」：「成熟」不是可选值"
                       "（孕育期、出生期、过渡期、成熟期、拆迁改造期）")


def test_problems_are_data_one_per_cell(store: Store, tmp_path: Path) -> None:
    path = compounds(tmp_path, ["户数", "以居代业"], ["很多", "也许"], ["12", "是"])
    with pytest.raises(ImportProblems) as refused:
        import_file(store, path)
    cells = [(p.row, p.column, p.message) for p in refused.value.problems.cells]
    assert cells == [(2, "户数", "「很多」不是整数"), (2, "以居代业", "「也许」不是可选值（是、否）")]


@pytest.mark.parametrize(("typed", "number"), [
    ("１２００", 1200), ("1,200", 1200), ("１，２００", 1200), ("12 000", 12000), (1200.0, 1200)])
def test_whole_numbers_typed_as_text(typed: Any, number: int) -> None:
    assert whole_number(typed) == number


@pytest.mark.parametrize("typed", ["1,5", "12.5", "-3", "1e3", "十二"])
def test_not_whole_numbers(typed: str) -> None:
    with pytest.raises(ValueError):
        whole_number(typed)


@pytest.mark.parametrize(("typed", "area"), [
    ("12,000.50", Decimal("12000.50")), ("８９.３７", Decimal("89.37")), ("89.37㎡", Decimal("89.37")),
    ("89.37 平方米", Decimal("89.37")), (89.37, Decimal("89.37"))])
def test_areas_typed_as_text(typed: Any, area: Decimal) -> None:
    assert area_of("units", "area_m2", Decimal(20_000))(typed) == area


@pytest.mark.parametrize(("typed", "words"), [
    ("98000000", "超出合理范围"), ("1e999", "位数过多"), ("Infinity", "不是非负的数"),
    ("-80", "是负数"), ("0", "不能为 0"), ("八十", "不是数字"), ("80.12345", "小数超过 4 位")])
def test_implausible_unit_areas(with_compounds: Store, tmp_path: Path, typed: str, words: str) -> None:
    path = write_csv(tmp_path / "r.csv", [["小区名称", "楼栋", "房号", "业主", "建筑面积"],
                                          ["第五园", "1栋", "101", "甲", typed]])
    message = problem(with_compounds, path)
    assert message.startswith("r.csv：行 2，列「建筑面积」：") and words in message, message


@pytest.mark.parametrize(("typed", "words"), [
    ("1900-01-05", "不在合理范围"), ("2199-01-01", "不在合理范围"), ("2024-13-01", "不是日期"),
    ("上个月", "不是日期")])
def test_implausible_dates(store: Store, tmp_path: Path, typed: str, words: str) -> None:
    message = problem(store, compounds(tmp_path, ["交付日期"], typed))
    assert "列「交付日期」" in message and words in message, message


def test_plausible_dates(store: Store, tmp_path: Path) -> None:
    import_file(store, compounds(tmp_path, ["交付日期"], "2008年6月30日", "２００９/７/１", "2010.8.2"))
    with store.session() as session:
        days = sorted(str(c.delivered_on) for c in session.scalars(select(Compound)))
    assert days == ["2008-06-30", "2009-07-01", "2010-08-02"]


@pytest.mark.parametrize("phone", ["13800000000", "+86 13800000000", "0755-26001234", "075526001234",
                                   "26001234", "13800000000/13900000000", "400-888-8888",
                                   "0755-26001234转123"])
def test_phone_numbers_of_every_common_shape(with_compounds: Store, tmp_path: Path, phone: str) -> None:
    path = write_csv(tmp_path / "p.csv", [["小区名称", "楼栋", "房号", "业主", "面积", "手机号码"],
                                          ["第五园", "1栋", "101", "甲", "80", phone]])
    import_file(with_compounds, path)
    with with_compounds.session() as session:
        assert session.scalars(select(Unit.phone)).one() == phone


@pytest.mark.parametrize("phone", ["12345", "138000000001", "电话", "0755-123"])
def test_phone_numbers_of_no_shape(with_compounds: Store, tmp_path: Path, phone: str) -> None:
    path = write_csv(tmp_path / "p.csv", [["小区名称", "楼栋", "房号", "业主", "面积", "联系方式"],
                                          ["第五园", "1栋", "101", "甲", "80", phone]])
    assert "不像电话号码" in problem(with_compounds, path)


def test_register_with_only_a_location_column(with_compounds: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "loc.csv", [
        ["小区名称", "房屋坐落", "产权人姓名", "房屋面积", "身份证号"],
        ["第五园", "坂田街道第五园3栋1201房", "甲", "80", "440301199001011234"],
        ["第五园", "A座2单元301室", "乙", "81", ""]])
    outcome = import_file(with_compounds, path)
    assert outcome.inserted["units"] == 2 and outcome.withheld_headers == ["身份证号"]
    with with_compounds.session() as session:
        rooms = sorted((u.building, u.room, u.owner_name) for u in session.scalars(select(Unit)))
    assert rooms == [("3栋", "1201", "甲"), ("A座", "2单元301", "乙")]


def test_a_location_that_cannot_be_split_is_a_problem(with_compounds: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "loc.csv", [["小区名称", "房屋坐落", "业主", "面积"],
                                            ["第五园", "第五园会所", "甲", "80"]])
    assert "行 2，列「房屋坐落」：无法从「第五园会所」分出楼栋和房号" in problem(with_compounds, path)


def test_split_location_keeps_what_a_person_means() -> None:
    assert split_location("十二栋 302") == ("十二栋", "302")
    assert split_location("１栋１０１") == ("1栋", "101")


def test_a_register_with_a_unit_entrance_column(with_compounds: Store, tmp_path: Path) -> None:
    """楼栋 | 单元 | 房号: room 301 is in every 单元; stored as 1单元301, 2单元301 (as 房屋坐落 gives)."""
    path = write_csv(tmp_path / "u.csv", [["小区名称", "楼栋", "单元", "房号", "业主", "面积"],
                                          ["第五园", "1栋", "1", "301", "甲", "80"],
                                          ["第五园", "1栋", "2单元", "301", "乙", "80"],
                                          ["第五园", "1栋", "3", "3单元302", "丙", "80"],
                                          ["第五园", "2栋", "", "301", "丁", "80"]])
    assert import_file(with_compounds, path).inserted["units"] == 4
    with with_compounds.session() as session:
        rooms = sorted((u.building, u.room) for u in session.scalars(select(Unit)))
    assert rooms == [("1栋", "1单元301"), ("1栋", "2单元301"), ("1栋", "3单元302"), ("2栋", "301")]


def test_text_longer_than_its_column_is_a_problem(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "long.csv", [["街道", "社区", "小区名称"],
                                             ["坂田", "五和社区", "园" * 81], ["坂田", "五和社区", 123]])
    assert problem(store, path) == "long.csv：行 2，列「小区名称」：超过 80 个字（共 81 字）"


def test_a_room_that_excel_turned_into_a_date_is_a_problem(
        with_compounds: Store, tmp_path: Path) -> None:
    from datetime import datetime

    from tests.importing.conftest import xlsx

    path = xlsx(tmp_path / "d.xlsx", {"名册": [["小区名称", "楼栋", "房号", "业主", "面积"],
                                              ["第五园", "1栋", datetime(2025, 1, 2), "甲", 80]]})
    message = problem(with_compounds, path)
    assert message.startswith("d.xlsx：行 2，列「房号」：是日期（2025-01-02），不是编号"), message
