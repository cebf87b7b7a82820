"""Importing spreadsheets: kinds from headers, encodings, natural keys, all-or-nothing validation."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import BadInput
from app.importing import import_file
from db.models import Community, Compound, OutboxEntry, PartyMember, PropertyCompany, Street, Unit
from db.store import Store
from tests.foundation.conftest import dump, write_csv, write_xlsx
from tests.helpers.cli import run_main


def count(store: Store, model: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def units_of(store: Store) -> dict[tuple[str, str, str], Unit]:
    with store.session() as session:
        rows = session.execute(select(Compound.name, Unit).join(Compound)).all()
    return {(name, u.building, u.room): u for name, u in rows}


def test_compounds_sheet_creates_streets_communities_companies(with_compounds: Store) -> None:
    store = with_compounds
    assert count(store, Street) == 2 and count(store, Community) == 2
    assert count(store, PropertyCompany) == 1
    with store.session() as session:
        compound = session.scalars(select(Compound).where(Compound.name == "第五园")).one()
    assert compound.households == 1200
    assert compound.building_area_m2 == Decimal("152000.50")
    assert compound.lifecycle_stage == "成熟期" and compound.property_company_id is not None


def test_units_round_trip_with_owners_and_party_members(
    with_compounds: Store, tmp_path: Path, units_rows: list[list[Any]]
) -> None:
    outcome = import_file(with_compounds, write_xlsx(tmp_path / "register.xlsx", units_rows))
    assert outcome.kind == "units" and outcome.inserted["units"] == 4
    units = units_of(with_compounds)
    first, second = units[("第五园", "1栋", "101")], units[("第五园", "1栋", "102")]
    assert first.area_m2 == Decimal("89.37") and first.owner_name == "张伟"
    assert first.owner_key == second.owner_key, "one owner holding two units keeps one key"
    unsold = units[("第五园", "2栋", "101")]
    assert unsold.developer_unsold and unsold.owner_key == "developer"
    assert units[("怡翠花园", "A座", "1201")].area_m2 == Decimal("75.5")
    with with_compounds.session() as session:
        members = session.scalars(select(PartyMember)).all()
    assert [(m.name, m.phone) for m in members] == [("张伟", "13800000001")]


def test_reimport_changes_nothing(with_compounds: Store, tmp_path: Path,
                                  units_rows: list[list[Any]], compounds_file: Path) -> None:
    register = write_xlsx(tmp_path / "register.xlsx", units_rows)
    import_file(with_compounds, register)
    outbox_before = count(with_compounds, OutboxEntry)
    before = dump(with_compounds.path.parent)
    again = import_file(with_compounds, register)
    assert again.inserted == {} and sum(again.updated.values()) == 0
    import_file(with_compounds, compounds_file)
    assert count(with_compounds, OutboxEntry) == outbox_before
    assert dump(with_compounds.path.parent) == before


def test_changed_row_is_a_tracked_update_of_that_field(
    with_compounds: Store, tmp_path: Path, units_rows: list[list[Any]]
) -> None:
    import_file(with_compounds, write_xlsx(tmp_path / "a.xlsx", units_rows))
    units_rows[4][5] = "76.00"
    outcome = import_file(with_compounds, write_xlsx(tmp_path / "b.xlsx", units_rows))
    assert outcome.updated["units"] == 1
    with with_compounds.session() as session:
        last = session.scalars(select(OutboxEntry).where(OutboxEntry.table_name == "units")
                               .order_by(OutboxEntry.seq.desc())).first()
    assert last is not None and last.op == "update"
    assert json.loads(last.fields_json) == {"area_m2": "76.00"}


def test_gb18030_csv_saved_by_wps_imports(with_compounds: Store, tmp_path: Path,
                                          units_rows: list[list[Any]]) -> None:
    path = write_csv(tmp_path / "业主名册.csv", units_rows, encoding="gb18030", line_end="\r\n")
    assert path.read_bytes().decode("gb18030")  # really GB18030, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    import_file(with_compounds, path)
    assert units_of(with_compounds)[("第五园", "1栋", "101")].owner_name == "张伟"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_csv_with_and_without_bom(with_compounds: Store, tmp_path: Path,
                                       units_rows: list[list[Any]], encoding: str) -> None:
    import_file(with_compounds, write_csv(tmp_path / "r.csv", units_rows, encoding=encoding))
    assert count(with_compounds, Unit) == 4


def test_english_headers_and_title_row(with_compounds: Store, tmp_path: Path) -> None:
    rows = [["第五园业主名册"], [], ["Compound", "Building", "Room", "Owner", "Area (m2)", "Notes"],
            ["第五园", "3", 1201, "王芳", 100.25, "x"]]
    outcome = import_file(with_compounds, write_xlsx(tmp_path / "en.xlsx", rows))
    assert outcome.ignored_headers == ["Notes"]
    assert units_of(with_compounds)[("第五园", "3", "1201")].area_m2 == Decimal("100.25")


def test_party_members_sheet(with_compounds: Store, tmp_path: Path) -> None:
    rows = [["姓名", "小区名称", "社区", "联系电话", "双找方式", "交叉任职"],
            ["刘洋", "第五园", "", "13900000000", "党员找党组织", "是"],
            ["陈静", "怡翠花园", "大芬社区", "", "组织找党员", "否"]]
    outcome = import_file(with_compounds, write_csv(tmp_path / "members.csv", rows))
    assert outcome.kind == "party_members" and outcome.inserted["party_members"] == 2
    with with_compounds.session() as session:
        liu = session.scalars(select(PartyMember).where(PartyMember.name == "刘洋")).one()
    assert liu.found_via == "member_reported" and liu.on_committee


def test_ambiguous_compound_name_asks_for_community(with_compounds: Store, tmp_path: Path) -> None:
    rows = [["小区名称", "楼栋", "房号", "业主", "面积"], ["怡翠花园", "1", "101", "甲", "50"]]
    with pytest.raises(BadInput, match=r"行 2，列「小区名称」：有多个小区名为「怡翠花园」.*社区"):
        import_file(with_compounds, write_csv(tmp_path / "amb.csv", rows))


HEADER = ["小区名称", "楼栋", "房号", "业主", "建筑面积"]
MALFORMED: dict[str, tuple[list[list[Any]] | bytes, str]] = {
    "wrong header": ([["名称", "地址"], ["x", "y"]], r"第 1 行不是可识别的表头"),
    "bad number": ([HEADER, ["第五园", "1", "101", "甲", "八十"]],
                   r"行 3，列「建筑面积」：「八十」不是数字"),
    "duplicate room": ([HEADER, ["第五园", "1", "101", "甲", "80"], ["第五园", "1", "101", "乙", "81"]],
                       r"行 4，列「房号」：第五园 1 101 与第 3 行重复"),
    "blank required": ([HEADER, ["第五园", "1", "", "甲", "80"]],
                       r"行 3，列「房号」：此项必填"),
    "missing column": ([["小区名称", "楼栋", "房号", "建筑面积"], ["第五园", "1", "1", "80"]],
                       r"列「业主」：缺少这一必需的列"),
    "empty file": (b"", r"文件是空的"),
    "binary garbage": (b"\x00\x01\x02PK\xff\xfe\x00garbage" * 100, r"不是文本文件"),
    "unknown compound": ([HEADER, ["不存在", "1", "101", "甲", "80"]], r"行 3，列「小区名称」：本机没有名为「不存在」的小区"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_csv_changes_nothing(with_compounds: Store, tmp_path: Path, case: str) -> None:
    content, message = MALFORMED[case]
    path = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        # a valid first row proves nothing is kept from a file with one bad row
        write_csv(path, [*content[:1], ["第五园", "9", "901", "好", "50"], *content[1:]]
                  if case not in ("wrong header", "empty file") else content)
    before = dump(with_compounds.path.parent)
    with pytest.raises(BadInput, match=message):
        import_file(with_compounds, path)
    assert dump(with_compounds.path.parent) == before


def test_cli_reports_problem_exit_2_and_changes_nothing(with_compounds: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, ["第五园", "1", "101", "甲", "80"],
                                              ["第五园", "1", "102", "乙", "-3"]])
    data_dir = with_compounds.path.parent
    with_compounds.close()
    before = dump(data_dir)
    result = run_main("import", str(path), data_dir=data_dir)
    assert result.returncode == 2
    first_line = result.stderr.splitlines()[0]
    assert "bad.xlsx：行 3，列「建筑面积」" in first_line and "-3" in first_line
    assert dump(data_dir) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_fifty_megabytes_of_random_bytes(store: Store, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(os.urandom(50 * 1024 * 1024))
    data_dir = store.path.parent
    store.close()
    before = dump(data_dir)
    result = run_main("import", str(path), data_dir=data_dir)
    assert result.returncode == 2, result.stderr
    assert f"random{suffix}" in result.stderr.splitlines()[0]
    assert dump(data_dir) == before


def test_damaged_xlsx_is_bad_input(store: Store, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(BadInput, match=r"damaged\.xlsx"):
        import_file(store, path)
