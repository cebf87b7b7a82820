"""What a new meeting starts with, so the caseworker does not type it at the table: the
compound's parties as attendees (its party branch, its owners' committee or — 以居代业 — the
residents' committee, its property company) and its open agenda items (听/议) queued in the
order they were raised. Everything added can be removed or ticked as usual."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import meetings
from app.standing_in import COMMITTEE_ROLE, RESIDENTS_ROLE, has_committee
from db.models import (
    BranchCompound,
    CommitteeMember,
    Community,
    Compound,
    MeetingAttendance,
    OwnersCommittee,
    PartyBranch,
    PropertyCompany,
)

NAME_MAX = 40  # meeting_attendance.name
COMMITTEE_LEADS = ("director", "deputy")  # 主任、副主任 sit for the committee


@dataclass(frozen=True)
class Prefilled:
    attendees: int
    items: int


def invitees(session: Session, compound_id: str) -> list[tuple[str, str]]:
    """(name, role) of the parties this compound's meetings invite, in table order."""
    compound = session.get(Compound, compound_id)
    if compound is None:
        return []
    people: list[tuple[str, str]] = []
    for name, secretary in session.execute(
        select(PartyBranch.name, PartyBranch.secretary_name)
        .join(BranchCompound, BranchCompound.branch_id == PartyBranch.id)
        .where(BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None),
               PartyBranch.deleted_at.is_(None))
        .order_by(PartyBranch.name)
    ):
        people.append((secretary.strip() or name, "party_branch"))
    if has_committee(compound):
        leads = session.scalars(
            select(CommitteeMember.name)
            .join(OwnersCommittee, OwnersCommittee.id == CommitteeMember.committee_id)
            .where(OwnersCommittee.compound_id == compound_id, OwnersCommittee.status == "active",
                   OwnersCommittee.deleted_at.is_(None), CommitteeMember.deleted_at.is_(None),
                   CommitteeMember.left_on.is_(None), CommitteeMember.role.in_(COMMITTEE_LEADS))
            .order_by(CommitteeMember.role, CommitteeMember.rank, CommitteeMember.name)
        ).all()
        people += [(name, COMMITTEE_ROLE) for name in leads] or [("业委会代表", COMMITTEE_ROLE)]
    else:
        community = session.get(Community, compound.community_id)
        people.append((f"{community.name if community else ''}居委会", RESIDENTS_ROLE))
    if compound.property_company_id:
        company = session.get(PropertyCompany, compound.property_company_id)
        if company is not None and company.deleted_at is None:
            people.append((company.name, "property"))
    return [(name[:NAME_MAX], role) for name, role in people]


def prefill(session: Session, meeting_id: str) -> Prefilled:
    """Add the compound's parties not yet listed and queue its open items not yet on the table."""
    meeting = meetings.get_meeting(session, meeting_id)
    listed = {(name, role) for name, role in session.execute(
        select(MeetingAttendance.name, MeetingAttendance.role)
        .where(MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.deleted_at.is_(None))
    )}
    added = 0
    for name, role in invitees(session, meeting.compound_id):
        if (name, role) not in listed:
            meetings.add_attendee(session, meeting_id, name=name, role=role)
            listed.add((name, role))
            added += 1
    queued = meetings.items_for_meeting(session, meeting_id)
    for item_id, _title, _stage in queued:
        meetings.add_item(session, meeting_id, item_id)
    return Prefilled(added, len(queued))
