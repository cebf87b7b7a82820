"""Reading a compound's committees and their members (live rows only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CommitteeMember, Election, OwnersCommittee

SEATED_ROLES = ("director", "deputy", "member")  # 主任, 副主任, 委员: a seat (alternates hold none)


def active_committee(session: Session, compound_id: str) -> OwnersCommittee | None:
    """The compound's active committee (the newest term if sync ever brought two)."""
    return session.scalars(
        select(OwnersCommittee).where(
            OwnersCommittee.compound_id == compound_id, OwnersCommittee.status == "active",
            OwnersCommittee.deleted_at.is_(None),
        ).order_by(OwnersCommittee.term_start.desc(), OwnersCommittee.id)
    ).first()


def latest_committee(session: Session, compound_id: str) -> OwnersCommittee | None:
    """The compound's newest committee, sitting or expired (its term is the one to renew)."""
    return session.scalars(
        select(OwnersCommittee).where(
            OwnersCommittee.compound_id == compound_id, OwnersCommittee.deleted_at.is_(None),
        ).order_by(OwnersCommittee.term_start.desc().nulls_last(), OwnersCommittee.id.desc())
    ).first()


def committee_of(session: Session, election: Election) -> OwnersCommittee | None:
    """The committee an election seated: its own for first/re-election/early, else the active one
    its by-election filled."""
    own = session.scalars(
        select(OwnersCommittee).where(
            OwnersCommittee.election_id == election.id, OwnersCommittee.deleted_at.is_(None),
        ).order_by(OwnersCommittee.id)
    ).first()
    if own is not None or election.kind != "by_election":
        return own
    return active_committee(session, election.compound_id)


def members(session: Session, committee_id: str) -> list[CommitteeMember]:
    """Everyone ever on the committee (alternates and those who left too), by rank."""
    return list(session.scalars(
        select(CommitteeMember).where(
            CommitteeMember.committee_id == committee_id, CommitteeMember.deleted_at.is_(None),
        ).order_by(CommitteeMember.rank, CommitteeMember.name, CommitteeMember.id)
    ))


def is_current(member: CommitteeMember, today: date | None = None) -> bool:
    """Still on the committee (has not left, or leaves after `today`)."""
    return member.left_on is None or (today is not None and member.left_on > today)


def seated(rows: list[CommitteeMember], today: date | None = None) -> list[CommitteeMember]:
    """Those holding a seat now: director, deputies and members who have not left."""
    return [m for m in rows if m.role in SEATED_ROLES and is_current(m, today)]


def waiting_alternates(rows: list[CommitteeMember], today: date | None = None) -> list[CommitteeMember]:
    """Alternates not yet stepped in, in the order they step in (vote rank)."""
    return sorted((m for m in rows if m.role == "alternate" and is_current(m, today)),
                  key=lambda m: (m.rank, m.name, m.id))


def filing_election(session: Session, committee: OwnersCommittee) -> Election | None:
    """The election whose filing the committee's filing fields hold: its own election, or the
    latest by-election that filled it (a by-election starts a new filing, a change report)."""
    own = session.get(Election, committee.election_id) if committee.election_id else None
    if committee.term_start is None:
        return own
    by = [e for e in session.scalars(select(Election).where(
        Election.compound_id == committee.compound_id, Election.kind == "by_election",
        Election.deleted_at.is_(None), Election.tally_json.is_not(None)))
        if (e.result_published_on or e.vote_end or committee.term_start) >= committee.term_start]
    if not by:
        return own
    return max(by, key=lambda e: (e.result_published_on or e.vote_end or committee.term_start, e.id))
