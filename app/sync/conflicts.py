"""Open conflicts and their resolution: keep mine, keep theirs, or enter a new value.

Three kinds of record live in the local conflicts table:
- a field both sides changed (`field` is the column): mine = my value, theirs = the server's;
- "__deleted__": a delete against an edit — theirs holds the server's tombstone when the server
  deleted, else the server's fields (I deleted, the server edited; its row stands);
- "__refused__": the server refused one of my ops (scope, validation…); mine = {"op", "fields"},
  theirs = {"reason", "error", "row"} (the server's error envelope, worded on screen from its
  code by app.sync.reasons); the server's state stands locally.
Resolving writes through a tracked session, so a kept or edited value becomes a new outbox op
that the next sync pushes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Integer, Table, select
from sqlalchemy import delete as sa_delete

from app.errors import BadInput
from app.messages import problem
from app.sync.apply import (
    DELETED_FIELD,
    REFUSED_FIELD,
    apply_changes,
    dumps,
    remote_transaction,
)
from db.codec import FieldValueError, decode, encode
from db.models import MODEL_BY_TABLE, Conflict, OutboxEntry
from db.store import Store
from db.tracking import actor_of
from db.types import new_id, utcnow

CHOICES = ("mine", "theirs", "edit")
_LABEL_COLUMNS = ("name", "title", "filename", "action")


@dataclass(frozen=True)
class ConflictView:
    """One open conflict, ready to show."""

    id: str
    table_name: str
    table_label: str
    row_id: str
    row_label: str
    field: str
    kind: str  # "field", "deleted_here", "deleted_there", "refused"
    mine: Any
    theirs: Any
    created_at: datetime

    @property
    def reason(self) -> str:
        return str(self.theirs.get("reason") or "") if isinstance(self.theirs, dict) else ""

    @property
    def editable(self) -> bool:
        return self.kind == "field"


def _kind(field: str, theirs: Any) -> str:
    if field == REFUSED_FIELD:
        return "refused"
    if field == DELETED_FIELD:
        server_deleted = isinstance(theirs, dict) and theirs.get("deleted_at")
        return "deleted_there" if server_deleted else "deleted_here"
    return "field"


def open_conflicts(store: Store) -> list[ConflictView]:
    with store.session() as session:
        records = session.scalars(
            select(Conflict).where(Conflict.resolved_at.is_(None)).order_by(Conflict.created_at)
        ).all()
        views = []
        for record in records:
            model = MODEL_BY_TABLE.get(record.table_name)
            label = ""
            if model is not None:
                row = session.get(model, record.row_id)
                for name in _LABEL_COLUMNS:
                    if row is not None and isinstance(getattr(row, name, None), str):
                        label = getattr(row, name)
                        break
            mine, theirs = json.loads(record.mine_json), json.loads(record.theirs_json)
            views.append(ConflictView(
                id=record.id, table_name=record.table_name,
                table_label=(model.label_zh if model else "") or record.table_name,
                row_id=record.row_id, row_label=label or record.row_id[:8], field=record.field,
                kind=_kind(record.field, theirs), mine=mine, theirs=theirs,
                created_at=record.created_at,
            ))
    return views


def parse_value(table_name: str, field: str, text: str) -> Any:
    """A value typed by the user for one column → the column's Python value (BadInput if wrong)."""
    model = MODEL_BY_TABLE[table_name]
    column = model.__table__.columns[field]
    text = text.strip()
    try:
        if text == "" and column.nullable:
            return None
        if isinstance(column.type, Boolean):
            lowered = text.lower()
            if lowered in ("1", "true", "yes", "是"):
                return True
            if lowered in ("0", "false", "no", "否"):
                return False
            raise ValueError(problem("conflict.expected_yes_no"))
        if isinstance(column.type, Integer):
            return int(text)
        return decode(column.type, text, field)
    except (ValueError, InvalidOperation, FieldValueError) as exc:
        raise BadInput(code="conflict.bad_value", table_name=table_name, field=field, text=text,
            detail=exc) from None


def resolve(store: Store, conflict_id: str, choice: str, value: Any = None) -> None:
    """Settle one conflict; a kept or edited value is queued in the outbox for the next sync."""
    if choice not in CHOICES:
        raise BadInput(code="conflict.bad_choice", choices=", ".join(CHOICES), choice=choice)
    with store.session() as session:
        record = session.get(Conflict, conflict_id)
        if record is None or record.resolved_at is not None:
            raise BadInput(code="conflict.not_open", conflict_id=conflict_id)
        table_name, row_id, field = record.table_name, record.row_id, record.field
        mine, theirs = json.loads(record.mine_json), json.loads(record.theirs_json)
    kind = _kind(field, theirs)
    if kind == "refused":
        _resolve_refused(store, table_name, row_id, choice, mine, theirs)
    elif kind == "deleted_there":
        if choice != "theirs":
            raise BadInput(code="conflict.deleted_on_server")
    elif kind == "deleted_here":
        if choice == "edit":
            raise BadInput(code="conflict.delete_choices")
        if choice == "mine":
            with store.transaction() as session:
                row = session.get(MODEL_BY_TABLE[table_name], row_id)
                if row is not None and row.deleted_at is None:
                    session.delete(row)
    else:
        model = MODEL_BY_TABLE[table_name]
        column = model.__table__.columns[field]
        if choice == "edit":
            new_value = parse_value(table_name, field, value) if isinstance(value, str) else value
        else:
            chosen = mine if choice == "mine" else theirs
            new_value = decode(column.type, chosen, field)
        with store.transaction() as session:
            row = session.get(model, row_id)
            if row is not None and getattr(row, field) != new_value:
                setattr(row, field, new_value)
    with store.transaction() as session:
        record = session.get(Conflict, conflict_id)
        assert record is not None
        record.resolved_at = utcnow()
        record.resolution = {"mine": "mine", "theirs": "theirs", "edit": "edited"}[choice]


def _resolve_refused(
    store: Store, table_name: str, row_id: str, choice: str, mine: Any, theirs: Any,
) -> None:
    if choice == "edit":
        raise BadInput(code="conflict.refused_choices")
    model = MODEL_BY_TABLE[table_name]
    if choice == "mine":
        with store.transaction() as session:
            row = session.get(model, row_id)
            base = row.server_version if row is not None else 0
            session.add(OutboxEntry(
                op_id=new_id(), table_name=table_name, row_id=row_id, op=mine["op"],
                base_version=base, fields_json=dumps(mine["fields"]), actor=actor_of(session),
                created_at=utcnow(),
            ))
            if row is not None:
                row.dirty = True  # not a content change: the tracking hook writes nothing
        return
    server_row = theirs.get("row")
    with remote_transaction(store) as session:
        if server_row:
            apply_changes(session, [server_row])
        else:  # the server never took this row: it exists nowhere else, so it goes entirely
            # (a tombstone would keep its name taken and clash with the server's row of that name)
            table: Table = model.__table__  # type: ignore[assignment]
            session.execute(sa_delete(table).where(table.c.id == row_id))


def describe(value: Any) -> str:
    """A conflict value as a caseworker reads it."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "；".join(f"{k}={describe(v)}" for k, v in value.items())
    if isinstance(value, date | datetime | Decimal):
        return str(encode(value))
    return str(value)
