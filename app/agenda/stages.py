"""The stages of an agenda item, their Chinese labels, and when an item at one is overdue.

Plain values with no store access, so lists, statistics and the UI can share them.
"""

from __future__ import annotations

from datetime import date, datetime

from app.agenda_rules import local_today
from db.models import AgendaItem

LISTEN, DISCUSS, DECIDE, DOING, ANSWERED, CLOSED, REFERRED = (
    "listen", "discuss", "decide", "doing", "answered", "closed", "referred",
)
STAGES = (LISTEN, DISCUSS, DECIDE, DOING, ANSWERED, CLOSED, REFERRED)
STAGE_LABELS = {
    LISTEN: "听", DISCUSS: "议", DECIDE: "定", DOING: "办", ANSWERED: "回音", CLOSED: "办结",
    REFERRED: "吹哨报到",
}
FINISHED_STAGES = frozenset({ANSWERED, CLOSED})


def is_overdue(stage: str, deadline: date | None, referred_due: date | None, today: date) -> bool:
    """Deadline passed (strictly before the caseworker's `today`) and the item not answered/closed.

    A referred item is judged by the department's due date.
    """
    if stage in FINISHED_STAGES:
        return False
    due = referred_due if stage == REFERRED else deadline
    return due is not None and due < today


def item_overdue(item: AgendaItem, *, today: date | None = None, now: datetime | None = None) -> bool:
    return is_overdue(item.stage, item.deadline, item.referred_due, today or local_today(now))
