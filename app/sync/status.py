"""The local side of the sync state, for the status bar: pending changes, conflicts, last sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.session import get_setting
from app.sync import settings as keys
from app.sync.auth import Account, current_account
from db.models import AuditEntry, Conflict, OutboxEntry
from db.store import Store


@dataclass(frozen=True)
class LocalSyncState:
    account: Account | None
    pending_rows: int  # rows with changes not yet pushed (the audit trail not counted)
    open_conflicts: int
    last_sync_at: datetime | None
    paused: str  # why sync is paused (log in again), or ""


def local_state(store: Store) -> LocalSyncState:
    with store.session() as session:
        rows = (
            select(OutboxEntry.table_name, OutboxEntry.row_id).distinct()
            .where(OutboxEntry.table_name != AuditEntry.__tablename__).subquery()
        )
        pending = session.scalar(select(func.count()).select_from(rows))
        conflicts = session.scalar(
            select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
        )
        last = get_setting(session, keys.LAST_SYNC_AT)
        paused = get_setting(session, keys.PAUSED)
    return LocalSyncState(
        account=current_account(store), pending_rows=int(pending or 0),
        open_conflicts=int(conflicts or 0),
        last_sync_at=datetime.fromisoformat(last) if last else None, paused=paused,
    )
