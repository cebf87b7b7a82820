"""Pages of changed rows in the caller's scope, in version order, read from one snapshot — and of
rows that left it (a caseworker's client drops those: docs/sync-protocol.md, "gone").

Asked with `exclude_own_from=F`, a row whose latest version (F or later) the caller's own
device pushed is left out: the push's answer gave the device that version already (the client
names F, the first version it is sure to hold its answers from: a store restored from a backup
lacks later answers of its old self). Once another device changes the row, its newer version is
sent as usual. The last page's cursor is then the newest version of the snapshot, so the rows
left out are not scanned again by the next pull."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, or_, select

from db.codec import encode
from db.models import MODEL_BY_TABLE
from server.auth import Caller
from server.id_lists import listed_param
from server.schema import Departure, RowIndex, SequenceCounter
from server.wire import CONTENT_COLUMNS, gone_object


def pull(connection: Connection, caller: Caller, since: int, limit: int, *,
         exclude_own_from: int | None = None) -> dict[str, Any]:
    """{"changes": [...], "gone": [...] (when any), "next": cursor, "more": bool}, read in the
    caller's read transaction (one snapshot)."""
    query = select(RowIndex.table_name, RowIndex.row_id, RowIndex.version).where(
        RowIndex.version > since
    )
    if exclude_own_from is not None:
        query = query.where(or_(RowIndex.writer.is_(None), RowIndex.writer != caller.token_id,
                                RowIndex.version < exclude_own_from))
    if not caller.sees_district:
        query = query.where(
            or_(RowIndex.street_id == caller.street_id, RowIndex.district.is_(True))
        )
    listed = connection.execute(query.order_by(RowIndex.version).limit(limit + 1)).all()
    departed = [] if caller.sees_district else _departed(connection, caller, since, limit)
    # One page of both, in version order (a row and its departure never share a version).
    page = sorted([(e.version, False, e) for e in listed] + [(d.version, True, d) for d in departed],
                  key=lambda item: item[0])
    more = len(page) > limit
    page = page[:limit]
    listed = [e for _, gone, e in page if not gone]
    by_table: dict[str, list[str]] = {}
    for entry in listed:
        by_table.setdefault(entry.table_name, []).append(entry.row_id)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for table_name, ids in by_table.items():
        rows.update(_change_objects(connection, table_name, ids))
    changes = []
    for entry in listed:
        change = rows[(entry.table_name, entry.row_id)]
        change["version"] = entry.version
        changes.append(change)
    cursor = page[-1][0] if page else since
    if exclude_own_from is not None and not more:  # caught up: nothing up to the snapshot's newest is left
        cursor = max(cursor, _newest_version(connection))
    answer: dict[str, Any] = {"changes": changes, "next": cursor, "more": more}
    gone = _latest_only([d for _, is_gone, d in page if is_gone])
    if gone:
        answer["gone"] = gone
    return answer


@cache
def _reader(table_name: str, dialect: str) -> tuple[Any, tuple[str, ...], int]:
    """(select of the wire's columns by id, content column names, their count) of a table."""
    table = cast(Table, MODEL_BY_TABLE[table_name].__table__)
    content = tuple(CONTENT_COLUMNS[table_name])
    columns = [table.c[name] for name in (*content, *_STATE)]
    return select(*columns).where(listed_param(table.c.id, "ids", dialect)), content, \
        len(content)


_STATE = ("id", "updated_at", "updated_by", "deleted_at", "deleted_by")


def _value(value: Any) -> Any:
    return value if value is None or type(value) is str or type(value) is int else encode(value)


def _change_objects(connection: Connection, table_name: str, ids: list[str]
                    ) -> dict[tuple[str, str], dict[str, Any]]:
    """(table, id) → its change object without the version (server.wire.change_object's
    shape), read and encoded straight from row tuples: a first pull sends every row."""
    query, names, count = _reader(table_name, connection.dialect.name)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        for row in connection.execute(query, {"ids": ids[start : start + 500]}):
            row_id, updated_at, updated_by, deleted_at, deleted_by = row[count:]
            found[(table_name, row_id)] = {
                "table": table_name, "id": row_id, "version": 0,
                "fields": {name: _value(value) for name, value in zip(names, row, strict=False)},
                "updated_at": _value(updated_at), "updated_by": updated_by,
                "deleted_at": _value(deleted_at), "deleted_by": deleted_by,
            }
    return found


def _newest_version(connection: Connection) -> int:
    """The newest version committed in this snapshot (pushes commit versions in order)."""
    return int(connection.scalar(select(SequenceCounter.value).where(SequenceCounter.id == 1))
               or 0)


def _departed(connection: Connection, caller: Caller, since: int, limit: int) -> list[Any]:
    """Rows that left the caller's street after `since` and are not back in it now."""
    rows = RowIndex.__table__
    departures = Departure.__table__
    query = (
        select(departures.c.table_name, departures.c.row_id, departures.c.version)
        .join(rows, and_(rows.c.table_name == departures.c.table_name,
                         rows.c.row_id == departures.c.row_id))
        .where(departures.c.street_id == caller.street_id, departures.c.version > since,
               or_(rows.c.street_id.is_(None), rows.c.street_id != caller.street_id))
        .order_by(departures.c.version)
        .limit(limit + 1)
    )
    return list(connection.execute(query).all())


def _latest_only(departed: list[Any]) -> list[dict[str, Any]]:
    """One entry per row (it may have left twice within a page), at its latest departure."""
    latest: dict[tuple[str, str], Any] = {}
    for entry in departed:
        latest[(entry.table_name, entry.row_id)] = entry
    return [gone_object(e.table_name, e.row_id, e.version)
            for e in sorted(latest.values(), key=lambda e: e.version)]
