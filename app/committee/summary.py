"""One compound's sitting committee as plain data for the committee view: members with roles,
rank and dates, the first meeting and its due day, the filing checklist and receipts, the
checks, vacancies and the 换届 countdown. Read in one session; the view keeps no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.committee import filing
from app.committee.checks import committee_checks
from app.committee.countdown import Countdown, countdown
from app.committee.officers import first_meeting_due, first_meeting_late_days
from app.committee.records import active_committee, filing_election, latest_committee, members
from app.committee.vacancies import VacancyStatus, vacancy_status
from app.messages import Problem
from app.rule_source import Source
from db.models import Election

if TYPE_CHECKING:
    from app.rules import Rules


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str
    role: str  # director / deputy / member / alternate
    rank: int
    is_party_member: bool
    joined_on: date | None
    left_on: date | None
    left_reason: str | None

    @property
    def current(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class MaterialRow:
    key: str
    name: str
    required: bool
    done: bool
    source: str  # Source.label_zh(): unverified rules say 待核实
    verified: bool
    origin: Source  # the same, for a screen in another language (ui.terms.citation)


@dataclass(frozen=True)
class CheckRow:
    title: str
    passed: bool
    blocking: bool
    detail: str
    source: str
    # the same worded by catalogue codes, for a screen in another language
    title_msg: Problem | None = None
    detail_msg: Problem | None = None
    source_msg: Problem | None = None


@dataclass(frozen=True)
class CommitteeSummary:
    committee_id: str
    status: str  # active / expired (a term ran out with no successor yet)
    election_kind: str | None
    term_start: date | None
    term_end: date | None
    term_source: str
    countdown: Countdown | None
    countdown_months: int
    first_meeting_on: date | None
    first_meeting_due: date | None
    first_meeting_late_days: int
    first_meeting_source: str
    members: list[MemberRow]
    vacancy: VacancyStatus
    vacancy_source: str
    vacancy_filing_days: int
    materials: list[MaterialRow]
    filing_housing_on: date | None
    filing_street_on: date | None
    filing_due: date | None
    filing_source: str
    checks: list[CheckRow]
    # where the term, first-meeting, vacancy and filing rules come from (the *_source texts
    # above as Source), for a screen in another language (ui.terms.citation)
    term_origin: Source
    first_meeting_origin: Source
    vacancy_origin: Source
    filing_origin: Source

    @property
    def sitting(self) -> bool:
        return self.status == "active"

    @property
    def term_over(self) -> bool:
        """Sitting past its term end: the term may be recorded as ended."""
        return self.sitting and self.countdown is not None and self.countdown.ended

    def stepped_in(self) -> list[MemberRow]:
        """Alternates who took a seat after the term began (each step-in is published and filed)."""
        return [m for m in self.members if m.role != "alternate" and m.joined_on is not None
                and self.term_start is not None and m.joined_on > self.term_start]

    def current_members(self) -> list[MemberRow]:
        return [m for m in self.members if m.current and m.role != "alternate"]


def summary(session: Session, compound_id: str, rules: Rules, today: date) -> CommitteeSummary | None:
    """The compound's sitting committee, else its newest (expired, its term to renew), else None."""
    committee = active_committee(session, compound_id) or latest_committee(session, compound_id)
    if committee is None:
        return None
    election = filing_election(session, committee)
    own = session.get(Election, committee.election_id) if committee.election_id else None
    kind = election.kind if election is not None else (own.kind if own else "first")
    elected_on = ((election.result_published_on or election.vote_end) if election is not None
                  else committee.term_start)
    term = rules.term
    rows = members(session, committee.id)
    handed = filing.handed_in(committee)
    return CommitteeSummary(
        committee_id=committee.id, status=committee.status, election_kind=own.kind if own else None,
        term_start=committee.term_start, term_end=committee.term_end,
        term_source=term.origin.label_zh(), countdown=countdown(committee, rules, today),
        countdown_months=term.countdown_months,
        first_meeting_on=committee.first_meeting_on,
        first_meeting_due=first_meeting_due(committee, rules),
        first_meeting_late_days=first_meeting_late_days(committee, rules),
        first_meeting_source=term.first_meeting_origin.label_zh(),
        members=[MemberRow(m.id, m.name, m.role, m.rank, m.is_party_member, m.joined_on,
                           m.left_on, m.left_reason)
                 for m in rows],
        vacancy=vacancy_status(session, committee, rules, today),
        vacancy_source=term.vacancy_origin.label_zh(),
        vacancy_filing_days=term.vacancy_filing_days,
        materials=[MaterialRow(m.key, m.name, m.required, m.key in handed, m.origin.label_zh(),
                               m.origin.verified, m.origin)
                   for m in term.materials_for(kind)],
        filing_housing_on=committee.filing_housing_on, filing_street_on=committee.filing_street_on,
        filing_due=filing.filing_due(elected_on, rules),
        filing_source=rules.periods.filing_origin.label_zh(),
        checks=[CheckRow(c.title, c.passed, not c.flag_only, c.detail, c.origin.label_zh(),
                         c.title_msg, c.detail_msg, c.origin.label())
                for c in committee_checks(session, committee, rules, today)],
        term_origin=term.origin, first_meeting_origin=term.first_meeting_origin,
        vacancy_origin=term.vacancy_origin, filing_origin=rules.periods.filing_origin,
    )
