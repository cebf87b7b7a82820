"""Who sits on a committee: the sitting committee was elected with 5–11 members, an odd number
(vacancies since are app/audit/committee.py's), and every member of it and every alternate
waiting to step in — and everyone elected at a tally — owns a part in the compound's register
(指导规则第三十一条: members are owners)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select

from app.audit.context import AuditContext, election_subject
from app.audit.findings import Finding, Subject
from app.committee.records import seated, waiting_alternates
from app.committee.vacancies import original_size
from db.models import Candidate, CommitteeMember, Election, OwnersCommittee


def _committee_subject(committee: OwnersCommittee) -> Subject:
    since = f"{committee.term_start} 起" if committee.term_start else "任期未登记"
    return Subject("committee", committee.id, f"业委会（{since}）")


def _active_committees(ctx: AuditContext) -> list[OwnersCommittee]:
    return list(ctx.session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.deleted_at.is_(None), OwnersCommittee.status == "active",
    ).order_by(OwnersCommittee.id)))


def _members(ctx: AuditContext, committee_ids: list[str]) -> dict[str, list[CommitteeMember]]:
    found: dict[str, list[CommitteeMember]] = defaultdict(list)
    for member in ctx.session.scalars(select(CommitteeMember).where(
            CommitteeMember.committee_id.in_(committee_ids), CommitteeMember.deleted_at.is_(None),
    ).order_by(CommitteeMember.name, CommitteeMember.id)):
        found[member.committee_id].append(member)
    return found


def audit_committees(ctx: AuditContext) -> Iterator[Finding]:
    rules = ctx.rules.committee
    committees = _active_committees(ctx)
    members = _members(ctx, [c.id for c in committees])
    for committee in committees:
        compound = ctx.compound_name(committee.compound_id)
        subject = _committee_subject(committee)
        rows = members.get(committee.id, [])
        size = original_size(ctx.session, committee, rows)
        if not rules.size_ok(size):
            yield Finding("committee.size", "violation", compound, subject, rules.origin,
                          {"size": size, "min": rules.min_size, "max": rules.max_size,
                           "odd": rules.odd})
        owned = ctx.owned_units(committee.compound_id)
        for member in seated(rows, ctx.today) + waiting_alternates(rows, ctx.today):
            if member.unit_id not in owned:
                yield Finding("member.not_owner", "violation", compound, subject, rules.origin,
                              {"name": member.name, "linked": member.unit_id is not None})


def audit_elected(ctx: AuditContext) -> Iterator[Finding]:
    """Elected candidates not (yet) on a sitting committee checked above."""
    seated = {(committee_election, name) for committee_election, name in ctx.session.execute(
        select(OwnersCommittee.election_id, CommitteeMember.name)
        .join(CommitteeMember, CommitteeMember.committee_id == OwnersCommittee.id)
        .where(OwnersCommittee.deleted_at.is_(None), OwnersCommittee.status == "active",
               CommitteeMember.deleted_at.is_(None)))}
    rows = ctx.session.execute(
        select(Candidate, Election).join(Election, Election.id == Candidate.election_id)
        .where(Candidate.deleted_at.is_(None), Candidate.status == "elected",
               Election.deleted_at.is_(None))
        .order_by(Election.id, Candidate.sort_order, Candidate.name))
    for candidate, election in rows:
        if (election.id, candidate.name) in seated:
            continue
        if candidate.unit_id not in ctx.owned_units(election.compound_id):
            yield Finding("elected.not_owner", "violation",
                          ctx.compound_name(election.compound_id), election_subject(election),
                          ctx.rules.committee.origin,
                          {"name": candidate.name, "linked": candidate.unit_id is not None})
