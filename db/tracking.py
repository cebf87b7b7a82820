"""Change tracking: every local insert, update, delete and undelete of a replicated row writes
an outbox entry (changed fields only) and an audit entry in the same transaction as the edit.

It hooks the session's `before_flush`, so services never write outbox rows themselves. A
`session.delete()` of a replicated row becomes a tombstone; clearing a tombstone's `deleted_at`
becomes an "undelete" op. Sessions applying rows pulled from the server set
`session.info["applying_remote"]` and are not tracked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Integer, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.codec import JSONValue, content_columns, encode
from db.models import AuditEntry, OutboxEntry, Replicated
from db.types import DecimalText, UTCDateTime, new_id, new_ids, utcnow

ACTOR_KEY = "actor"
APPLYING_REMOTE_KEY = "applying_remote"


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a row that may only be inserted (a sign-off, an audit entry)."""


def enable(factory: sessionmaker[Session]) -> None:
    """Track every session this factory makes."""
    event.listen(factory, "before_flush", _before_flush)


def actor_of(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY, ""))


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_SORTED_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # keys pre-sorted


def _dumps(fields: Mapping[str, JSONValue]) -> str:
    return _ENCODER.encode(fields)


def _fill_defaults(obj: Replicated) -> None:
    """Apply scalar/callable column defaults now, so the outbox sees the values the row gets."""
    for column in type(obj).__table__.columns:
        if getattr(obj, column.name) is not None or column.default is None:
            continue
        default = column.default
        if getattr(default, "is_scalar", False):
            setattr(obj, column.name, default.arg)
        elif getattr(default, "is_callable", False):
            setattr(obj, column.name, default.arg(None))


def _outbox(
    session: Session, table: str, row_id: str, op: str, base: int, fields: Mapping[str, JSONValue],
    now: datetime,
) -> None:
    session.add(
        OutboxEntry(
            op_id=new_id(), table_name=table, row_id=row_id, op=op, base_version=base,
            fields_json=_dumps(fields), actor=actor_of(session), created_at=now,
        )
    )


def _audit(
    session: Session, action: str, table: str, row_id: str | None, summary: Mapping[str, Any],
    now: datetime,
) -> None:
    entry = AuditEntry(
        id=new_id(), at=now, actor=actor_of(session), action=action, table_name=table,
        row_id=row_id, summary=_dumps(summary), updated_at=now, updated_by=actor_of(session),
        deleted_at=None, deleted_by=None, server_version=0, dirty=True,
    )
    session.add(entry)
    fields = {c.name: encode(getattr(entry, c.name)) for c in content_columns(AuditEntry)}
    _outbox(session, AuditEntry.__tablename__, entry.id, "insert", 0, fields, now)


def _changed_fields(obj: Replicated) -> dict[str, dict[str, JSONValue]]:
    """Changed content columns as {"to": new} plus {"from": old} when the old value was loaded."""
    state = inspect(obj)
    changed: dict[str, dict[str, JSONValue]] = {}
    for column in content_columns(type(obj)):
        history = state.attrs[column.name].history
        if not history.has_changes():
            continue
        new = history.added[0] if history.added else None
        if history.deleted:
            if history.deleted[0] == new:
                continue
            changed[column.name] = {"from": encode(history.deleted[0]), "to": encode(new)}
        else:
            changed[column.name] = {"to": encode(new)}
    return changed


def _track_insert(session: Session, obj: Replicated, now: datetime) -> None:
    _fill_defaults(obj)
    obj.updated_at, obj.updated_by, obj.dirty = now, actor_of(session), True
    fields = {c.name: encode(getattr(obj, c.name)) for c in content_columns(type(obj))}
    table = type(obj).__tablename__
    _outbox(session, table, obj.id, "insert", 0, fields, now)
    if not isinstance(obj, AuditEntry):
        _audit(session, "insert", table, obj.id, fields, now)


def _track_update(session: Session, obj: Replicated, now: datetime) -> None:
    state = inspect(obj)
    tombstone = state.attrs["deleted_at"].history
    added, removed = list(tombstone.added or ()), list(tombstone.deleted or ())
    newly_deleted = bool(added) and added[0] is not None and (not removed or removed[0] is None)
    restored = bool(removed) and removed[0] is not None and bool(added) and added[0] is None
    changed = _changed_fields(obj)
    if not changed and not newly_deleted and not restored:
        return
    if obj.append_only:
        raise AppendOnlyError(f"{type(obj).__tablename__} rows are append-only")
    obj.updated_at, obj.updated_by, obj.dirty = now, actor_of(session), True
    table = type(obj).__tablename__
    if restored:  # before any field change: the server brings the row back, then edits it
        _track_undelete(session, obj, now)
    if changed:
        fields = {name: change["to"] for name, change in changed.items()}
        _outbox(session, table, obj.id, "update", obj.server_version, fields, now)
        _audit(session, "update", table, obj.id, changed, now)
    if newly_deleted:
        _track_tombstone(session, obj, now)


def _track_tombstone(session: Session, obj: Replicated, now: datetime) -> None:
    table = type(obj).__tablename__
    if obj.deleted_by is None:
        obj.deleted_by = actor_of(session)
    fields = {"deleted_at": encode(obj.deleted_at), "deleted_by": obj.deleted_by}
    _outbox(session, table, obj.id, "delete", obj.server_version, fields, now)
    _audit(session, "delete", table, obj.id, {}, now)


def _track_undelete(session: Session, obj: Replicated, now: datetime) -> None:
    """A tombstone brought back (its deleted_at cleared): the "undelete" op, no fields."""
    obj.deleted_by = None
    _outbox(session, type(obj).__tablename__, obj.id, "undelete", obj.server_version, {}, now)
    _audit(session, "undelete", type(obj).__tablename__, obj.id, {}, now)


def _before_flush(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(APPLYING_REMOTE_KEY):
        return
    now = utcnow()
    for obj in list(session.deleted):
        if not isinstance(obj, Replicated):
            continue
        if obj.append_only:
            raise AppendOnlyError(f"{type(obj).__tablename__} rows are append-only")
        # Undo the delete: the row stays, marked as a tombstone.
        session.expunge(obj)
        session.add(obj)
        obj.deleted_at, obj.deleted_by = now, actor_of(session)
    for obj in list(session.new):
        if isinstance(obj, Replicated) and not isinstance(obj, AuditEntry | OutboxEntry):
            _track_insert(session, obj, now)
    for obj in list(session.dirty):
        if isinstance(obj, Replicated):
            _track_update(session, obj, now)


def bulk_insert(
    session: Session, model: type[Replicated], rows: Iterable[Mapping[str, Any]], *,
    audit_action: str = "import", audit_summary: Mapping[str, Any] | None = None,
) -> int:
    """Insert many new rows at executemany speed, with their outbox entries and one audit entry.

    Used by import and demo generation, where one ORM object per row would be too slow: values
    are encoded once (the outbox needs them encoded anyway) and, on SQLite, go straight to the
    driver's executemany. Rows are dicts of content columns (and optionally "id"); missing
    columns take defaults.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    now = utcnow()
    actor = actor_of(session)
    remote = bool(session.info.get(APPLYING_REMOTE_KEY))
    columns = sorted(content_columns(model), key=lambda c: c.name)  # sorted: JSON key order
    names = [c.name for c in columns]
    name_defaults = [
        (c.name, c.default.arg if c.default is not None and c.default.is_scalar else None)  # type: ignore[attr-defined]
        for c in columns
    ]
    # Text, integer and boolean values are already JSON-safe; only these need encoding.
    needs_encoding = [
        i for i, c in enumerate(columns) if not isinstance(c.type, String | Integer | Boolean)
        or isinstance(c.type, DecimalText)
    ]
    timestamp_columns = [i for i, c in enumerate(columns) if isinstance(c.type, UTCDateTime)]
    # Rows giving every content column (the usual case) are read with one C call.
    pick_all = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    fresh_ids = iter(new_ids(sum(1 for row in rows if not row.get("id"))))
    db_now = _sqlite_timestamp(now)
    tail = (db_now, actor, None, None, 0, not remote)
    encoded_rows: list[list[JSONValue]] = []
    row_ids: list[str] = []
    table_rows: list[tuple[Any, ...]] = []
    for row in rows:
        try:
            encoded = list(pick_all(row))
        except KeyError:
            encoded = [row.get(name, default) for name, default in name_defaults]
        for i in needs_encoding:
            encoded[i] = encode(encoded[i])
        row_id = row.get("id")
        row_id = str(row_id) if row_id else next(fresh_ids)
        encoded_rows.append(encoded)
        row_ids.append(row_id)
        if timestamp_columns:
            values: list[Any] = list(encoded)
            for i in timestamp_columns:
                if values[i] is not None:
                    values[i] = _sqlite_timestamp(datetime.fromisoformat(str(values[i])))
            table_rows.append((*values, row_id, *tail))
        else:
            table_rows.append((*encoded, row_id, *tail))
    all_names = [*names, "id", "updated_at", "updated_by", "deleted_at", "deleted_by",
                 "server_version", "dirty"]
    _executemany(session, model.__tablename__, all_names, table_rows)
    if not remote:
        table = model.__tablename__
        to_json = _SORTED_ENCODER.encode
        outbox_rows = [
            (op_id, table, row_id, "insert", 0, to_json(dict(zip(names, encoded, strict=True))),
             actor, db_now)
            for op_id, row_id, encoded in zip(new_ids(len(rows)), row_ids, encoded_rows, strict=True)
        ]
        _executemany(session, OutboxEntry.__tablename__, [
            "op_id", "table_name", "row_id", "op", "base_version", "fields_json", "actor",
            "created_at"], outbox_rows)
        summary = {"rows": len(table_rows), **(audit_summary or {})}
        _audit(session, audit_action, table, None, summary, now)
    return len(table_rows)


def _sqlite_timestamp(value: datetime) -> str:
    """A UTC timestamp in the text form SQLAlchemy's SQLite DateTime stores and reads back."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _executemany(session: Session, table: str, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """One executemany on the session's own connection (so it shares its transaction)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        raise NotImplementedError("bulk_insert writes to the local SQLite store only")
    placeholders = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({placeholders})'
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()
