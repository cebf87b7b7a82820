"""Checks of the elected committee (not only of the candidates): every member an owner in the
register, nobody working for the compound's property company, the party-member share, and
交叉任职 with the party branch covering the compound. `[term.checks]` says which block filing
and which are hints; each carries its source."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.committee.records import members, seated, waiting_alternates
from app.elections.check_item import Check
from app.elections.register import compound_units
from app.messages import Problem, problem
from db.models import (
    BranchCompound,
    Candidate,
    CommitteeMember,
    Election,
    OwnersCommittee,
    PartyMember,
)

if TYPE_CHECKING:
    from app.rules import Rules
    from app.rules_term import CommitteeCheck


def _check(code: str, title: Problem, bad: list[str], rule: CommitteeCheck, ok: Problem) -> Check:
    detail = problem("committee.names", names=bad) if bad else ok
    return _coded(code, title, not bad, detail, rule)


def _coded(code: str, title: Problem, passed: bool, detail: Problem,
           rule: CommitteeCheck) -> Check:
    """The Chinese text as before, and the codes the English UI words it by."""
    return Check(code=code, title=str(title), passed=passed, detail=str(detail),
                 origin=rule.origin, flag_only=not rule.blocking, title_msg=title,
                 detail_msg=detail)


def _owners_check(session: Session, committee: OwnersCommittee, people: list[CommitteeMember],
                  rules: Rules) -> Check:
    """指导规则第三十一条: members are owners — a unit of this compound, not the developer's unsold."""
    owned = {u.id for u in compound_units(session, committee.compound_id) if not u.developer_unsold}
    bad = [m.name for m in people if m.unit_id not in owned]
    return _check("member_not_owner", problem("committee.owners_title"), bad, rules.term.owners,
                  problem("committee.owners_ok", n=len(people)))


def _works_for_property(session: Session, committee: OwnersCommittee, member: CommitteeMember) -> bool:
    """Property-company staff: the linked party member says so, or the member's latest candidacy."""
    if member.party_member_id is not None:
        party = session.get(PartyMember, member.party_member_id)
        if party is not None and party.works_for_property:
            return True
    rows = session.execute(
        select(Candidate.works_for_property, Candidate.unit_id)
        .join(Election, Election.id == Candidate.election_id)
        .where(Election.compound_id == committee.compound_id, Candidate.name == member.name,
               Candidate.deleted_at.is_(None), Election.deleted_at.is_(None))
        .order_by(Election.vote_end.desc().nulls_last(), Candidate.id)
    ).all()
    same = [r for r in rows if member.unit_id is None or r.unit_id in (None, member.unit_id)]
    return bool(same and same[0].works_for_property)


def _property_check(session: Session, committee: OwnersCommittee, people: list[CommitteeMember],
                    rules: Rules) -> Check:
    bad = [m.name for m in people if _works_for_property(session, committee, m)]
    return _check("property_staff", problem("committee.property_title"), bad,
                  rules.term.property_staff, problem("committee.property_ok"))


def party_share_needed(rules: Rules) -> Fraction:
    return rules.term.party_share.share or rules.party_share.candidates


def _party_share_check(sitting: list[CommitteeMember], rules: Rules) -> Check:
    need = party_share_needed(rules)
    party = sum(1 for m in sitting if m.is_party_member)
    short = bool(sitting) and Fraction(party, len(sitting)) < need
    detail = problem("committee.party_share_found", party=party, total=len(sitting),
                     num=need.numerator, den=need.denominator)
    return _coded("party_share", problem("committee.party_share_title"), not short, detail,
                  rules.term.party_share)


def _branch_member_ids(session: Session, compound_id: str) -> set[str]:
    """Party members of the branches covering the compound (own or joint)."""
    branches = select(BranchCompound.branch_id).where(
        BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None))
    return set(session.scalars(select(PartyMember.id).where(
        PartyMember.branch_id.in_(branches), PartyMember.deleted_at.is_(None))))


def cross_serving(session: Session, committee: OwnersCommittee,
                  sitting: list[CommitteeMember]) -> list[CommitteeMember]:
    """Seated members who are party members of the branch covering the compound (交叉任职)."""
    ids = _branch_member_ids(session, committee.compound_id)
    return [m for m in sitting if m.party_member_id in ids]


def _cross_check(session: Session, committee: OwnersCommittee, sitting: list[CommitteeMember],
                 rules: Rules) -> Check:
    rule = rules.term.cross_serving
    found = cross_serving(session, committee, sitting)
    short = len(found) < rule.min_members
    names = ([m.name for m in found] if found else problem("committee.none"))
    detail = problem("committee.cross_found", n=len(found), names=names, min=rule.min_members)
    return _coded("cross_serving", problem("committee.cross_title"), not short, detail, rule)


def committee_checks(session: Session, committee: OwnersCommittee, rules: Rules,
                     today: date | None = None) -> list[Check]:
    """All checks of the committee as it sits on `today` (alternates are checked as owners and
    for property-company work too: they may step in at any time)."""
    rows = members(session, committee.id)
    sitting = seated(rows, today)
    people = sitting + waiting_alternates(rows, today)
    return [
        _owners_check(session, committee, people, rules),
        _property_check(session, committee, people, rules),
        _party_share_check(sitting, rules),
        _cross_check(session, committee, sitting, rules),
    ]


def blocking_problems(session: Session, committee: OwnersCommittee, rules: Rules,
                      today: date | None = None) -> list[Problem]:
    """The failed checks that stop filing, each with its detail and source."""
    return [problem("filing.check_failed", title=c.title_msg or c.title,
                    detail=c.detail_msg or c.detail, source=c.origin.source)
            for c in committee_checks(session, committee, rules, today) if c.blocks]
