"""The error report goes back to the sender (original rows + 错误说明), a preview rolls back, and
importing only the valid rows is counted and recorded in the audit trail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.importing import ImportProblems, import_file
from app.importing.report import write_error_report
from db.models import AuditEntry, Unit
from db.store import Store
from tests.importing.conftest import dump, xlsx

HEADER = ["序号", "小区名称", "楼栋", "房号", "业主", "建筑面积", "证件号码", "备注"]
ROWS: list[list[Any]] = [
    [1, "第五园", "1栋", "101", "甲", 80, "440301199001011234", "好"],
    [2, "第五园", "1栋", "102", "乙", "八十", "440301199001015678", ""],
    [3, "第五园", "1栋", "103", "", 82, "", "缺业主"],
    [4, "不存在", "1栋", "104", "丁", 83, "", ""],
    [5, "第五园", "1栋", "105", "戊", 84, "", ""],
]


def register(tmp_path: Path) -> Path:
    return xlsx(tmp_path / "名册.xlsx", {"业主名册": [["第五园业主名册"], HEADER, *ROWS]})


def unit_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Unit)) or 0)


def refused(store: Store, path: Path) -> ImportProblems:
    with pytest.raises(ImportProblems) as caught:
        import_file(store, path)
    return caught.value


def test_error_report_holds_the_original_rows_and_their_problems(
        with_compounds: Store, tmp_path: Path) -> None:
    path = register(tmp_path)
    problems = refused(with_compounds, path).problems
    assert [p.row for p in problems.cells] == [4, 5], "cell problems first, all-or-nothing"
    report = tmp_path / "错误报告.xlsx"
    assert write_error_report(path, problems, report) == 2
    workbook = load_workbook(report)
    assert workbook.sheetnames == ["业主名册", "说明"]
    rows = list(workbook["业主名册"].iter_rows(values_only=True))
    assert rows[0] == (*HEADER, "原行号", "错误说明")
    assert rows[1][:6] == (2, "第五园", "1栋", "102", "乙", "八十")
    assert rows[1][6] == "440301********5678", "ID numbers are masked in the report"
    assert rows[1][8:] == (4, "列「建筑面积」：「八十」不是数字")
    assert rows[2][8:] == (5, "列「业主」：此项必填，但单元格是空的")
    assert workbook["业主名册"].freeze_panes == "A2"
    notes = [r[0] for r in workbook["说明"].iter_rows(values_only=True)]
    assert any("名册.xlsx" in str(n) for n in notes)


def test_a_corrected_report_imports(with_compounds: Store, tmp_path: Path) -> None:
    """The sender fixes the rows in the report and sends it back: it imports as it is (the two
    added columns are ignored)."""
    path = register(tmp_path)
    report = tmp_path / "report.xlsx"
    write_error_report(path, refused(with_compounds, path).problems, report)
    workbook = load_workbook(report)
    sheet = workbook["业主名册"]
    sheet["F2"] = 81
    sheet["E3"] = "丙"
    workbook.save(report)
    outcome = import_file(with_compounds, report)
    assert outcome.inserted["units"] == 2 and outcome.ignored_headers == ["备注"]


def test_apply_problems_reach_the_report_too(with_compounds: Store, tmp_path: Path) -> None:
    rows = [HEADER, ROWS[0], ROWS[3]]
    path = xlsx(tmp_path / "r.xlsx", {"名册": rows})
    problems = refused(with_compounds, path).problems
    write_error_report(path, problems, tmp_path / "out.xlsx")
    got = list(load_workbook(tmp_path / "out.xlsx")["名册"].iter_rows(values_only=True))
    assert len(got) == 2 and got[1][-2] == 3 and "本机没有名为「不存在」的小区" in got[1][-1]


def test_dry_run_previews_and_changes_nothing(with_compounds: Store, tmp_path: Path) -> None:
    good = xlsx(tmp_path / "g.xlsx", {"名册": [HEADER, ROWS[0], ROWS[4]]})
    import_file(with_compounds, xlsx(tmp_path / "first.xlsx", {"名册": [HEADER, ROWS[0]]}))
    before = dump(with_compounds.path.parent)
    preview = import_file(with_compounds, good, dry_run=True)
    assert preview.inserted["units"] == 1 and preview.unchanged == 1
    assert dump(with_compounds.path.parent) == before


def test_only_valid_rows_are_imported_when_asked_and_it_is_recorded(
        with_compounds: Store, tmp_path: Path) -> None:
    path = register(tmp_path)
    outcome = import_file(with_compounds, path, only_valid_rows=True)
    assert outcome.inserted["units"] == 2 and outcome.skipped_rows == 3
    assert outcome.problems is not None and outcome.problems.count == 3
    assert unit_count(with_compounds) == 2
    with with_compounds.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
    summaries = [json.loads(e.summary) for e in entries]
    partial = [s for s in summaries if s.get("only_valid_rows")]
    assert partial == [{"file": "名册.xlsx", "only_valid_rows": True, "skipped_rows": 3,
                        "problems": 3}]


def test_only_valid_rows_of_a_file_with_none_valid_imports_nothing(
        with_compounds: Store, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "bad.xlsx", {"名册": [HEADER, ROWS[1], ROWS[2]]})
    before = dump(with_compounds.path.parent)
    with pytest.raises(ImportProblems):
        import_file(with_compounds, path, only_valid_rows=True)
    assert dump(with_compounds.path.parent) == before


def test_error_report_of_a_gb18030_csv(with_compounds: Store, tmp_path: Path) -> None:
    from tests.importing.conftest import write_csv

    path = write_csv(tmp_path / "名册.csv", [["小区名称", "楼栋", "房号", "业主", "面积", "联系电话"],
                                            ["第五园", "1栋", "101", "甲", "80", "12345"],
                                            ["第五园", "1栋", "102", "乙", "81", ""]],
                     encoding="gb18030")
    report = tmp_path / "r.xlsx"
    assert write_error_report(path, refused(with_compounds, path).problems, report) == 1
    workbook = load_workbook(report)
    assert workbook.sheetnames == ["错误行", "说明"]
    rows = list(workbook["错误行"].iter_rows(values_only=True))
    assert rows[1] == ("第五园", "1栋", "101", "甲", "80", "12345", 2,
                       "列「联系电话」：「12345」不像电话号码（应如 13800000000 或 0755-12345678）")


def test_report_of_a_workbook_with_an_empty_second_sheet_keeps_apply_problems(
        with_compounds: Store, tmp_path: Path) -> None:
    """A problem found while writing (an unknown compound) names its sheet as a cell problem
    does, so the report finds its row whatever other sheets the workbook holds."""
    path = xlsx(tmp_path / "two.xlsx", {"名册": [HEADER, ROWS[3]], "Sheet2": []})
    problems = refused(with_compounds, path).problems
    assert [(p.sheet, p.row) for p in problems.cells] == [("名册", 2)]
    assert write_error_report(path, problems, tmp_path / "out.xlsx") == 1
