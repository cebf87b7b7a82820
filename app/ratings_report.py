"""Rating outputs: the street rankings as an .xlsx workbook (openpyxl, imported lazily so the
app starts fast) and, through the printing engine, the rating report of one inspection."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app import ratings
from app.errors import BadInput, WorkFailed

if TYPE_CHECKING:
    from app.printing.layout import DocumentSpec
    from db.models import RatingInspection

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
        raise BadInput(code="rating.export_xlsx_only", path=path)
    names = dict(ratings.streets(session))
    chosen = list(street_ids) if street_ids else list(names)
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise BadInput(code="rating.street_not_found", street=unknown[0])
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
        raise WorkFailed(code="rating.export_write_failed", path=path, strerror=exc.strerror) from exc
    return written


def rating_report(session: Session, inspection_id: str) -> DocumentSpec:
    """The printed report of one finished inspection: result, area subtotals, every deduction
    with its reason, the evidence count, and who inspected when (printing engine's 公文 pieces).
    Dates are Chinese, the inspector is named by their profile when the name typed is an
    account, and the district's internal notes on the template stay off paper."""
    from app.printing.gongwen import Doc
    from app.printing.layout import zh_date

    sheet = ratings.inspection_sheet(session, inspection_id)
    inspection = sheet.inspection
    if inspection.status != "final":
        raise BadInput(code="rating.report_needs_final")
    points = _points
    street = _street(sheet.street_name)
    inspector = _inspector(session, inspection.inspector)
    doc = Doc(title=f"{sheet.compound_name}物业服务星级评价报告", kind="rating-report")
    problems = _figure_problems(inspection, sheet.maximum)
    if problems:
        doc.draft(f"评价记录的得分有误（{'；'.join(problems.values())}），请核对评价后重新打印")
    doc.form([
        ("小区", f"{street}{sheet.compound_name}"),
        ("物业服务企业", sheet.company_name or "—"),
        ("评价日期", zh_date(inspection.inspected_on)),
        ("评价人", inspector or "__________（签字）"),
        ("评价标准", ratings.template_label(sheet.template)),
        ("总得分", f"{points(inspection.total_points)} 分（满分 {points(sheet.maximum)} 分）"
         if "total" not in problems else "—"),
        ("得分率", f"{inspection.percent:.2f}%" if "percent" not in problems else "—"),
        ("星级", ratings.stars_text(inspection.stars)
         + (f"（{STARS_ZH[inspection.stars]}星级）" if inspection.stars in STARS_ZH else "")
         if "stars" not in problems else "—"),
    ])
    areas: list[list[object]] = [[code, name, points(got), points(top)]
                                 for code, name, got, top in sheet.area_totals()]
    areas.append(["", "合计", points(inspection.total_points)
                  if "total" not in problems else "—", points(sheet.maximum)])
    deductions = [[r.code, r.text, points(r.max_points), points(r.points), r.note]
                  for r in sheet.rows if r.points is not None and r.points < r.max_points]
    evidence = sum(r.evidence for r in sheet.rows)
    bands = "；".join(f"{STARS_ZH.get(b.stars, b.stars)}星级不低于{points(b.min_percent)}%"
                     for b in ratings.template_bands(sheet.template))
    doc.h1("各方面得分")
    doc.table(["编号", "方面", "得分", "满分"], areas, numeric=(2, 3), weights=(0, 1, 0, 0))
    doc.h1("扣分明细")
    if deductions:
        doc.table(["指标", "内容", "满分", "得分", "扣分说明"], deductions, numeric=(2, 3),
                  weights=(0, 1, 0, 0, 2))
    else:
        doc.p("本次评价各项均得满分。")
    doc.h1("说明")
    doc.p(f"本次评价按得分率评定星级（{bands}）。评价共附现场照片或文件{evidence}份，"
          "随评价记录存档备查。")
    doc.sign(issuer=_office(sheet.street_name), on=inspection.inspected_on, seal=True)
    return doc.spec()


STARS_ZH = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def _finite(value: object) -> bool:
    return isinstance(value, Decimal | int | float) and Decimal(str(value)).is_finite()


def _points(value: Decimal | None) -> str:
    """Points as written (2, 1.5, 97.5); "—" for a stored value that is no number at all."""
    return ratings.points_text(value) if value is None or _finite(value) else "—"


def _figure_problems(inspection: RatingInspection, maximum: Decimal) -> dict[str, str]:
    """Which stored figures of a finished inspection cannot be true (a store edited by hand, a
    damaged sync), field → why: the report then prints only as a draft, those figures as "—"."""
    found = {}
    total, percent = inspection.total_points, inspection.percent
    if not _finite(total) or not 0 <= Decimal(str(total)) <= maximum:
        found["total"] = "总得分超出0至满分"
    if not _finite(percent) or not 0 <= Decimal(str(percent)) <= 100:
        found["percent"] = "得分率超出0至100%"
    if not 0 <= inspection.stars <= 5:
        found["stars"] = "星级超出0至5星"
    return found


def _street(name: str) -> str:
    return name if not name or name.endswith("街道") else f"{name}街道"


def _inspector(session: Session, typed: str) -> str:
    """The inspector as paper names them: by profile when the name typed is a known account
    (the form offers the login name by default), blank for the pen when it is this computer's
    account without a profile — never an OS login such as "root"."""
    from app.profile import own_user, profile_of

    typed = typed.strip()
    profile = profile_of(session, typed) if typed else None
    if profile is not None:
        return profile.name
    if not typed or typed == own_user(session):
        return ""
    return typed


def _office(street: str) -> str:
    if not street:
        return ""
    return f"{street}办事处" if street.endswith("街道") else f"{street}街道办事处"


def render_rating_report(session: Session, inspection_id: str) -> bytes:
    """PDF bytes of the rating report, laid out by the printing engine."""
    from app.printing.layout import render_pdf

    return render_pdf(rating_report(session, inspection_id))
