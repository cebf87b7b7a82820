"""我的待办: what falls due for the caseworker's compounds — overdue, this week, soon.

One list across the work the app already times: each election's stage deadline (the rules'
working limits; after the vote the law's first meeting and 备案 filing), committees reaching the
end of their term (换届), agenda items' deadlines (a referred item by the department's due date,
a finished one waiting for its 回音), meetings planned or left open, and ended meetings whose
minutes are still to be printed. Each row says where it opens (a page and its filters).

Rows carry codes and plain values; the UI words them in its language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda.stages import DECIDE, DISCUSS, DOING, FINISHED_STAGES, LISTEN, REFERRED
from app.agenda_rules import local_zone
from app.committee.deadlines import term_reminders
from app.elections.service import list_elections
from app.my_scope import Scope, compounds_in, scope_of
from app.rules import Rules
from db.models import AgendaItem, Compound, Meeting

WEEK_DAYS = 7  # 本周到期: today and the six days after
SOON_DAYS = 30  # 近期: up to a month ahead
MINUTES_DAYS = 7  # an ended meeting's minutes are due a week after it (a reminder, not a rule)

OVERDUE, WEEK, SOON = "overdue", "week", "soon"
GROUPS = (OVERDUE, WEEK, SOON)

# What a row is about (the UI words each):
ELECTION_STAGE = "election_stage"  # the stage's working deadline (params: stage, kind)
FIRST_MEETING = "first_meeting"  # 首次会议 within the law's days of the vote
FILING = "filing"  # 备案 within the law's days of the election
TERM_END = "term_end"  # the committee's term ends (params: under_way)
AGENDA_DEADLINE = "agenda_deadline"  # 办理期限 of a decided item (params: stage, title)
AGENDA_ANSWER = "agenda_answer"  # done, the 回音 is due (params: title)
AGENDA_REFERRED = "agenda_referred"  # 吹哨报到: the department's due date (params: title, to)
MEETING_PLANNED = "meeting_planned"  # a planned meeting's day (params: title, kind)
MEETING_OPEN = "meeting_open"  # started, never ended (params: title, kind)
MINUTES_DUE = "minutes_due"  # ended, minutes to print (params: title, kind)


@dataclass(frozen=True)
class WorkRow:
    """One thing due: about `what`, at `compound`, by `due`; opens `page` with `filters`."""

    what: str
    due: date
    compound_id: str
    compound: str
    page: str
    filters: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)

    def group(self, today: date) -> str:
        return group_of(self.due, today)


@dataclass(frozen=True)
class MyWork:
    """The rows (earliest due first) and the scope they were read for."""

    scope: Scope
    today: date
    rows: list[WorkRow]

    def in_group(self, group: str) -> list[WorkRow]:
        return [r for r in self.rows if r.group(self.today) == group]


def group_of(due: date, today: date) -> str:
    if due < today:
        return OVERDUE
    return WEEK if due < today + timedelta(days=WEEK_DAYS) else SOON


def my_work(session: Session, rules: Rules, today: date, scope: Scope | None = None) -> MyWork:
    """Everything due by today + SOON_DAYS (and everything overdue) in the scope."""
    scope = scope or scope_of(session)
    mine = compounds_in(session, scope)
    until = today + timedelta(days=SOON_DAYS)
    rows = [
        *_elections(session, rules, today, mine),
        *_terms(session, rules, today, mine, until),
        *_agenda(session, mine, until),
        *_meetings(session, today, mine, until),
    ]
    rows = [r for r in rows if r.due <= until]
    rows.sort(key=lambda r: (r.due, r.compound, r.what))
    return MyWork(scope, today, rows)


def _ours(mine: set[str] | None, compound_id: str) -> bool:
    return mine is None or compound_id in mine


def _elections(session: Session, rules: Rules, today: date,
               mine: set[str] | None) -> list[WorkRow]:
    rows = []
    for e in list_elections(session, rules, today):
        if e.bad or e.deadline is None or not _ours(mine, e.compound_id):
            continue
        what = {"tallied": FIRST_MEETING, "seated": FILING}.get(e.stage, ELECTION_STAGE)
        rows.append(WorkRow(what, e.deadline, e.compound_id, e.compound, "elections",
                            {"election_id": e.election_id},
                            {"stage": e.stage, "kind": e.kind}))
    return rows


def _terms(session: Session, rules: Rules, today: date, mine: set[str] | None,
           until: date) -> list[WorkRow]:
    """A term ending by `until`, or ended with no re-election under way."""
    return [
        WorkRow(TERM_END, r.term_end, r.compound_id, r.compound, "compounds",
                {"compound_id": r.compound_id, "tab": "committee"},
                {"under_way": r.under_way})
        for r in term_reminders(session, rules, today)
        if _ours(mine, r.compound_id) and r.term_end <= until
        and not (r.ended and r.under_way)
    ]


def _agenda(session: Session, mine: set[str] | None, until: date) -> list[WorkRow]:
    query = (
        select(AgendaItem.id, AgendaItem.compound_id, Compound.name, AgendaItem.title,
               AgendaItem.stage, AgendaItem.deadline, AgendaItem.referred_due,
               AgendaItem.referred_to, AgendaItem.progress)
        .join(Compound, Compound.id == AgendaItem.compound_id)
        .where(AgendaItem.deleted_at.is_(None), Compound.deleted_at.is_(None),
               AgendaItem.stage.not_in(tuple(FINISHED_STAGES)))
    )
    rows = []
    for item_id, compound_id, compound, title, stage, deadline, referred_due, to, progress in \
            session.execute(query):
        if not _ours(mine, compound_id):
            continue
        if stage == REFERRED:
            due, what, params = referred_due, AGENDA_REFERRED, {"title": title, "to": to}
        elif stage == DOING and progress >= 100:
            due, what, params = deadline, AGENDA_ANSWER, {"title": title}
        elif stage in (LISTEN, DISCUSS, DECIDE, DOING):
            due, what, params = deadline, AGENDA_DEADLINE, {"title": title, "stage": stage}
        else:
            continue
        if due is None or due > until:
            continue
        rows.append(WorkRow(what, due, compound_id, compound, "agenda",
                            {"compound_id": compound_id, "item_id": item_id}, params))
    return rows


def _local_day(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()


def _meetings(session: Session, today: date, mine: set[str] | None,
              until: date) -> list[WorkRow]:
    query = (
        select(Meeting.id, Meeting.compound_id, Compound.name, Meeting.title, Meeting.kind,
               Meeting.status, Meeting.held_at, Meeting.ended_at)
        .join(Compound, Compound.id == Meeting.compound_id)
        .where(Meeting.deleted_at.is_(None), Compound.deleted_at.is_(None))
    )
    recent = today - timedelta(days=MINUTES_DAYS * 2)
    rows = []
    for meeting_id, compound_id, compound, title, kind, status, held_at, ended_at in \
            session.execute(query):
        if not _ours(mine, compound_id):
            continue
        params = {"title": title, "kind": kind}
        if status == "planned":
            what, due = MEETING_PLANNED, _local_day(held_at)
        elif status == "open":
            what, due = MEETING_OPEN, _local_day(held_at)
            if due >= today:
                continue  # being held today: not yet a loose end
        elif status == "closed" and ended_at is not None and _local_day(ended_at) >= recent \
                and not minutes_printed(session, meeting_id):
            what, due = MINUTES_DUE, _local_day(ended_at) + timedelta(days=MINUTES_DAYS)
        else:
            continue
        if due > until:
            continue
        rows.append(WorkRow(what, due, compound_id, compound, "meetings",
                            {"meeting_id": meeting_id}, params))
    return rows


def minutes_printed(session: Session, meeting_id: str) -> bool:
    """Whether the meeting's minutes were printed. Nothing records a print yet, so a closed
    meeting is listed for two weeks after it ended (see MINUTES_DAYS)."""
    return False
