"""The committee's first meeting, where it chooses its 主任 and 副主任 (指导规则第三十二条: within
7 days of the election — `[term.first_meeting]`). A late meeting is still recorded (the law is
served late rather than not at all) and the audit reports it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.committee.records import committee_of, members, seated
from app.errors import BadInput
from app.messages import Problem, problem
from db.models import CommitteeMember, Election, OwnersCommittee

if TYPE_CHECKING:
    from app.rules import Rules


def first_meeting_due(committee: OwnersCommittee, rules: Rules) -> date | None:
    """The last day for the first meeting: the election day plus `[term.first_meeting] days`."""
    if committee.term_start is None:
        return None
    return committee.term_start + timedelta(days=rules.term.first_meeting_days)


def first_meeting_late_days(committee: OwnersCommittee, rules: Rules) -> int:
    """Days the recorded first meeting came after its due day (0 when on time or not held)."""
    due = first_meeting_due(committee, rules)
    if due is None or committee.first_meeting_on is None:
        return 0
    return max(0, (committee.first_meeting_on - due).days)


def director(rows: Sequence[CommitteeMember], today: date | None = None) -> CommitteeMember | None:
    return next((m for m in seated(list(rows), today) if m.role == "director"), None)


def first_meeting_problem(session: Session, election: Election, rules: Rules, today: date
                          ) -> Problem | None:
    """Why the committee may not be seated yet (guard for entering `seated`), or None."""
    committee = committee_of(session, election)
    if committee is None:
        return problem("committee.no_record")
    origin = rules.term.first_meeting_origin.source
    if committee.first_meeting_on is None:
        return problem("committee.first_meeting_missing", source=origin,
                       days=rules.term.first_meeting_days)
    if committee.first_meeting_on > today:
        return problem("committee.first_meeting_future", held_on=committee.first_meeting_on)
    if director(members(session, committee.id), today) is None:
        return problem("committee.no_chair", source=origin)
    return None


def _pick(rows: list[CommitteeMember], member_id: str, label: str) -> CommitteeMember:
    found = next((m for m in rows if m.id == member_id), None)
    if found is None:
        raise BadInput(code="committee.officer_not_member", role=label)
    return found


def choose_officers(session: Session, committee: OwnersCommittee, director_id: str,
                    deputy_ids: Sequence[str], today: date) -> None:
    """Make one seated member 主任 and others 副主任; every other seated member is a 委员."""
    rows = seated(members(session, committee.id), today)
    chosen = _pick(rows, director_id, "主任")
    deputies = [_pick(rows, i, "副主任") for i in dict.fromkeys(deputy_ids)]
    if chosen in deputies:
        raise BadInput(code="committee.chair_not_vice")
    for member in rows:
        member.role = "member"
    chosen.role = "director"
    for member in deputies:
        member.role = "deputy"


def record_first_meeting(session: Session, committee: OwnersCommittee, held_on: date,
                         director_id: str, deputy_ids: Sequence[str], today: date) -> None:
    """Record the first meeting and the officers it chose."""
    if held_on > today:
        raise BadInput(code="committee.first_meeting_future", held_on=held_on)
    if committee.term_start is not None and held_on < committee.term_start:
        raise BadInput(code="committee.first_meeting_before_term", held_on=held_on,
            term_start=committee.term_start)
    choose_officers(session, committee, director_id, deputy_ids, today)
    committee.first_meeting_on = held_on
    session.flush()
