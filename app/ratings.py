"""Property-company star rating: templates (areas → indicators), inspections, scores, star bands,
history, rankings per street and a company's trend.

The indicator list is a district setting kept in `resources/rules/rating_template.toml` (the
official list of "8 areas, 58 indicators" is not public). A template that any inspection uses is
never edited in place: an edit makes a new version, and a finished inspection keeps the total,
percentage and stars it was given. All arithmetic is exact `Decimal`.
"""

from __future__ import annotations

import json
import mimetypes
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.messages import Problem, problem
from app.rating_files import BANDS_FILE as BANDS_FILE  # re-exported: callers know them here
from app.rating_files import (
    DEFAULT_TEMPLATE_FILE,
    AreaSpec,
    Band,
    IndicatorSpec,
    TemplateSpec,
    load_template_file,
)
from app.rating_files import TemplateFileError as TemplateFileError
from app.rating_files import load_bands as load_bands
from db.models import (
    AgendaItem,
    Attachment,
    Community,
    Compound,
    PropertyCompany,
    RatingIndicator,
    RatingInspection,
    RatingScore,
    RatingTemplate,
    Street,
)
from db.types import new_id, utcnow

SCORE_OWNER_TABLE = "rating_scores"
ATTACHMENTS_FOLDER = "attachments"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
CLOSED_AGENDA_STAGES = ("answered", "closed")


# ---- templates in the store ----------------------------------------------------------------
def _live(model: Any) -> Any:
    return model.deleted_at.is_(None)


def template_in_use(session: Session, template_id: str) -> bool:
    """A template is in use once any inspection references it; then it is never edited."""
    return bool(session.scalar(select(exists().where(
        RatingInspection.template_id == template_id, _live(RatingInspection)
    ))))


def template_indicators(session: Session, template_id: str) -> list[RatingIndicator]:
    return list(session.scalars(
        select(RatingIndicator)
        .where(RatingIndicator.template_id == template_id, _live(RatingIndicator))
        .order_by(RatingIndicator.sort_order)
    ))


def template_bands(template: RatingTemplate) -> tuple[Band, ...]:
    return tuple(Band(int(s), Decimal(str(m))) for s, m in json.loads(template.bands_json or "[]"))


def spec_of(session: Session, template: RatingTemplate) -> TemplateSpec:
    """A stored template's content, for editing or comparing with a file."""
    by_area: dict[str, list[IndicatorSpec]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in template_indicators(session, template.id):
        names.setdefault(row.area_code, row.area_name)
        by_area[row.area_code].append(
            IndicatorSpec(row.code, row.text, row.max_points, row.guidance, row.evidence_required)
        )
    meta = {a["code"]: a for a in json.loads(template.areas_json or "[]")}
    order = list(meta) + [code for code in by_area if code not in meta]
    areas = tuple(
        AreaSpec(code, meta.get(code, {}).get("name") or names.get(code, code),
                 tuple(meta.get(code, {}).get("categories", ())), tuple(by_area[code]))
        for code in order if by_area.get(code)
    )
    return TemplateSpec(template.name, template.note, template_bands(template), areas)


def _latest(session: Session, name: str) -> RatingTemplate | None:
    return session.scalar(
        select(RatingTemplate)
        .where(RatingTemplate.name == name, _live(RatingTemplate))
        .order_by(RatingTemplate.version.desc())
        .limit(1)
    )


def _write_content(
    session: Session, template: RatingTemplate, spec: TemplateSpec,
    make_id: Callable[[], str] = new_id,
) -> None:
    """Put a spec's content on a template that no inspection uses (a draft)."""
    template.note = spec.note
    template.bands_json = json.dumps([[b.stars, str(b.min_percent)] for b in spec.bands])
    template.areas_json = json.dumps(
        [{"code": a.code, "name": a.name, "categories": list(a.categories)} for a in spec.areas],
        ensure_ascii=False,
    )
    existing = {row.code: row for row in template_indicators(session, template.id)}
    order = 0
    for area in spec.areas:
        for indicator in area.indicators:
            order += 1
            row = existing.pop(indicator.code, None)
            if row is None:
                row = RatingIndicator(id=make_id(), template_id=template.id, code=indicator.code)
                session.add(row)
            row.area_code, row.area_name = area.code, area.name
            row.text, row.max_points = indicator.text, indicator.max_points
            row.guidance, row.evidence_required = indicator.guidance, indicator.evidence
            row.sort_order = order
    for stale in existing.values():
        session.delete(stale)  # a tombstone (tracking); only drafts get here
    session.flush()


def save_template(
    session: Session, spec: TemplateSpec, make_id: Callable[[], str] = new_id
) -> RatingTemplate:
    """Store a template: a new version when the latest one is in use, else edit the draft.

    Saving content equal to the latest version changes nothing and returns it. `make_id` lets
    the seeded demo make the same ids every run.
    """
    latest = _latest(session, spec.name)
    if latest is not None and spec_of(session, latest) == spec:
        return latest
    if latest is not None and not template_in_use(session, latest.id):
        _write_content(session, latest, spec, make_id)
        return latest
    template = RatingTemplate(
        id=make_id(), name=spec.name, version=(latest.version + 1) if latest is not None else 1, status="draft",
    )
    session.add(template)
    session.flush()
    _write_content(session, template, spec, make_id)
    if latest is not None:
        latest.status = "retired"
    session.flush()
    return template


def import_template_file(
    session: Session, path: Path, make_id: Callable[[], str] = new_id
) -> RatingTemplate:
    """Validate a template file fully, then store it; a bad file saves nothing."""
    spec = load_template_file(path)
    return save_template(session, spec, make_id)


def revise_indicator(
    session: Session, template_id: str, code: str, *, text: str | None = None,
    max_points: Decimal | None = None, guidance: str | None = None, evidence: bool | None = None,
) -> RatingTemplate:
    """Edit one indicator; returns the template holding the edit (a new version if in use)."""
    template = session.get(RatingTemplate, template_id)
    if template is None:
        raise BadInput(code="rating.template_not_found", template_id=template_id)
    spec = spec_of(session, template)
    if max_points is not None and max_points <= 0:
        raise BadInput(code="rating.max_points_positive", indicator=code, max_points=max_points)
    areas: list[AreaSpec] = []
    found = False
    for area in spec.areas:
        indicators = []
        for indicator in area.indicators:
            if indicator.code == code:
                found = True
                indicator = replace(
                    indicator,
                    text=indicator.text if text is None else text,
                    max_points=indicator.max_points if max_points is None else max_points,
                    guidance=indicator.guidance if guidance is None else guidance,
                    evidence=indicator.evidence if evidence is None else evidence,
                )
            indicators.append(indicator)
        areas.append(replace(area, indicators=tuple(indicators)))
    if not found:
        raise BadInput(code="rating.no_indicator", indicator=code)
    return save_template(session, replace(spec, areas=tuple(areas)))


def template_editing_refused(session: Session) -> str:
    """Why this user may not change the rating template, or "". The server takes template
    changes from supervisors only (server/scope.py): a caseworker logged in to a server would
    only have every edit refused at the next sync. Without a server login edits stay local."""
    from app.session import get_setting
    from app.sync.settings import ROLE

    if get_setting(session, ROLE) == "caseworker":
        return "评分模板由区级主管维护：您以街道工作人员身份登录了服务器，这里的修改会被服务器拒收。"
    return ""


def current_template(session: Session) -> RatingTemplate:
    """The template new inspections use: the newest live version; the default file if none."""
    template = session.scalar(
        select(RatingTemplate)
        .where(_live(RatingTemplate), RatingTemplate.status != "retired")
        .order_by(RatingTemplate.updated_at.desc(), RatingTemplate.version.desc())
        .limit(1)
    )
    return template if template is not None else import_template_file(session, DEFAULT_TEMPLATE_FILE)


def template_label(template: RatingTemplate) -> str:
    return f"{template.name}（第{template.version}版）"


# ---- scoring arithmetic --------------------------------------------------------------------
@dataclass(frozen=True)
class Score:
    """Total, maximum, percentage (truncated to 0.01, as shown) and stars (from the exact %)."""

    total: Decimal
    maximum: Decimal
    percent: Decimal
    stars: int


def exact_percent(total: Decimal, maximum: Decimal) -> Decimal:
    if maximum <= 0:
        raise BadInput(code="rating.zero_maximum")
    return total * HUNDRED / maximum


def star_band(percent: Decimal, bands: Sequence[Band]) -> int:
    """Stars for an exact percentage: the highest band whose minimum it reaches (≥)."""
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.stars
    return 0


def score_of(points: Iterable[Decimal], maximum: Decimal, bands: Sequence[Band]) -> Score:
    """Exact score; the shown percentage is truncated (89.995 → 89.99) so it never claims a
    band the exact value does not reach."""
    total = sum(points, Decimal(0))
    exact = exact_percent(total, maximum)
    return Score(total, maximum, exact.quantize(CENT, rounding=ROUND_DOWN), star_band(exact, bands))


def parse_points(text: str | Decimal, max_points: Decimal) -> tuple[Decimal | None, str]:
    """Check points as typed: (value, "") or (None, the problem in words). Used by the form."""
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = text.strip()
        if not cleaned:
            return None, "请输入得分"
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None, f"“{cleaned}”不是数字"
    if not value.is_finite():
        return None, "请输入数字"
    if value < 0:
        return None, "得分不能为负数"
    if value > max_points:
        return None, f"得分 {value} 超过满分 {max_points}"
    return value, ""


# ---- inspections ---------------------------------------------------------------------------
def start_inspection(
    session: Session, *, compound_id: str, inspected_on: date, inspector: str,
    company_id: str | None = None, template_id: str | None = None,
) -> RatingInspection:
    """Open a draft inspection of the company serving a compound (its current one by default)."""
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="rating.no_compound", compound_id=compound_id)
    company_id = company_id or compound.property_company_id
    if not company_id:
        raise BadInput(code="rating.no_company", name=compound.name)
    if session.get(PropertyCompany, company_id) is None:
        raise BadInput(code="rating.company_not_found", company_id=company_id)
    template = session.get(RatingTemplate, template_id) if template_id else current_template(session)
    if template is None:
        raise BadInput(code="rating.template_missing", template_id=template_id)
    if inspected_on > date.today():
        raise BadInput(code="rating.inspected_future", inspected_on=inspected_on)
    inspection = RatingInspection(
        template_id=template.id, compound_id=compound.id, company_id=company_id,
        inspected_on=inspected_on, inspector=inspector.strip(), status="draft",
    )
    session.add(inspection)
    if template.status == "draft":
        template.status = "in_use"
    session.flush()
    return inspection


def _inspection(session: Session, inspection_id: str) -> RatingInspection:
    inspection = session.get(RatingInspection, inspection_id)
    if inspection is None or inspection.deleted_at is not None:
        raise BadInput(code="rating.inspection_not_found", inspection_id=inspection_id)
    return inspection


def set_score(
    session: Session, inspection_id: str, indicator_id: str, points: str | Decimal,
    note: str = "",
) -> RatingScore:
    """Record (or change) the points for one indicator of a draft inspection."""
    inspection = _inspection(session, inspection_id)
    if inspection.status == "final":
        raise BadInput(code="rating.final_scores_locked")
    indicator = session.get(RatingIndicator, indicator_id)
    if indicator is None or indicator.template_id != inspection.template_id:
        raise BadInput(code="rating.indicator_other_template", indicator_id=indicator_id)
    value, problem = parse_points(points, indicator.max_points)
    if value is None:
        raise BadInput(code="rating.indicator_problem", indicator_code=indicator.code,
            problem=problem)
    score = session.scalar(select(RatingScore).where(
        RatingScore.inspection_id == inspection_id, RatingScore.indicator_id == indicator_id
    ))
    if score is None:
        score = RatingScore(inspection_id=inspection_id, indicator_id=indicator_id, points=value,
                            deduction_note=note.strip())
        session.add(score)
    else:
        score.points, score.deduction_note = value, note.strip()
    session.flush()
    return score


def attachments_dir(data_dir: Path) -> Path:
    return data_dir / ATTACHMENTS_FOLDER


def attach_evidence(session: Session, score_id: str, source: Path, data_dir: Path) -> Attachment:
    """Keep a copy of a photo/document as evidence for one score (content-addressed file,
    encrypted: app.evidence_files)."""
    score = session.get(RatingScore, score_id)
    if score is None:
        raise BadInput(code="rating.score_not_found", score_id=score_id)
    if _inspection(session, score.inspection_id).status == "final":
        raise BadInput(code="rating.final_no_evidence")
    if not source.is_file():
        raise BadInput(code="rating.evidence_missing", source=source)
    from app.evidence_files import store_evidence

    digest, _target = store_evidence(data_dir, source.read_bytes(), source.suffix)
    inspection = _inspection(session, score.inspection_id)
    attachment = Attachment(
        owner_table=SCORE_OWNER_TABLE, owner_id=score.id, filename=source.name,
        mime_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
        size_bytes=source.stat().st_size, sha256=digest, compound_id=inspection.compound_id,
    )
    session.add(attachment)
    session.flush()
    return attachment


def evidence_counts(session: Session, score_ids: Sequence[str]) -> dict[str, int]:
    if not score_ids:
        return {}
    rows = session.execute(
        select(Attachment.owner_id, func.count())
        .where(Attachment.owner_table == SCORE_OWNER_TABLE, Attachment.owner_id.in_(score_ids),
               _live(Attachment))
        .group_by(Attachment.owner_id)
    )
    return {owner: int(count) for owner, count in rows}


@dataclass
class SheetRow:
    """One indicator as the scoring form shows it, with what was entered so far."""

    indicator_id: str
    area_code: str
    area_name: str
    code: str
    text: str
    max_points: Decimal
    guidance: str
    evidence_required: bool
    score_id: str | None = None
    points: Decimal | None = None
    note: str = ""
    evidence: int = 0

    def problem(self) -> str:
        """What stops this indicator from being finished ("" when it is complete)."""
        if self.points is None:
            return "未评分"
        _, problem = parse_points(self.points, self.max_points)
        if problem:
            return problem
        if self.points < self.max_points and not self.note.strip():
            return "扣分未写说明"
        if self.evidence_required and self.evidence == 0:
            return "需要证据照片"
        return ""


@dataclass(frozen=True)
class Progress:
    scored: int
    indicators: int
    deducted: Decimal
    best_possible: Score


@dataclass
class Sheet:
    """An inspection with everything the form, the report and the checks need."""

    inspection: RatingInspection
    template: RatingTemplate
    compound_name: str
    company_name: str
    street_name: str
    rows: list[SheetRow]
    categories_by_area: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def maximum(self) -> Decimal:
        return sum((r.max_points for r in self.rows), Decimal(0))

    def running_score(self) -> Score:
        """Score of what is entered so far (unscored indicators count 0)."""
        return score_of((r.points or Decimal(0) for r in self.rows), self.maximum,
                        template_bands(self.template))

    def progress(self) -> Progress:
        """How far scoring has got, and the best score still reachable (the rest at full marks)."""
        scored = [r for r in self.rows if r.points is not None]
        deducted = sum((r.max_points - (r.points or Decimal(0)) for r in scored), Decimal(0))
        best = score_of([self.maximum - deducted], self.maximum, template_bands(self.template))
        return Progress(len(scored), len(self.rows), deducted, best)

    def area_totals(self) -> list[tuple[str, str, Decimal, Decimal]]:
        totals: dict[str, list[Any]] = {}
        for row in self.rows:
            entry = totals.setdefault(row.area_code, [row.area_name, Decimal(0), Decimal(0)])
            entry[1] += row.points or Decimal(0)
            entry[2] += row.max_points
        return [(code, name, got, top) for code, (name, got, top) in totals.items()]

    def problems(self) -> list[tuple[str, str]]:
        return [(r.code, p) for r in self.rows if (p := r.problem())]


def inspection_sheet(session: Session, inspection_id: str) -> Sheet:
    inspection = _inspection(session, inspection_id)
    template = session.get(RatingTemplate, inspection.template_id)
    assert template is not None
    compound = session.get(Compound, inspection.compound_id)
    company = session.get(PropertyCompany, inspection.company_id)
    street = session.scalar(
        select(Street.name).join(Community, Community.street_id == Street.id)
        .where(Community.id == (compound.community_id if compound else ""))
    )
    scores = {
        s.indicator_id: s for s in session.scalars(select(RatingScore).where(
            RatingScore.inspection_id == inspection_id, _live(RatingScore)))
    }
    counts = evidence_counts(session, [s.id for s in scores.values()])
    rows = []
    for indicator in template_indicators(session, template.id):
        score = scores.get(indicator.id)
        rows.append(SheetRow(
            indicator.id, indicator.area_code, indicator.area_name, indicator.code, indicator.text,
            indicator.max_points, indicator.guidance, indicator.evidence_required,
            score.id if score else None, score.points if score else None,
            score.deduction_note if score else "", counts.get(score.id, 0) if score else 0,
        ))
    categories = {a["code"]: tuple(a.get("categories", ()))
                  for a in json.loads(template.areas_json or "[]")}
    return Sheet(inspection, template, compound.name if compound else "",
                 company.name if company else "", street or "", rows, categories)


PROBLEMS_SHOWN = 4


def describe_problems(problems: Sequence[tuple[str, str]], limit: int = PROBLEMS_SHOWN
                      ) -> list[Problem]:
    """The first `limit` indicators' problems, worded by code."""
    return [problem("rating.indicator_listed", indicator_code=code, problem=text)
            for code, text in problems[:limit]]


def finish_inspection(session: Session, inspection_id: str) -> Score:
    """Fix the inspection's total, percentage and stars; refused while any indicator is
    unscored, out of range, has an unexplained deduction or lacks required evidence."""
    sheet = inspection_sheet(session, inspection_id)
    inspection = sheet.inspection
    if inspection.status == "final":
        raise BadInput(code="rating.already_final")
    problems = sheet.problems()
    if problems:
        if len(problems) > PROBLEMS_SHOWN:
            raise BadInput(code="rating.cannot_finish_more", problems=describe_problems(problems),
                           more=len(problems) - PROBLEMS_SHOWN)
        raise BadInput(code="rating.cannot_finish", problems=describe_problems(problems))
    score = sheet.running_score()
    inspection.total_points, inspection.percent, inspection.stars = (
        score.total, score.percent, score.stars)
    inspection.status = "final"
    inspection.finished_at = utcnow()
    session.flush()
    return score


# ---- evidence links to agenda items --------------------------------------------------------
@dataclass(frozen=True)
class AgendaLink:
    """An open residents' matter of the compound, shown beside the area it concerns."""

    item_id: str
    title: str
    category: str
    stage: str
    raised_on: date
    deadline: date | None
    overdue: bool


def open_agenda_by_area(
    session: Session, compound_id: str, categories_by_area: Mapping[str, Sequence[str]],
    today: date | None = None,
) -> dict[str, list[AgendaLink]]:
    """Open (not answered/closed) agenda items of the compound per area, overdue first."""
    today = today or date.today()
    items = session.scalars(
        select(AgendaItem).where(
            AgendaItem.compound_id == compound_id, _live(AgendaItem),
            AgendaItem.stage.not_in(CLOSED_AGENDA_STAGES),
        ).order_by(AgendaItem.raised_on)
    ).all()
    by_category: dict[str, list[AgendaLink]] = defaultdict(list)
    for item in items:
        due = item.referred_due if item.stage == "referred" and item.referred_due else item.deadline
        by_category[item.category].append(AgendaLink(
            item.id, item.title, item.category, item.stage, item.raised_on, due,
            due is not None and due < today,
        ))
    result: dict[str, list[AgendaLink]] = {}
    for area, categories in categories_by_area.items():
        links = [link for c in categories for link in by_category.get(c, [])]
        result[area] = sorted(links, key=lambda link: (not link.overdue, link.raised_on))
    return result


# ---- history, ranking, trend ---------------------------------------------------------------
@dataclass(frozen=True)
class InspectionRow:
    inspection_id: str
    inspected_on: date
    compound_id: str
    compound_name: str
    company_id: str
    company_name: str
    street_name: str
    inspector: str
    total: Decimal
    percent: Decimal
    stars: int
    template_label: str


def _final_rows(session: Session, *conditions: Any) -> list[InspectionRow]:
    query = (
        select(RatingInspection, Compound.name, PropertyCompany.name, Street.name,
               RatingTemplate.name, RatingTemplate.version)
        .join(Compound, Compound.id == RatingInspection.compound_id)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .join(PropertyCompany, PropertyCompany.id == RatingInspection.company_id)
        .join(RatingTemplate, RatingTemplate.id == RatingInspection.template_id)
        .where(RatingInspection.status == "final", _live(RatingInspection), *conditions)
        .order_by(RatingInspection.inspected_on.desc(), RatingInspection.id)
    )
    return [
        InspectionRow(i.id, i.inspected_on, i.compound_id, compound, i.company_id, company, street,
                      i.inspector, i.total_points, i.percent, i.stars, f"{name}（第{version}版）")
        for i, compound, company, street, name, version in session.execute(query)
    ]


def company_history(session: Session, company_id: str) -> list[InspectionRow]:
    """Finished inspections of a company, newest first."""
    return _final_rows(session, RatingInspection.company_id == company_id)


def compound_history(session: Session, compound_id: str) -> list[InspectionRow]:
    """Finished inspections at a compound (whichever company served it), newest first."""
    return _final_rows(session, RatingInspection.compound_id == compound_id)


def draft_inspections(session: Session) -> list[tuple[str, str, date]]:
    """Unfinished inspections (id, compound name, date) so the caseworker can resume them."""
    rows = session.execute(
        select(RatingInspection.id, Compound.name, RatingInspection.inspected_on)
        .join(Compound, Compound.id == RatingInspection.compound_id)
        .where(RatingInspection.status == "draft", _live(RatingInspection))
        .order_by(RatingInspection.inspected_on.desc())
    )
    return [(i, n, d) for i, n, d in rows]


@dataclass(frozen=True)
class RankingRow:
    rank: int
    row: InspectionRow


def street_ranking(session: Session, street_id: str, year: int | None = None) -> list[RankingRow]:
    """Each compound's latest finished inspection in the street (in `year` if given), best
    first; equal percentages share a rank (1, 1, 3)."""
    conditions = [Street.id == street_id]
    if year is not None:
        conditions += [RatingInspection.inspected_on >= date(year, 1, 1),
                       RatingInspection.inspected_on <= date(year, 12, 31)]
    latest: dict[str, InspectionRow] = {}
    for row in _final_rows(session, *conditions):
        latest.setdefault(row.compound_id, row)  # rows come newest first
    ordered = sorted(latest.values(), key=lambda r: (-r.percent, r.compound_name))
    ranking: list[RankingRow] = []
    for position, row in enumerate(ordered, start=1):
        same = ranking and ranking[-1].row.percent == row.percent
        ranking.append(RankingRow(ranking[-1].rank if same else position, row))
    return ranking


def streets(session: Session) -> list[tuple[str, str]]:
    return [(i, n) for i, n in session.execute(
        select(Street.id, Street.name).where(_live(Street)).order_by(Street.name))]


def companies(session: Session) -> list[tuple[str, str]]:
    return [(i, n) for i, n in session.execute(
        select(PropertyCompany.id, PropertyCompany.name).where(_live(PropertyCompany))
        .order_by(PropertyCompany.name))]


def compounds_with_company(session: Session) -> list[tuple[str, str, str]]:
    """(compound id, compound name, company name) of compounds a company serves."""
    return [(i, n, c) for i, n, c in session.execute(
        select(Compound.id, Compound.name, PropertyCompany.name)
        .join(PropertyCompany, PropertyCompany.id == Compound.property_company_id)
        .where(_live(Compound)).order_by(Compound.name))]


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "2025-Q3"
    average_percent: Decimal
    inspections: int


def company_trend(session: Session, company_id: str) -> list[TrendPoint]:
    """A company's average percentage per quarter, oldest first (exact mean, shown to 0.01)."""
    per_quarter: dict[str, list[Decimal]] = defaultdict(list)
    for row in company_history(session, company_id):
        quarter = (row.inspected_on.month - 1) // 3 + 1
        per_quarter[f"{row.inspected_on.year}-Q{quarter}"].append(row.percent)
    return [
        TrendPoint(period, (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_DOWN),
                   len(values))
        for period, values in sorted(per_quarter.items())
    ]


def points_text(value: Decimal | None) -> str:
    """Points as a caseworker writes them: 2, 1.5, 97.5 (no trailing zeros, never 1E+1)."""
    return "" if value is None else format(value.normalize(), "f")


def stars_text(stars: int) -> str:
    return "★" * stars + "☆" * (5 - stars) if stars else "不予评星"
