"""Inspections: opening one, recording scores, the sheet the form and the report read, the
checks before finishing, and the open agenda items shown beside each area."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.errors import BadInput
from app.messages import Problem, problem
from app.ratings.common import get_inspection, live
from app.ratings.evidence import evidence_counts
from app.ratings.scoring import Score, parse_points, score_of
from app.ratings.templates import template_bands, template_indicators
from app.ratings.versioning import current_template
from db.models import (
    AgendaItem,
    Community,
    Compound,
    PropertyCompany,
    RatingIndicator,
    RatingInspection,
    RatingScore,
    RatingTemplate,
    Street,
)
from db.types import utcnow

CLOSED_AGENDA_STAGES = ("answered", "closed")


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
    if inspected_on > local_today():
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


def set_score(
    session: Session, inspection_id: str, indicator_id: str, points: str | Decimal,
    note: str = "",
) -> RatingScore:
    """Record (or change) the points for one indicator of a draft inspection."""
    inspection = get_inspection(session, inspection_id)
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
    inspection = get_inspection(session, inspection_id)
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
            RatingScore.inspection_id == inspection_id, live(RatingScore)))
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
    today = today or local_today()
    items = session.scalars(
        select(AgendaItem).where(
            AgendaItem.compound_id == compound_id, live(AgendaItem),
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
