"""下载模板 gives an .xlsx per kind that imports once filled in; the .xlsx export opens cleanly
(frozen header, widths, dates as dates, areas as two-decimal numbers, Chinese sheet names) and
re-importing it changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.demo import generate
from app.exporting import export_file
from app.importing import import_file
from app.importing.templates import TEMPLATE_LABELS, write_template
from db.models import Compound, OutboxEntry, Unit
from db.store import Store
from tests.foundation.conftest import DEMO_DAY
from tests.importing.conftest import dump


@pytest.mark.parametrize("kind", list(TEMPLATE_LABELS))
def test_template_has_headers_example_lists_and_notes(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.xlsx"
    template = write_template(kind, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [TEMPLATE_LABELS[kind], "说明"]
    sheet = workbook[TEMPLATE_LABELS[kind]]
    headers = [c.value for c in sheet[1]]
    assert [h.rstrip("*") for h in headers if h != "序号"] == [c.header for c in template.columns]
    assert sheet.freeze_panes == "A2"
    choice_columns = [c for c in template.columns if c.choices]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert len(lists) == len(choice_columns) and choice_columns
    for column, formula in zip(choice_columns, lists, strict=True):
        assert formula == '"' + ",".join(column.choices) + '"'
    notes = [r for r in workbook["说明"].iter_rows(values_only=True)]
    assert any(r[0] == template.columns[0].header for r in notes)
    if template.example_in_sheet:
        assert sheet["A2"].value == "示例"
        assert [c.value for c in sheet[2]][1:] == [c.example or None for c in template.columns]


def test_compound_template_has_the_lifecycle_list(tmp_path: Path) -> None:
    write_template("compounds", tmp_path / "t.xlsx")
    formulas = [v.formula1 for v in load_workbook(tmp_path / "t.xlsx")["小区"]
                .data_validations.dataValidation]
    assert '"孕育期,出生期,过渡期,成熟期,拆迁改造期"' in formulas


def test_a_filled_template_imports_and_its_example_row_does_not(
        with_compounds: Store, tmp_path: Path) -> None:
    path = tmp_path / "units.xlsx"
    write_template("units", path)
    workbook = load_workbook(path)
    sheet = workbook["业主名册"]
    headers = [str(c.value).rstrip("*") for c in sheet[1]]
    row = dict.fromkeys(headers)
    row.update({"序号": 1, "小区名称": "第五园", "楼栋": "9栋", "房号": "901", "业主": "新业主",
                "建筑面积": 99.5, "开发商未售": "否"})
    sheet.append([row[h] for h in headers])
    workbook.save(path)
    outcome = import_file(with_compounds, path)
    assert outcome.inserted["units"] == 1 and outcome.rows == 1
    with with_compounds.session() as session:
        assert session.scalars(select(Unit.room)).all() == ["901"]


@pytest.fixture
def demo(store: Store) -> Store:
    generate(store, "small", today=DEMO_DAY)
    return store


def test_export_opens_cleanly_and_round_trips(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    export_file(demo, path)
    workbook = load_workbook(path)
    assert {"小区", "业主名册", "党员", "选举"} <= set(workbook.sheetnames)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
    compounds = workbook["小区"]
    headers = [c.value for c in compounds[1]]
    assert headers[:4] == ["编号", "小区名称", "社区", "街道"]
    area = headers.index("总建筑面积（㎡）") + 1
    delivered = headers.index("交付日期") + 1
    cells = [row for row in compounds.iter_rows(min_row=2)]
    assert all(isinstance(r[area - 1].value, int | float) and r[area - 1].number_format == "0.00"
               for r in cells)
    days = [r[delivered - 1] for r in cells if r[delivered - 1].value is not None]
    assert days and all(isinstance(c.value, datetime | date) and c.is_date for c in days)
    width = compounds.column_dimensions["B"].width
    assert width is not None and 8 <= width <= 60
    elections = workbook["选举"]
    assert any(isinstance(c.value, datetime) for row in elections.iter_rows(min_row=2)
               for c in row), "timestamps are date-time cells"
    with demo.session() as session:
        outbox = session.scalar(select(func.count()).select_from(OutboxEntry))
        stored = {c.name: c.building_area_m2 for c in session.scalars(select(Compound))}
    first = cells[0]
    assert Decimal(str(first[area - 1].value)) == stored[first[1].value]
    before = dump(demo.path.parent)
    outcome = import_file(demo, path)
    assert outcome.inserted == {} and sum(outcome.updated.values()) == 0
    assert outcome.unchanged == outcome.rows > 3000
    assert dump(demo.path.parent) == before
    with demo.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == outbox


@pytest.mark.parametrize(("sheet", "kind"), [("小区", "compounds"), ("业主名册", "units"),
                                             ("党员", "party_members")])
def test_each_exported_sheet_on_its_own_reimports_unchanged(
        demo: Store, tmp_path: Path, sheet: str, kind: str) -> None:
    """A caseworker sends on just the register (or compounds, or party members) as its own
    workbook: importing that file back changes nothing, row for row."""
    from openpyxl import Workbook

    export_file(demo, tmp_path / "导出.xlsx")
    source = load_workbook(tmp_path / "导出.xlsx")[sheet]
    single = Workbook()
    target = single.active
    assert target is not None
    target.title = sheet
    for row in source.iter_rows(values_only=True):
        target.append(list(row))
    single.save(tmp_path / f"{sheet}.xlsx")
    before = dump(demo.path.parent)
    outcome = import_file(demo, tmp_path / f"{sheet}.xlsx")
    assert outcome.kind == kind
    assert outcome.inserted == {} and sum(outcome.updated.values()) == 0
    assert outcome.unchanged == outcome.rows == source.max_row - 1 > 0
    assert dump(demo.path.parent) == before
