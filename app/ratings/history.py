"""Finished inspections over time: a company's and a compound's history, the drafts to resume,
the ranking per street and a company's quarterly trend."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ratings.common import live
from app.ratings.scoring import CENT
from db.models import (
    Community,
    Compound,
    PropertyCompany,
    RatingInspection,
    RatingTemplate,
    Street,
)


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
        .where(RatingInspection.status == "final", live(RatingInspection), *conditions)
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
        .where(RatingInspection.status == "draft", live(RatingInspection))
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
        select(Street.id, Street.name).where(live(Street)).order_by(Street.name))]


def companies(session: Session) -> list[tuple[str, str]]:
    return [(i, n) for i, n in session.execute(
        select(PropertyCompany.id, PropertyCompany.name).where(live(PropertyCompany))
        .order_by(PropertyCompany.name))]


def compounds_with_company(session: Session) -> list[tuple[str, str, str]]:
    """(compound id, compound name, company name) of compounds a company serves."""
    return [(i, n, c) for i, n, c in session.execute(
        select(Compound.id, Compound.name, PropertyCompany.name)
        .join(PropertyCompany, PropertyCompany.id == Compound.property_company_id)
        .where(live(Compound)).order_by(Compound.name))]


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
