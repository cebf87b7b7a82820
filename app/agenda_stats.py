"""Agenda figures per compound or per street for the dashboard: open, overdue, average days from
听 to 回音, and the share answered. Aggregated in Python so SQLite and PostgreSQL agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda import FINISHED_STAGES, is_overdue
from app.agenda_rules import local_today
from db.models import AgendaItem, Community, Compound, Street


@dataclass(frozen=True)
class AgendaFigures:
    """Figures for one compound or street. `avg_days_to_answer` and `share_answered` are None
    when there is nothing to average (no answered items / no items)."""

    key: str  # compound id or street id
    name: str
    total: int
    open: int  # not yet answered or closed
    overdue: int
    answered: int  # items that got an answer (回音), whatever their stage now
    avg_days_to_answer: float | None
    share_answered: float | None  # answered / total


@dataclass
class _Tally:
    name: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    answered: int = 0
    answer_days: int = 0

    def figures(self, key: str) -> AgendaFigures:
        return AgendaFigures(
            key=key, name=self.name, total=self.total, open=self.open, overdue=self.overdue,
            answered=self.answered,
            avg_days_to_answer=(self.answer_days / self.answered) if self.answered else None,
            share_answered=(self.answered / self.total) if self.total else None,
        )


def agenda_figures(
    session: Session, *, by: Literal["compound", "street"] = "compound",
    today: date | None = None, now: datetime | None = None,
    compound_ids: Iterable[str] | None = None,
) -> list[AgendaFigures]:
    """One AgendaFigures per compound (or street) that has items, ordered by name.

    `today` (or an aware `now`) fixes the caseworker's local date for "overdue"; default: the clock.
    """
    today = today or local_today(now)
    key_col, name_col = (Compound.id, Compound.name) if by == "compound" else (Street.id, Street.name)
    query = (
        select(
            key_col, name_col, AgendaItem.stage, AgendaItem.raised_on, AgendaItem.answered_on,
            AgendaItem.deadline, AgendaItem.referred_due,
        )
        .join(Compound, Compound.id == AgendaItem.compound_id)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .where(AgendaItem.deleted_at.is_(None))
    )
    if compound_ids is not None:
        query = query.where(AgendaItem.compound_id.in_(list(compound_ids)))
    tallies: dict[str, _Tally] = {}
    for key, name, stage, raised_on, answered_on, deadline, referred_due in session.execute(query):
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = _Tally(name)
        tally.total += 1
        if stage not in FINISHED_STAGES:
            tally.open += 1
        if is_overdue(stage, deadline, referred_due, today):
            tally.overdue += 1
        if answered_on is not None:
            tally.answered += 1
            tally.answer_days += (answered_on - raised_on).days
    return sorted((t.figures(k) for k, t in tallies.items()), key=lambda f: (f.name, f.key))
