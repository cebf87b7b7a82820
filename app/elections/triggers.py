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
    holds: bool
    detail: str


def trigger_state(session: Session, election: Election, trigger: Trigger, rules: Rules,
                  day: date) -> TriggerState:
    """Whether the trigger's condition holds on `day`, with what the records show."""
    committee = replaced_committee(session, election)
    if committee is None:
        return TriggerState(False, "本小区没有业主委员会记录")
    if trigger.condition in ("vacancies", "too_few"):
        status = vacancy_status(session, committee, rules, day)
        figures = (f"当选委员 {status.original} 名，在任 {status.sitting} 名，"
                   f"候补委员 {status.alternates} 名，缺额 {status.vacancies} 名：须{status.need_zh}")
        if trigger.condition == "too_few":
            return TriggerState(status.need == "early", figures)
        if status.need == "by_election" and election.seats > status.vacancies:
            return TriggerState(False, f"{figures}；补选名额 {election.seats} 名超过缺额")
        return TriggerState(status.need == "by_election", figures)
    if trigger.condition == "inactive":
        months = trigger.months or 0
        last = last_committee_meeting(session, election.compound_id, day)
        since = last.date() if last is not None else committee.term_start
        bound = months_before(day, months)
        shown = f"最近一次业委会会议 {last.date()}" if last else "无业委会会议记录"
        return TriggerState(since is not None and since <= bound,
                            f"{shown}（任期自 {committee.term_start or '未登记'}）；"
                            f"须 {bound} 以来连续 {months} 个月无会议")
    votes = removal_votes(session, election.compound_id, committee.term_start, day, rules)
    detail = ("业主大会表决通过：" + "、".join(f"{v.title}（{v.held_on}）" for v in votes)
              if votes else "没有通过的业主大会更换（罢免）表决记录")
    return TriggerState(bool(votes), detail)
