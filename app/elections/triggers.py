"""Whether a by-election's or an early re-election's trigger holds, from the records: the sitting
committee's members and alternates (app.committee.vacancies), its meetings, and the owners'
removal votes (app.owners_votes).

A by-election fills vacancies the alternates could not ([term.vacancy]: alternates step in by
rank first); an early re-election follows when fewer than [term.vacancy].early_below of the
members elected remain, when the committee has held no meeting for the months the trigger
names, or when the owners voted to replace it (民法典第二百七十八条第一款第三项).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.committee.countdown import months_before
from app.committee.records import committee_of
from app.committee.seating import add_years
from app.committee.vacancies import vacancy_status
from app.messages import Problem, problem
from app.owners_votes.outcome import passed
from app.rules import Rules
from app.rules_kinds import Trigger
from db.models import Election, Meeting, MeetingAttendance, OwnersCommittee, OwnersVote


def replaced_committee(session: Session, election: Election) -> OwnersCommittee | None:
    """The committee this election is about: the one a by-election fills (the sitting one), or
    the one a re-election replaces — the newest of the compound's other committees, so the
    answer stays the same after the election seated its own."""
    if election.kind == "by_election":
        return committee_of(session, election)
    return session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.compound_id == election.compound_id, OwnersCommittee.deleted_at.is_(None),
        or_(OwnersCommittee.election_id.is_(None), OwnersCommittee.election_id != election.id))
        .order_by(OwnersCommittee.term_start.desc(), OwnersCommittee.id)).first()


def scheduled_term_end(session: Session, committee: OwnersCommittee, rules: Rules) -> date | None:
    """When the committee's term was due to end. Seating a successor early ends the old term on
    the successor's first day (app.committee.seating); the term then was due its full length."""
    end, start = committee.term_end, committee.term_start
    if end is None or start is None or committee.status == "active":
        return end
    successor = session.scalar(select(func.min(OwnersCommittee.term_start)).where(
        OwnersCommittee.compound_id == committee.compound_id, OwnersCommittee.deleted_at.is_(None),
        OwnersCommittee.id != committee.id, OwnersCommittee.term_start > start))
    return add_years(start, rules.term.years) if successor == end else end


def last_committee_meeting(session: Session, compound_id: str, day: date | None = None
                           ) -> datetime | None:
    """When the committee last met (up to `day`), as the records show: a meeting held, not
    just planned, that the committee attended."""
    query = (select(func.max(Meeting.held_at))
             .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
             .where(Meeting.compound_id == compound_id, Meeting.deleted_at.is_(None),
                    Meeting.status != "planned", MeetingAttendance.deleted_at.is_(None),
                    MeetingAttendance.role == "committee"))
    if day is not None:
        query = query.where(Meeting.held_at < datetime.combine(day + timedelta(days=1), time(), UTC))
    return session.scalar(query)


def removal_votes(session: Session, compound_id: str, since: date | None, day: date,
                  rules: Rules) -> list[OwnersVote]:
    """The owners' passed votes to replace the committee (or its members) up to `day`, held
    after the sitting committee took office."""
    votes = session.scalars(select(OwnersVote).where(
        OwnersVote.compound_id == compound_id, OwnersVote.deleted_at.is_(None),
        OwnersVote.subject == "removal", OwnersVote.held_on.is_not(None),
        OwnersVote.held_on <= day).order_by(OwnersVote.held_on, OwnersVote.id))
    return [v for v in votes if (since is None or (v.held_on is not None and v.held_on >= since))
            and passed(v, rules)]


@dataclass(frozen=True)
class TriggerState:
    """Whether the trigger holds, and what the records show: `detail_msg` worded by catalogue
    codes (trigger.*) for the screen's language; `detail` its Chinese text, as stored."""

    holds: bool
    detail_msg: Problem

    @property
    def detail(self) -> str:
        return str(self.detail_msg)


def trigger_state(session: Session, election: Election, trigger: Trigger, rules: Rules,
                  day: date) -> TriggerState:
    """Whether the trigger's condition holds on `day`, with what the records show."""
    committee = replaced_committee(session, election)
    if committee is None:
        return TriggerState(False, problem("trigger.no_committee"))
    if trigger.condition in ("vacancies", "too_few"):
        status = vacancy_status(session, committee, rules, day)
        figures = problem("trigger.vacancies", original=status.original, sitting=status.sitting,
                          alternates=status.alternates, vacancies=status.vacancies,
                          need=problem(f"trigger.need_{status.need}"))
        if trigger.condition == "too_few":
            return TriggerState(status.need == "early", figures)
        if status.need == "by_election" and election.seats > status.vacancies:
            return TriggerState(False, problem("trigger.seats_over", figures=figures,
                                               seats=election.seats))
        return TriggerState(status.need == "by_election", figures)
    if trigger.condition == "inactive":
        months = trigger.months or 0
        last = last_committee_meeting(session, election.compound_id, day)
        since = last.date() if last is not None else committee.term_start
        bound = months_before(day, months)
        shown = (problem("trigger.last_meeting", day=str(last.date())) if last
                 else problem("trigger.no_meeting"))
        start = (str(committee.term_start) if committee.term_start
                 else problem("timing.not_recorded"))
        return TriggerState(since is not None and since <= bound,
                            problem("trigger.inactive", shown=shown, start=start,
                                    bound=str(bound), months=months))
    votes = removal_votes(session, election.compound_id, committee.term_start, day, rules)
    detail = (problem("trigger.removal_passed",
                      votes=[problem("trigger.vote", title=v.title, on=str(v.held_on))
                             for v in votes])
              if votes else problem("trigger.no_removal"))
    return TriggerState(bool(votes), detail)
