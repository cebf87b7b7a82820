"""An item's stage history (its append-only stage events) as a timeline, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AgendaStageEvent


@dataclass(frozen=True)
class TimelineEntry:
    from_stage: str | None
    to_stage: str
    at: datetime
    by: str
    note: str


def timeline(session: Session, item_id: str) -> list[TimelineEntry]:
    """The item's stage history, oldest first."""
    rows = session.execute(
        select(AgendaStageEvent)
        .where(AgendaStageEvent.item_id == item_id, AgendaStageEvent.deleted_at.is_(None))
        .order_by(AgendaStageEvent.at, AgendaStageEvent.id)
    ).scalars()
    pending = [TimelineEntry(e.from_stage, e.to_stage, e.at, e.by, e.note) for e in rows]
    # Events stamped with the same instant (a meeting moving an item 听→议→定 at once) are put
    # in chain order: each one starts where the previous one ended.
    ordered: list[TimelineEntry] = []
    current: str | None = None
    while pending:
        earliest = pending[0].at
        tied = [e for e in pending if e.at == earliest]
        chosen = next((e for e in tied if e.from_stage == current), tied[0])
        pending.remove(chosen)
        ordered.append(chosen)
        current = chosen.to_stage
    return ordered
