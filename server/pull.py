"""Pages of changed rows in the caller's scope, in version order, read from one snapshot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, or_, select

from db.models import MODEL_BY_TABLE
from server.auth import Caller
from server.database import read_transaction
from server.schema import RowIndex
from server.wire import change_object


def pull(engine: Engine, caller: Caller, since: int, limit: int) -> dict[str, Any]:
    """{"changes": [...], "next": cursor, "more": bool} (docs/sync-protocol.md)."""
    with read_transaction(engine) as connection:
        query = select(RowIndex.table_name, RowIndex.row_id, RowIndex.version).where(
            RowIndex.version > since
        )
        if not caller.sees_district:
            query = query.where(
                or_(RowIndex.street_id == caller.street_id, RowIndex.district.is_(True))
            )
        listed = connection.execute(query.order_by(RowIndex.version).limit(limit + 1)).all()
        more = len(listed) > limit
        listed = listed[:limit]
        by_table: dict[str, list[str]] = {}
        for entry in listed:
            by_table.setdefault(entry.table_name, []).append(entry.row_id)
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for table_name, ids in by_table.items():
            table = MODEL_BY_TABLE[table_name].__table__
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
                    rows[(table_name, row.id)] = dict(row._mapping)
    changes = [
        change_object(entry.table_name, rows[(entry.table_name, entry.row_id)], entry.version)
        for entry in listed
    ]
    return {"changes": changes, "next": listed[-1].version if listed else since, "more": more}
