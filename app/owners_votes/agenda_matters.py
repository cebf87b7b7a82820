"""Agenda items that are owners' matters (Civil Code Art. 278(1), categories marked in
agenda.toml) reach 定 only with a passed owners' vote linked to the item: a meeting of the party
branch, the committee and the company hears and discusses them but cannot decide them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda_rules import OwnersMatter
from app.agenda_rules import load_rules as agenda_rules
from app.messages import Problem, problem
from app.owners_votes.outcome import passed
from db.models import AgendaItem, OwnersVote

if TYPE_CHECKING:
    from app.rules import Rules

THRESHOLD_ZH = {"ordinary": "参与表决专有部分面积过半数且人数过半数的业主同意",
                "major": "参与表决专有部分面积四分之三以上且人数四分之三以上的业主同意"}


def owners_matter(category: str) -> OwnersMatter | None:
    return agenda_rules().owners_matters.get(category)


def category_matter_of(session: Session, item_id: str | None) -> str | None:
    """"ordinary"/"major" when the item is an owners' matter, else None."""
    item = session.get(AgendaItem, item_id) if item_id else None
    found = owners_matter(item.category) if item is not None else None
    return found.matter if found else None


def item_votes(session: Session, item: AgendaItem) -> list[OwnersVote]:
    """The item's votes — of its own compound only (a synced vote of another compound linked to
    it, from a faulty client, decides nothing here)."""
    return list(session.scalars(
        select(OwnersVote).where(OwnersVote.agenda_item_id == item.id,
                                 OwnersVote.compound_id == item.compound_id,
                                 OwnersVote.deleted_at.is_(None))
        .order_by(OwnersVote.held_on, OwnersVote.id)))


def deciding_vote(session: Session, item: AgendaItem, rules: Rules,
                  on: date | None = None) -> OwnersVote | None:
    """A passed vote on the item at the category's threshold (a major matter needs a major
    vote), held by `on` when given (the owners decide before the item is 定)."""
    found = owners_matter(item.category)
    for vote in item_votes(session, item):
        if on is not None and vote.held_on is not None and vote.held_on > on:
            continue
        if passed(vote, rules) and (found is None or found.matter == "ordinary" or vote.matter == "major"):
            return vote
    return None


def decide_problem(session: Session, item: AgendaItem, rules: Rules,
                   on: date | None = None) -> Problem | None:
    """Why this item may not be moved to 定 (on `on`) without the owners, or None."""
    found = owners_matter(item.category)
    if found is None or deciding_vote(session, item, rules, on) is not None:
        return None
    if found.matter == "major":
        return problem("agenda.owners_matter.major", title=item.title, label=found.label,
                       source=found.source)
    return problem("agenda.owners_matter.ordinary", title=item.title, label=found.label,
                   source=found.source)
