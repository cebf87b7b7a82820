"""A first election's assembly also adopts the 管理规约 and the 业主大会议事规则 (Civil Code
Art. 278(1) items 1–2): each needs a passed owners' vote linked to the election before the
committee is filed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.messages import Problem, problem
from app.owners_votes.outcome import passed
from db.models import Election, OwnersVote

if TYPE_CHECKING:
    from app.rules import Rules

STATUTE_NAMES = {"management_statute": "管理规约", "procedure_rules": "业主大会议事规则"}


def statute_votes(session: Session, election: Election) -> list[OwnersVote]:
    return list(session.scalars(
        select(OwnersVote).where(OwnersVote.election_id == election.id,
                                 OwnersVote.compound_id == election.compound_id,
                                 OwnersVote.deleted_at.is_(None),
                                 OwnersVote.subject.in_(tuple(STATUTE_NAMES)))
        .order_by(OwnersVote.held_on, OwnersVote.id)))


def missing_statutes(session: Session, election: Election, rules: Rules) -> list[str]:
    """The subjects the rules require that no passed vote of this election adopted."""
    if election.kind != "first":
        return []
    adopted = {v.subject for v in statute_votes(session, election) if passed(v, rules)}
    return [s for s in rules.procedure.first_assembly.statute_votes if s not in adopted]


def first_assembly_problem(session: Session, election: Election, rules: Rules) -> Problem | None:
    """Why the first election cannot be filed yet for want of its statute votes, or None."""
    missing = missing_statutes(session, election, rules)
    if not missing:
        return None
    return problem("filing.statutes_unvoted", names=[STATUTE_NAMES.get(s, s) for s in missing],
                   source=rules.procedure.first_assembly.origin.source)
