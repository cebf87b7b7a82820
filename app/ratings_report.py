"""Rating outputs: the street rankings as an .xlsx workbook (openpyxl, imported lazily so the
app starts fast) and, through the printing engine, the rating report of one inspection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app import ratings
from app.errors import BadInput, WorkFailed

if TYPE_CHECKING:
    from app.printing.layout import DocumentSpec

RANKING_HEADERS = ("排名", "街道", "小区", "物业企业", "评价日期", "得分", "得分率%", "星级",
                   "评价人", "模板")


def export_rankings_xlsx(
    session: Session, path: Path, street_ids: Sequence[str] | None = None, year: int | None = None,
) -> int:
    """One sheet per street (all streets when none given); returns the number of rows written.
    Points and percentages are written as exact text-free numbers with two decimals shown."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.exporting import sheet_title, text_row

    if path.suffix.lower() != ".xlsx":
        raise BadInput(f"{path}: the rankings export is an .xlsx file")
    names = dict(ratings.streets(session))
    chosen = list(street_ids) if street_ids else list(names)
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise BadInput(f"street {unknown[0]} not found")
    book = Workbook()
    book.remove(book.active)
    written = 0
    titles: set[str] = set()
    for street_id in chosen:
        sheet = book.create_sheet(sheet_title(names[street_id], titles))
        sheet.append(RANKING_HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in ratings.street_ranking(session, street_id, year):
            row = entry.row
            sheet.append(text_row(sheet, [  # names may come from any file: never a formula
                entry.rank, row.street_name, row.compound_name, row.company_name,
                row.inspected_on, row.total, row.percent, row.stars, row.inspector,
                row.template_label]))
            sheet.cell(sheet.max_row, 5).number_format = "yyyy-mm-dd"
            sheet.cell(sheet.max_row, 6).number_format = "0.0#"
            sheet.cell(sheet.max_row, 7).number_format = "0.00"
            written += 1
        for column, width in zip("ABCDEFGHIJ", (6, 12, 22, 26, 12, 8, 9, 6, 10, 30), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as exc:
        raise WorkFailed(f"{path}: cannot write ({exc.strerror})") from exc
    return written


def rating_report(session: Session, inspection_id: str) -> DocumentSpec:
    """The printed report of one finished inspection: result, area subtotals, every deduction
    with its reason, the evidence count, and who inspected when (printing engine's layout)."""
    from app.printing.layout import DocumentSpec, Signature, form_table, heading, para, table

    sheet = ratings.inspection_sheet(session, inspection_id)
    inspection = sheet.inspection
    if inspection.status != "final":
        raise BadInput("评价尚未完成：完成评价后才能打印评价报告")
    points = ratings.points_text
    result = form_table([
        ("小区", f"{sheet.street_name} {sheet.compound_name}"),
        ("物业服务企业", sheet.company_name),
        ("评价日期", inspection.inspected_on.isoformat()),
        ("评价人", inspection.inspector or "—"),
        ("评价模板", ratings.template_label(sheet.template)),
        ("总得分", f"{points(inspection.total_points)} 分（满分 {points(sheet.maximum)} 分）"),
        ("得分率", f"{inspection.percent:.2f}%"),
        ("星级", ratings.stars_text(inspection.stars)),
    ])
    areas = [[code, name, points(got), points(top)]
             for code, name, got, top in sheet.area_totals()]
    deductions = [[r.code, r.text, points(r.max_points), points(r.points), r.note]
                  for r in sheet.rows if r.points is not None and r.points < r.max_points]
    evidence = sum(r.evidence for r in sheet.rows)
    bands = "；".join(f"{b.stars}星 ≥ {points(b.min_percent)}%"
                     for b in ratings.template_bands(sheet.template))
    story = [
        result,
        heading("一、各方面得分"),
        table(["编号", "方面", "得分", "满分"], areas, [1, 5, 1.5, 1.5], align_right=(2, 3)),
        heading("二、扣分明细"),
        table(["指标", "内容", "满分", "得分", "扣分说明"], deductions, [1.1, 5, 1, 1, 3.5],
              align_right=(2, 3)) if deductions else para("本次评价各项均得满分。"),
        heading("三、说明"),
        para(f"本次评价共附证据照片或文件 {evidence} 份，存于评价记录。星级分档：{bands}"
             f"（按得分率，区级设定）。{sheet.template.note}"),
    ]
    return DocumentSpec(
        title=f"{sheet.compound_name}物业服务星级评价报告", story=story,
        signature=Signature(_office(sheet.street_name),
                            inspection.inspected_on, inspection.inspector, "评价人"),
        subject="rating-report",
    )


def _office(street: str) -> str:
    if not street:
        return ""
    return f"{street}办事处" if street.endswith("街道") else f"{street}街道办事处"


def render_rating_report(session: Session, inspection_id: str) -> bytes:
    """PDF bytes of the rating report, laid out by the printing engine."""
    from app.printing.layout import render_pdf

    return render_pdf(rating_report(session, inspection_id))
