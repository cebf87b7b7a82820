"""听、议、定: residents' matters (agenda items), their stage history, and compound meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import MAX_COUNT, Replicated
from db.types import BoundedInteger, Choice, Key, UTCDateTime

AGENDA_STAGES = ("listen", "discuss", "decide", "doing", "answered", "closed", "referred")
AGENDA_SOURCES = ("visit", "hotline", "wechat", "meeting", "inspection", "letter")
AGENDA_CATEGORIES = (
    "parking", "hygiene", "schooling", "repairs", "safety", "fees", "greening", "other",
)
MEETING_KINDS = ("joint", "assembly", "branch", "reception", "other")
MEETING_STATUSES = ("planned", "open", "closed")


class AgendaItem(Replicated):
    """A matter residents raised, carried from 听 (heard) to 回音 (answered)."""

    __tablename__ = "agenda_items"
    label_zh = "议事事项"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Key(12), default="visit")
    category: Mapped[str] = mapped_column(Key(16), default="other")
    raised_by: Mapped[str] = mapped_column(String(40), default="")
    raised_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(Choice(10, AGENDA_STAGES), default="listen", index=True)
    positions_json: Mapped[str] = mapped_column(Text, default="{}")  # party's position per party
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"), default=None)
    decision: Mapped[str] = mapped_column(Text, default="")
    responsible_party: Mapped[str] = mapped_column(String(60), default="")
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    progress: Mapped[int] = mapped_column(BoundedInteger(0, 100), default=0)
    progress_note: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answer_method: Mapped[str] = mapped_column(String(40), default="")
    satisfaction: Mapped[int | None] = mapped_column(BoundedInteger(1, 5), default=None)
    answered_on: Mapped[date | None] = mapped_column(Date, default=None)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    referred_to: Mapped[str] = mapped_column(String(60), default="")
    referred_due: Mapped[date | None] = mapped_column(Date, default=None)
    referred_answer: Mapped[str] = mapped_column(Text, default="")


class AgendaStageEvent(Replicated):
    """One stage change of an agenda item: who moved it, when, with what note."""

    __tablename__ = "agenda_stage_events"
    label_zh = "议事流转记录"
    append_only = True
    item_id: Mapped[str] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(Choice(10, AGENDA_STAGES), default=None)
    to_stage: Mapped[str] = mapped_column(Choice(10, AGENDA_STAGES))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Meeting(Replicated):
    """A compound meeting: joint three-party meeting, owners' assembly, branch meeting, reception."""

    __tablename__ = "meetings"
    label_zh = "会议"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    kind: Mapped[str] = mapped_column(Key(12), default="joint")
    title: Mapped[str] = mapped_column(String(120), default="")
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(120), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(Choice(10, MEETING_STATUSES), default="planned")
    # When it was opened (计划 → 进行中) and closed (→ 已结束); set by app.meetings.
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class MeetingAttendance(Replicated):
    """Who attended a meeting, in which role, and whether they signed in."""

    __tablename__ = "meeting_attendance"
    label_zh = "会议签到"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    # party_branch / committee / property / street_office / police / resident
    role: Mapped[str] = mapped_column(Key(16))
    signed_in: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetingItem(Replicated):
    """An agenda item discussed at a meeting, with the positions heard and what was decided."""

    __tablename__ = "meeting_items"
    label_zh = "会议议题"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    sort_order: Mapped[int] = mapped_column(BoundedInteger(-MAX_COUNT, MAX_COUNT), default=0)
    positions_json: Mapped[str] = mapped_column(Text, default="{}")
    decision: Mapped[str] = mapped_column(Text, default="")
    responsible_party: Mapped[str] = mapped_column(String(60), default="")
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
