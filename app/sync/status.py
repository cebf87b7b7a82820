"""The local side of the sync state, for the status bar: pending changes, conflicts, last sync.

Light to import (the status bar is built at start-up): the account lookup, which needs the
keyring and the HTTP client, is imported when the state is first read, in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.demo import DEMO_SETTING
from app.session import get_setting
from app.sync import settings as keys
from db.models import AuditEntry, Conflict, OutboxEntry
from db.store import Store
from db.tracking import BULK_OP

if TYPE_CHECKING:
    from app.sync.auth import Account


@dataclass(frozen=True)
class LocalSyncState:
    account: Account | None
    pending_rows: int  # rows with changes not yet pushed (the audit trail not counted)
    open_conflicts: int
    last_sync_at: datetime | None
    paused: str  # why sync is paused (log in again), or ""
    demo: bool = False  # the folder holds demo data, which never syncs (app.sync.engine)


def local_state(store: Store) -> LocalSyncState:
    """Counts pending rows with the covering index on outbox(table_name, row_id): a scan of
    the index, not of the outbox (which holds every change since the last push)."""
    from app.sync.auth import current_account

    with store.session() as session:
        rows = (
            select(OutboxEntry.table_name, OutboxEntry.row_id).distinct()
            .where(OutboxEntry.table_name != AuditEntry.__tablename__).subquery()
        )
        pending = session.scalar(select(func.count()).select_from(rows))
        # a bulk entry (db.tracking) stands for base_version rows; its row_id counted one above
        pending = (pending or 0) + (session.scalar(
            select(func.sum(OutboxEntry.base_version - 1)).where(OutboxEntry.op == BULK_OP)) or 0)
        conflicts = session.scalar(
            select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
        )
        last = get_setting(session, keys.LAST_SYNC_AT)
        paused = get_setting(session, keys.PAUSED)
        demo = get_setting(session, DEMO_SETTING) == "1"
    return LocalSyncState(
        account=current_account(store), pending_rows=int(pending or 0),
        open_conflicts=int(conflicts or 0),
        last_sync_at=datetime.fromisoformat(last) if last else None, paused=paused, demo=demo,
    )
