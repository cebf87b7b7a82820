"""Vacancies (委员出缺) and who fills them. 深圳条例第四十一条: when a member's office ends the
committee lets the alternates step in, in order of votes, publishes it and files it within 15
days of the publication's end; once every alternate has stepped in and fewer than half of the
members elected remain, the street office is told and the committee is re-elected (提前换届).
A 补选 (by-election) is the district's way to fill vacancies with no alternates left.

KINDS' by_election/early triggers read `vacancy_status`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.committee.records import members, seated, waiting_alternates
from app.elections.stored_tally import stored_tally
from app.errors import BadInput
from db.models import CommitteeMember, Election, OwnersCommittee, PartyMember
from db.models.elections import LEAVE_REASONS

if TYPE_CHECKING:
    from app.rules import Rules

LEAVE_REASON_NAMES = {
    "resigned": "辞职", "removed": "罢免", "disqualified": "资格终止", "moved_out": "不再是业主",
    "deceased": "去世", "other": "其他",
}
NEEDS = ("none", "step_in", "by_election", "early")
NEED_NAMES = {
    "none": "无空缺", "step_in": "候补委员递补", "by_election": "补选", "early": "提前换届",
}


@dataclass(frozen=True)
class VacancyStatus:
    """How the committee stands against the number elected, and what is needed."""

    original: int  # members elected (the seats)
    sitting: int  # seats held today
    alternates: int  # alternates still waiting
    need: str  # one of NEEDS

    @property
    def vacancies(self) -> int:
        return max(0, self.original - self.sitting)

    @property
    def need_zh(self) -> str:
        return NEED_NAMES[self.need]


def original_size(session: Session, committee: OwnersCommittee, rows: list[CommitteeMember]) -> int:
    """Members elected with the committee: the committee's own tally, else those seated at its start."""
    election = session.get(Election, committee.election_id) if committee.election_id else None
    tally = stored_tally(election) if election is not None else None
    if tally is not None and "elected" in tally:
        return len(tally["elected"])
    return sum(1 for m in rows if m.role != "alternate"
               and (m.joined_on is None or m.joined_on == committee.term_start))


def vacancy_status(session: Session, committee: OwnersCommittee, rules: Rules,
                   today: date | None = None) -> VacancyStatus:
    """Vacancies and the step they call for: an alternate steps in while any waits; with none
    left, fewer than `early_below` of the original members calls for 提前换届, else a 补选."""
    rows = members(session, committee.id)
    sitting, waiting = seated(rows, today), waiting_alternates(rows, today)
    original = original_size(session, committee, rows)
    need = "none"
    if len(sitting) < original:
        if waiting and rules.term.vacancy_from_alternates:
            need = "step_in"
        elif original and Fraction(len(sitting), original) < rules.term.early_below:
            need = "early"
        else:
            need = "by_election"
    return VacancyStatus(original=original, sitting=len(sitting), alternates=len(waiting), need=need)


def _link_party(session: Session, member: CommitteeMember, on: bool) -> None:
    """Keep the party roster's 交叉任职 flag in step with the committee."""
    if member.party_member_id is not None:
        party = session.get(PartyMember, member.party_member_id)
        if party is not None:
            party.on_committee = on


def step_in(session: Session, committee: OwnersCommittee, day: date) -> CommitteeMember | None:
    """The first waiting alternate by rank becomes a member on `day` (None when none waits)."""
    waiting = waiting_alternates(members(session, committee.id), day)
    if not waiting:
        return None
    alternate = waiting[0]
    alternate.role = "member"
    alternate.joined_on = day
    _link_party(session, alternate, True)
    return alternate


def leave(session: Session, committee: OwnersCommittee, member_id: str, left_on: date,
          reason: str, rules: Rules, today: date) -> CommitteeMember | None:
    """Record that a member (or an alternate) left; a member's seat goes to the first alternate
    (深圳条例第四十一条). Returns the alternate who stepped in, if any."""
    if reason not in LEAVE_REASONS:
        raise BadInput(code="committee.unknown_leave_reason", reason=reason)
    if left_on > today:
        raise BadInput(code="committee.left_on_future", left_on=left_on)
    member = next((m for m in members(session, committee.id) if m.id == member_id), None)
    if member is None:
        raise BadInput(code="committee.member_other_term")
    if member.left_on is not None:
        raise BadInput(code="committee.member_already_left", name=member.name,
            left_on=member.left_on)
    if committee.term_start is not None and left_on < committee.term_start:
        raise BadInput(code="committee.left_before_term", left_on=left_on,
            term_start=committee.term_start)
    held_seat = member.role != "alternate"
    member.left_on = left_on
    member.left_reason = reason
    if member.role in ("director", "deputy"):
        member.role = "member"  # the office is vacant; the committee chooses again
    _link_party(session, member, False)
    stepped = step_in(session, committee, left_on) if held_seat and rules.term.vacancy_from_alternates else None
    session.flush()
    return stepped
