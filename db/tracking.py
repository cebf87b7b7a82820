"""Change tracking: every local insert, update and delete of a replicated row writes an outbox
entry (changed fields only) and an audit entry in the same transaction as the edit.

It hooks the session's `before_flush`, so services never write outbox rows themselves. A
`session.delete()` of a replicated row becomes a tombstone. Sessions applying rows pulled from
the server set `session.info["applying_remote"]` and are not tracked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.codec import JSONValue, content_columns, encode
from db.models import AuditEntry, OutboxEntry, Replicated
from db.types import new_id, utcnow

ACTOR_KEY = "actor"
APPLYING_REMOTE_KEY = "applying_remote"


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a row that may only be inserted (a sign-off, an audit entry)."""


def enable(factory: sessionmaker[Session]) -> None:
    """Track every session this factory makes."""
    event.listen(factory, "before_flush", _before_flush)


def actor_of(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY, ""))


def _dumps(fields: Mapping[str, JSONValue]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _fill_defaults(obj: Replicated) -> None:
    """Apply scalar/callable column defaults now, so the outbox sees the values the row gets."""
    for column in type(obj).__table__.columns:
        if getattr(obj, column.name) is not None or column.default is None:
            continue
        default = column.default
        if getattr(default, "is_scalar", False):
            setattr(obj, column.name, default.arg)  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            setattr(obj, column.name, default.arg(None))  # type: ignore[attr-defined]


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
    newly_deleted = bool(tombstone.added) and tombstone.added[0] is not None and (
        not tombstone.deleted or tombstone.deleted[0] is None
    )
    changed = _changed_fields(obj)
    if not changed and not newly_deleted:
        return
    if obj.append_only:
        raise AppendOnlyError(f"{type(obj).__tablename__} rows are append-only")
    obj.updated_at, obj.updated_by, obj.dirty = now, actor_of(session), True
    table = type(obj).__tablename__
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

    Used by import and demo generation, where one ORM object per row would be too slow.
    Rows are dicts of content columns; missing columns take their defaults.
    """
    now = utcnow()
    actor = actor_of(session)
    columns = content_columns(model)
    defaults = {
        c.name: (c.default.arg if c.default is not None and c.default.is_scalar else None)  # type: ignore[attr-defined]
        for c in columns
    }
    table_rows: list[dict[str, Any]] = []
    outbox_rows: list[dict[str, Any]] = []
    remote = bool(session.info.get(APPLYING_REMOTE_KEY))
    for row in rows:
        values = {**defaults, **{k: v for k, v in row.items() if k in defaults}}
        row_id = str(row.get("id") or new_id())
        table_rows.append(
            {**values, "id": row_id, "updated_at": now, "updated_by": actor, "deleted_at": None,
             "deleted_by": None, "server_version": 0, "dirty": not remote}
        )
        if not remote:
            outbox_rows.append(
                {"op_id": new_id(), "table_name": model.__tablename__, "row_id": row_id,
                 "op": "insert", "base_version": 0,
                 "fields_json": _dumps({k: encode(v) for k, v in values.items()}),
                 "actor": actor, "created_at": now}
            )
    if not table_rows:
        return 0
    session.execute(insert(model.__table__), table_rows)
    if outbox_rows:
        session.execute(insert(OutboxEntry.__table__), outbox_rows)
        summary = {"rows": len(table_rows), **(audit_summary or {})}
        _audit(session, audit_action, model.__tablename__, None, summary, now)
    return len(table_rows)
