"""Compound meetings (三方联席会议, 业主大会, 党支部会议, 民心接待…): attendance with sign-in, the
items discussed with each party's position, minutes and decisions.

Every function here is one small edit meant to be committed at once (meeting mode autosaves each
field). Deciding an item moves the agenda item to 定 through app.agenda's state machine, with the
meeting linked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import agenda
from app.agenda_rules import load_rules, resolve_key
from app.errors import BadInput
from app.standing_in import check_party, parties, roles_for
from db.models import AgendaItem, Compound, Meeting, MeetingAttendance, MeetingItem
from db.types import new_id, utcnow

MEETING_STATUSES = ("planned", "open", "closed")
TITLE_MAX = 120


def get_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise BadInput(code="meeting.not_found", meeting_id=meeting_id)
    return meeting


def _get_meeting_item(session: Session, meeting_item_id: str) -> MeetingItem:
    row = session.get(MeetingItem, meeting_item_id)
    if row is None or row.deleted_at is not None:
        raise BadInput(code="meeting.item_not_found", meeting_item_id=meeting_item_id)
    return row


def create_meeting(
    session: Session, *, compound_id: str, kind: str, held_at: datetime, place: str = "",
    title: str = "", prefill: bool = False,
) -> Meeting:
    """Plan a meeting; with `prefill` the compound's parties are invited and its open items
    queued (app.meeting_setup)."""
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="meeting.no_compound", compound_id=compound_id)
    if held_at.tzinfo is None:
        raise BadInput(code="meeting.time_without_zone")
    kind_key = resolve_key(kind, load_rules().meeting_kinds, "会议类型")
    text = title.strip() or f"{compound.name}{load_rules().meeting_kinds[kind_key]}"
    if len(text) > TITLE_MAX:
        raise BadInput(code="meeting.title_too_long", limit=TITLE_MAX)
    meeting = Meeting(
        id=new_id(), compound_id=compound_id, kind=kind_key, title=text, held_at=held_at,
        place=place.strip(), minutes="", status="planned",
    )
    session.add(meeting)
    session.flush()
    if prefill:
        from app.meeting_setup import prefill as fill

        fill(session, meeting.id)
    return meeting


def update_meeting(session: Session, meeting_id: str, *, now: datetime | None = None,
                   **values: Any) -> Meeting:
    """Edit title, place, held_at, kind, minutes or status (each an autosaved field).

    A status change goes through the lifecycle, so its time is recorded: to 进行中 as
    start_meeting, to 已结束 as end_meeting (from 计划 both, at `now`); back to 计划 is refused."""
    meeting = get_meeting(session, meeting_id)
    allowed = {"title", "place", "held_at", "kind", "minutes", "status"}
    unknown = set(values) - allowed
    if unknown:
        raise BadInput(code="meeting.unknown_fields", fields=sorted(unknown))
    if "kind" in values:
        values["kind"] = resolve_key(values["kind"], load_rules().meeting_kinds, "会议类型")
    status = values.pop("status", meeting.status)
    if status not in MEETING_STATUSES:
        raise BadInput(code="meeting.unknown_status", status=status)
    if status == "planned" and meeting.status != "planned":
        raise BadInput(code="meeting.cannot_replan", title=meeting.title)
    if "held_at" in values and (values["held_at"] is None or values["held_at"].tzinfo is None):
        raise BadInput(code="meeting.time_without_zone")
    if "title" in values and not str(values["title"]).strip():
        raise BadInput(code="meeting.title_empty")
    if status != meeting.status:
        moment = now or utcnow()
        if meeting.status == "planned":
            start_meeting(session, meeting_id, now=moment)
        if status == "closed":
            end_meeting(session, meeting_id, now=moment)
        elif meeting.status == "closed":  # 已结束 → 进行中
            raise BadInput(code="meeting.cannot_start_closed", title=meeting.title)
    for name, value in values.items():
        setattr(meeting, name, value)
    session.flush()
    return meeting


def start_meeting(session: Session, meeting_id: str, *, now: datetime | None = None) -> Meeting:
    """计划 → 进行中: the meeting opens now (the time is kept as started_at)."""
    meeting = get_meeting(session, meeting_id)
    if meeting.status != "planned":
        raise BadInput(code="meeting.cannot_start_open" if meeting.status == "open"
                       else "meeting.cannot_start_closed", title=meeting.title)
    meeting.status = "open"
    meeting.started_at = now or utcnow()
    session.flush()
    return meeting


def end_meeting(session: Session, meeting_id: str, *, now: datetime | None = None) -> Meeting:
    """进行中 → 已结束: the meeting closes now (ended_at); its minutes can then be printed."""
    meeting = get_meeting(session, meeting_id)
    if meeting.status != "open":
        raise BadInput(code="meeting.cannot_end_planned" if meeting.status == "planned"
                       else "meeting.cannot_end_closed", title=meeting.title)
    moment = now or utcnow()
    started = meeting.started_at
    if started is not None and moment < started:
        raise BadInput(code="meeting.end_before_start")
    meeting.status = "closed"
    meeting.ended_at = moment
    session.flush()
    return meeting


def add_attendee(
    session: Session, meeting_id: str, *, name: str, role: str, signed_in: bool = False,
) -> MeetingAttendance:
    meeting = get_meeting(session, meeting_id)
    text = name.strip()
    if not text:
        raise BadInput(code="meeting.attendee_name_empty")
    compound = session.get(Compound, meeting.compound_id)
    role_key = resolve_key(role, {**load_rules().roles, **roles_for(compound, load_rules().roles)},
                           "参会身份")
    check_party(compound, role_key)  # 以居代业: no 业委会 where there is none
    row = MeetingAttendance(
        id=new_id(), meeting_id=meeting_id, name=text[:40], role=role_key, signed_in=signed_in,
    )
    session.add(row)
    session.flush()
    return row


def set_signed_in(session: Session, attendance_id: str, signed_in: bool) -> None:
    row = session.get(MeetingAttendance, attendance_id)
    if row is None or row.deleted_at is not None:
        raise BadInput(code="meeting.attendance_not_found", attendance_id=attendance_id)
    row.signed_in = signed_in
    session.flush()


def add_item(session: Session, meeting_id: str, agenda_item_id: str) -> MeetingItem:
    """Put an agenda item (still at 听 or 议) on a meeting of the same compound."""
    meeting = get_meeting(session, meeting_id)
    item = agenda.get_item(session, agenda_item_id)
    if item.compound_id != meeting.compound_id:
        raise BadInput(code="meeting.item_other_compound", title=item.title)
    if item.stage not in (agenda.LISTEN, agenda.DISCUSS):
        raise BadInput(code="meeting.item_stage", title=item.title,
            stage=agenda.STAGE_LABELS[item.stage])
    existing = session.scalar(
        select(MeetingItem.id).where(
            MeetingItem.meeting_id == meeting_id, MeetingItem.agenda_item_id == agenda_item_id,
            MeetingItem.deleted_at.is_(None),
        )
    )
    if existing:
        raise BadInput(code="meeting.item_already_on", title=item.title)
    last = session.scalar(
        select(func.max(MeetingItem.sort_order)).where(MeetingItem.meeting_id == meeting_id)
    )
    row = MeetingItem(
        id=new_id(), meeting_id=meeting_id, agenda_item_id=agenda_item_id,
        sort_order=(last or 0) + 1, positions_json="{}", decision="", responsible_party="",
        deadline=None,
    )
    session.add(row)
    session.flush()
    return row


def meeting_roles(session: Session, meeting_id: str) -> dict[str, str]:
    """The parties at this meeting's table (以居代业: the residents' committee in the committee's
    place where the compound has none)."""
    return parties(session, get_meeting(session, meeting_id).compound_id)


def meeting_positions(row: MeetingItem) -> dict[str, str]:
    return agenda.positions_of(row)


def set_position(session: Session, meeting_item_id: str, role: str, text: str) -> None:
    """One party's position on an item (autosaved as it is typed)."""
    row = _get_meeting_item(session, meeting_item_id)
    roles = load_rules().roles
    if role not in roles:
        raise BadInput(code="meeting.unknown_party", role=role, choices=list(roles.values()))
    meeting = get_meeting(session, row.meeting_id)
    check_party(session.get(Compound, meeting.compound_id), role)
    positions = meeting_positions(row)
    positions[role] = text
    row.positions_json = json.dumps(positions, ensure_ascii=False, sort_keys=True)
    session.flush()


def update_meeting_item(session: Session, meeting_item_id: str, **values: Any) -> MeetingItem:
    """Edit the draft decision, responsible party or deadline of an item at the table."""
    row = _get_meeting_item(session, meeting_item_id)
    unknown = set(values) - {"decision", "responsible_party", "deadline"}
    if unknown:
        raise BadInput(code="meeting.item_unknown_fields", fields=sorted(unknown))
    deadline = values.get("deadline")
    if deadline is not None:
        item = agenda.get_item(session, row.agenda_item_id)
        if deadline < item.raised_on:
            raise BadInput(code="meeting.deadline_before_raised", deadline=deadline.isoformat(),
                raised_on=item.raised_on.isoformat())
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    return row


def decide_item(
    session: Session, meeting_item_id: str, *, now: datetime | None = None, on: date | None = None,
) -> AgendaItem:
    """The meeting decides the item: it moves to 定 (through 议 if it was still at 听), with the
    meeting linked and the positions heard copied onto the item. Guards as in app.agenda."""
    row = _get_meeting_item(session, meeting_item_id)
    meeting = get_meeting(session, row.meeting_id)
    item = agenda.get_item(session, row.agenda_item_id)
    now = now or utcnow()
    label = load_rules().meeting_kinds.get(meeting.kind, meeting.kind)
    positions = meeting_positions(row)
    if item.stage == agenda.LISTEN:
        agenda.advance(
            session, item.id, agenda.DISCUSS,
            agenda.StageChange(meeting_id=meeting.id, positions=positions, on=on,
                               note=f"{label}：{meeting.title}"),
            now=now,
        )
    elif item.stage != agenda.DISCUSS:
        raise BadInput(code="meeting.item_decided", title=item.title,
            stage=agenda.STAGE_LABELS[item.stage])
    return agenda.advance(
        session, item.id, agenda.DECIDE,
        agenda.StageChange(
            meeting_id=meeting.id, positions=positions, decision=row.decision,
            responsible_party=row.responsible_party, deadline=row.deadline, on=on,
            note=f"{label}决定：{meeting.title}",
        ),
        now=now,
    )


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeView:
    id: str
    name: str
    role: str
    signed_in: bool


@dataclass(frozen=True)
class MeetingItemView:
    id: str
    agenda_item_id: str
    title: str
    description: str
    stage: str
    positions: dict[str, str]
    decision: str
    responsible_party: str
    deadline: date | None


@dataclass(frozen=True)
class MeetingView:
    id: str
    compound_id: str
    compound_name: str
    kind: str
    title: str
    held_at: datetime
    place: str
    minutes: str
    status: str
    started_at: datetime | None
    ended_at: datetime | None
    attendees: list[AttendeeView]
    items: list[MeetingItemView]


def meeting_view(session: Session, meeting_id: str) -> MeetingView:
    meeting = get_meeting(session, meeting_id)
    compound = session.get(Compound, meeting.compound_id)
    attendees = session.execute(
        select(MeetingAttendance)
        .where(MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.deleted_at.is_(None))
        .order_by(MeetingAttendance.role, MeetingAttendance.name, MeetingAttendance.id)
    ).scalars()
    rows = session.execute(
        select(MeetingItem, AgendaItem)
        .join(AgendaItem, AgendaItem.id == MeetingItem.agenda_item_id)
        .where(MeetingItem.meeting_id == meeting_id, MeetingItem.deleted_at.is_(None))
        .order_by(MeetingItem.sort_order, MeetingItem.id)
    )
    return MeetingView(
        id=meeting.id, compound_id=meeting.compound_id,
        compound_name=compound.name if compound else "", kind=meeting.kind, title=meeting.title,
        held_at=meeting.held_at, place=meeting.place, minutes=meeting.minutes,
        status=meeting.status, started_at=meeting.started_at, ended_at=meeting.ended_at,
        attendees=[AttendeeView(a.id, a.name, a.role, a.signed_in) for a in attendees],
        items=[
            MeetingItemView(
                m.id, a.id, a.title, a.description, a.stage, meeting_positions(m), m.decision,
                m.responsible_party, m.deadline,
            )
            for m, a in rows
        ],
    )


@dataclass(frozen=True)
class MeetingRow:
    id: str
    compound_id: str
    compound_name: str
    kind: str
    title: str
    held_at: datetime
    place: str
    status: str
    started_at: datetime | None = None
    ended_at: datetime | None = None


def list_meetings(session: Session, *, compound_id: str | None = None) -> list[MeetingRow]:
    """Meetings newest first, optionally of one compound."""
    query = (
        select(Meeting.id, Meeting.compound_id, Compound.name, Meeting.kind, Meeting.title,
               Meeting.held_at, Meeting.place, Meeting.status, Meeting.started_at,
               Meeting.ended_at)
        .join(Compound, Compound.id == Meeting.compound_id)
        .where(Meeting.deleted_at.is_(None))
        .order_by(Meeting.held_at.desc(), Meeting.id)
    )
    if compound_id:
        query = query.where(Meeting.compound_id == compound_id)
    return [MeetingRow(*tuple(r)) for r in session.execute(query)]


def items_for_meeting(session: Session, meeting_id: str) -> list[tuple[str, str, str]]:
    """(id, title, stage) of the compound's items that may still go on this meeting (听/议)."""
    meeting = get_meeting(session, meeting_id)
    taken = select(MeetingItem.agenda_item_id).where(
        MeetingItem.meeting_id == meeting_id, MeetingItem.deleted_at.is_(None)
    )
    rows = session.execute(
        select(AgendaItem.id, AgendaItem.title, AgendaItem.stage)
        .where(
            AgendaItem.compound_id == meeting.compound_id, AgendaItem.deleted_at.is_(None),
            AgendaItem.stage.in_((agenda.LISTEN, agenda.DISCUSS)), AgendaItem.id.not_in(taken),
        )
        .order_by(AgendaItem.raised_on, AgendaItem.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]
