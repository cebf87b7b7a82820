"""以居代业: where a compound has no owners' committee, the community residents' committee takes
its seat — at meetings, among the parties whose positions an agenda item records, in answer
notices — so no paper names a 业主委员会 that does not exist (深建规〔2023〕1号; see
[procedure.standing_in] in the rules file for its standing)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import BadInput
from db.models import Compound

COMMITTEE_ROLE = "committee"  # agenda.toml [roles]
RESIDENTS_ROLE = "residents_cmte"
COMMITTEE_NAME = "业主委员会"
RESIDENTS_NAME = "社区居委会"
ACTING_NAME = "社区居委会（以居代业）"


def has_committee(compound: Compound) -> bool:
    """An owners' committee sits (status active) and no standing-in is recorded."""
    return compound.committee_status == "active" and not compound.residents_committee_acting


def committee_name(compound: Compound) -> str:
    """Who sits in the committee's place at the table and on paper."""
    if has_committee(compound):
        return COMMITTEE_NAME
    return ACTING_NAME if compound.residents_committee_acting else RESIDENTS_NAME


def roles_for(compound: Compound | None, roles: dict[str, str]) -> dict[str, str]:
    """The parties (key → label, in the file's order) for this compound: without a committee
    the committee's place is the residents' committee's (以居代业 when recorded)."""
    if compound is None or has_committee(compound):
        return dict(roles)
    result: dict[str, str] = {}
    for key, label in roles.items():
        if key == COMMITTEE_ROLE:
            result[RESIDENTS_ROLE] = committee_name(compound)
        elif key != RESIDENTS_ROLE:
            result[key] = label
    if RESIDENTS_ROLE not in result:
        result[RESIDENTS_ROLE] = committee_name(compound)
    return result


def check_party(compound: Compound | None, role: str) -> None:
    """Refuse the owners' committee as a party of a compound that has none."""
    if compound is not None and role == COMMITTEE_ROLE and not has_committee(compound):
        raise BadInput(code="standing_in.residents_committee", name=compound.name,
            committee=committee_name(compound), residents=RESIDENTS_NAME)


def parties(session: Session, compound_id: str) -> dict[str, str]:
    """The parties at this compound's table (agenda.toml [roles] through `roles_for`)."""
    from app.agenda_rules import load_rules

    return roles_for(session.get(Compound, compound_id), load_rules().roles)
