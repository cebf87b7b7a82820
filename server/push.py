"""Applying a batch of pushed ops: idempotency by op id, validation against the models, scope and
role, signed sign-offs, field-level merge and conflicts — all in one transaction that holds the
sequence row locked, so sequence numbers commit in order and concurrent pushes never lose an edit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Integer,
    Table,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError

from db.codec import FieldValueError, content_columns, decode, encode
from db.models import MODEL_BY_TABLE, REPLICATED_MODELS, Replicated
from db.types import utcnow
from server.auth import Caller
from server.database import write_transaction
from server.gates import election_insert_problem, election_update_problem
from server.rowindex import DELETED_FIELD, IndexEntry, RowIndexCache
from server.schema import AppliedOp, SequenceCounter
from server.scope import (
    DISTRICT_TABLES,
    FOREIGN_KEYS,
    STREET_CHILDREN,
    STREET_PARENTS,
    SUPERVISOR_ONLY_TABLES,
)
from server.signoff import signoff_problem
from server.wire import change_object

INT_LIMITS = {Integer: 2**31, BigInteger: 2**63}
CASEWORKER_WRITABLE_DISTRICT = frozenset({"property_companies"})
_TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(REPLICATED_MODELS)}


@dataclass(frozen=True)
class _Statements:
    """Per-table statements with bound parameters, built once so SQLAlchemy compiles them once."""

    select: Any
    insert: Any
    update: Any


_STATEMENTS: dict[str, _Statements] = {}


def _statements(model: type[Replicated]) -> _Statements:
    found = _STATEMENTS.get(model.__tablename__)
    if found is None:
        table = cast(Table, model.__table__)
        found = _Statements(
            select(table).where(table.c.id == bindparam("_id")),
            insert(table),
            update(table).where(table.c.id == bindparam("_id")),
        )
        _STATEMENTS[model.__tablename__] = found
    return found


class Refused(Exception):
    """The op cannot be applied; the message is the reason sent back."""


@dataclass
class Op:
    op_id: str
    table: str
    row_id: str
    op: str
    base_version: int
    fields: dict[str, Any] = field(default_factory=dict)

    def payload_hash(self) -> str:
        body = {
            "table": self.table, "row_id": self.row_id, "op": self.op,
            "base_version": self.base_version, "fields": self.fields,
        }
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _result(op: Op, status: str, version: int | None = None, reason: str | None = None,
            conflicts: list[dict[str, Any]] | None = None,
            row: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"op_id": op.op_id, "status": status, "version": version, "reason": reason,
            "conflicts": conflicts or [], "row": row}


def decode_fields(model: type[Replicated], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate names against the model and decode values with db/codec.py."""
    columns = {c.name: c for c in content_columns(model)}
    decoded: dict[str, Any] = {}
    for name, raw in fields.items():
        column = columns.get(name)
        if column is None:
            raise Refused(f"unknown field {model.__tablename__}.{name}")
        try:
            value = decode(column.type, raw, name)
        except FieldValueError as exc:
            raise Refused(str(exc)) from None
        if value is None and not column.nullable:
            raise Refused(f"field {name}: a value is required")
        if isinstance(value, str) and "\x00" in value:
            raise Refused(f"field {name}: contains a NUL character")
        if isinstance(value, int) and not isinstance(value, bool):
            limit = next((v for t, v in INT_LIMITS.items() if isinstance(column.type, t)), None)
            if limit is not None and not -limit <= value < limit:
                raise Refused(f"field {name}: number out of range")
        decoded[name] = value
    return decoded


def _with_defaults(model: type[Replicated], values: dict[str, Any]) -> dict[str, Any]:
    full = dict(values)
    for column in content_columns(model):
        if column.name in full:
            continue
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            full[column.name] = default.arg  # type: ignore[attr-defined]
        elif default is not None and getattr(default, "is_callable", False):
            full[column.name] = default.arg(None)  # type: ignore[attr-defined]
        elif column.nullable:
            full[column.name] = None
        else:
            raise Refused(f"field {column.name} is required for a new {model.__tablename__} row")
    return full


class PushSession:
    """One push transaction: the caller, the locked sequence and the row index cache."""

    def __init__(self, connection: Connection, caller: Caller, *, savepoints: bool) -> None:
        self.connection = connection
        self.savepoints = savepoints
        self.caller = caller
        # Fast path: row and index writes are kept and sent per table as executemany (see
        # flush_writes); a database refusal then surfaces at the flush and the batch is redone
        # with savepoints, which writes each op at once.
        self.index = RowIndexCache(connection, deferred=not savepoints)
        self.unwritten: list[tuple[str, Any, dict[str, Any]]] = []
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.sequence = int(
            connection.scalar(
                select(SequenceCounter.value).where(SequenceCounter.id == 1).with_for_update()
            )
            or 0
        )
        # Lock the counter row for the whole transaction (SQLite: BEGIN IMMEDIATE already did).
        connection.execute(
            update(SequenceCounter).where(SequenceCounter.id == 1).values(value=self.sequence)
        )
        self.now = utcnow()

    # --- scope -------------------------------------------------------------------------------

    def _street_of(self, table: str, row_id: str, values: Mapping[str, Any]) -> tuple[str | None, bool]:
        """(street id, district?) of a row with these values; refuses unknown parents."""
        if table == "streets":
            return row_id, False
        if table in DISTRICT_TABLES:
            return None, True
        if table == "audit_entries":
            target = values.get("table_name"), values.get("row_id")
            if target[0] in MODEL_BY_TABLE and target[1]:
                entry = self.index.get(str(target[0]), str(target[1]))
                if entry is not None:
                    return entry.street_id, entry.district
            return self.caller.street_id, False
        for column, parent in STREET_PARENTS[table]:
            parent_id = values.get(column)
            if parent_id is None:
                continue
            entry = self.index.get(parent, parent_id)
            if entry is None:
                raise Refused(f"field {column}: {parent} row {parent_id} is not on the server")
            return entry.street_id, entry.district
        if table == "attachments" and values.get("owner_table") in MODEL_BY_TABLE:
            entry = self.index.get(str(values["owner_table"]), str(values.get("owner_id")))
            if entry is not None:
                return entry.street_id, entry.district
        return (None, False) if self.caller.sees_district else (self.caller.street_id, False)

    def _may_touch(self, table: str, street_id: str | None, district: bool) -> bool:
        if self.caller.sees_district:
            return True
        if district:
            return table in CASEWORKER_WRITABLE_DISTRICT
        return street_id is not None and street_id == self.caller.street_id

    def _check_references(self, table: str, values: Mapping[str, Any], only: set[str] | None) -> None:
        for column, target in FOREIGN_KEYS[table].items():
            if only is not None and column not in only:
                continue
            target_id = values.get(column)
            if target_id is None:
                continue
            entry = self.index.get(target, target_id)
            if entry is None:
                raise Refused(f"field {column}: {target} row {target_id} is not on the server")
            if not self.caller.sees_district and not entry.district and (
                entry.street_id != self.caller.street_id
            ):
                raise Refused(f"field {column}: {target} row {target_id} is outside your street")

    def _check_role(self, table: str) -> None:
        if table in SUPERVISOR_ONLY_TABLES and not self.caller.sees_district:
            raise Refused(f"only supervisors may change {table}")

    # --- ops ---------------------------------------------------------------------------------

    def _next_version(self) -> int:
        return self.sequence + 1

    def prefetch_rows(self, ops: Sequence[Op]) -> None:
        """Read the current rows of every op's target in a few queries instead of one per op."""
        wanted: dict[str, set[str]] = {}
        for op in ops:
            if op.table in MODEL_BY_TABLE and self.index.entries.get((op.table, op.row_id)):
                wanted.setdefault(op.table, set()).add(op.row_id)
        for table_name, ids in wanted.items():
            table = MODEL_BY_TABLE[table_name].__table__
            id_list = sorted(ids)
            for start in range(0, len(id_list), 500):
                query = select(table).where(table.c.id.in_(id_list[start : start + 500]))
                for row in self.connection.execute(query):
                    self.rows[(table_name, row.id)] = dict(row._mapping)

    def _select_row(self, model: type[Replicated], row_id: str) -> dict[str, Any]:
        cached = self.rows.get((model.__tablename__, row_id))
        if cached is not None:
            return dict(cached)
        row = self.connection.execute(_statements(model).select, {"_id": row_id}).first()
        if row is None:  # index and table disagree: should never happen
            raise Refused(f"{model.__tablename__} row {row_id} is missing on the server")
        return dict(row._mapping)

    def visible_row(self, op: Op) -> dict[str, Any] | None:
        """The server's current row of a refused op, when the caller may see it: the client
        puts it back in place of its refused change (without it, a row is taken to be one the
        server never had)."""
        model = MODEL_BY_TABLE.get(op.table)
        entry = self.index.get(op.table, op.row_id) if model is not None else None
        if model is None or entry is None:
            return None
        if not (self.caller.sees_district or entry.district
                or entry.street_id == self.caller.street_id):
            return None
        try:
            current = self._select_row(model, op.row_id)
        except Refused:
            return None
        return change_object(op.table, current, entry.version)

    def apply(self, op: Op) -> dict[str, Any]:
        model = MODEL_BY_TABLE.get(op.table)
        if model is None:
            raise Refused(f"unknown table {op.table}")
        entry = self.index.get(op.table, op.row_id)
        if op.op == "insert":
            if entry is None:
                return self._insert(op, model)
            if model.append_only:
                return self._reinsert_append_only(op, model, entry)
            return self._update(op, model, entry, base=0)
        if model.append_only:
            raise Refused(f"{op.table} rows are append-only: they can never be changed or deleted")
        if entry is None:
            raise Refused(f"{op.table} row {op.row_id} is not on the server")
        if op.op == "update":
            return self._update(op, model, entry, base=op.base_version)
        return self._delete(op, model, entry)

    def _insert(self, op: Op, model: type[Replicated]) -> dict[str, Any]:
        values = _with_defaults(model, decode_fields(model, op.fields))
        self._check_role(op.table)
        street_id, district = self._street_of(op.table, op.row_id, values)
        if not self._may_touch(op.table, street_id, district):
            raise Refused(f"{op.table} row {op.row_id} is outside your street")
        self._check_references(op.table, values, None)
        if op.table == "elections" and (problem := election_insert_problem(self.caller, values)):
            raise Refused(problem)
        if op.table == "checkpoint_approvals":
            self.flush_writes()  # the check reads other tables
            problem = signoff_problem(self.connection, self.caller, op.row_id, values)
            if problem:
                raise Refused(problem)
        version = self._next_version()
        row = {
            **values, "id": op.row_id, "updated_at": self.now, "updated_by": self.caller.name,
            "deleted_at": None, "deleted_by": None, "server_version": version, "dirty": False,
        }
        entry = IndexEntry(version, version, {}, street_id, district)
        with self._guard():
            self._write(op.table, _statements(model).insert, row)
            self.index.write(op.table, op.row_id, entry, new=True)
        self._commit(version, op.table, op.row_id, entry)
        self.rows[(op.table, op.row_id)] = row
        return _result(op, "applied", version, row=change_object(op.table, row, version))

    def _reinsert_append_only(self, op: Op, model: type[Replicated], entry: IndexEntry) -> dict[str, Any]:
        values = _with_defaults(model, decode_fields(model, op.fields))
        current = self._select_row(model, op.row_id)
        if any(current[name] != value for name, value in values.items()):
            raise Refused(f"{op.table} rows are append-only: row {op.row_id} exists with other values")
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise Refused(f"{op.table} row {op.row_id} is outside your street")
        return _result(op, "applied", entry.version, row=change_object(op.table, current, entry.version))

    def _update(self, op: Op, model: type[Replicated], entry: IndexEntry, base: int) -> dict[str, Any]:
        decoded = decode_fields(model, op.fields)
        self._check_role(op.table)
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise Refused(f"{op.table} row {op.row_id} is outside your street")
        current = self._select_row(model, op.row_id)
        writer = self.caller.token_id
        conflicts: list[dict[str, Any]] = []
        taken: dict[str, Any] = {}
        for name, value in decoded.items():
            if current[name] == value:
                continue
            if entry.changed_by_others(name, base, writer):
                conflicts.append({"field": name, "server_value": encode(current[name]),
                                  "client_value": op.fields[name]})
            else:
                taken[name] = value
        if current["deleted_at"] is not None and entry.field_versions.get(
            DELETED_FIELD, (0, None)
        )[1] != writer:
            conflicts.append({"field": DELETED_FIELD, "server_value": encode(current["deleted_at"]),
                              "client_value": None})
        merged = {**current, **taken}
        street_id, district = entry.street_id, entry.district
        if op.table == "elections" and {"stage", "kind", "historical"} & set(taken):
            self.flush_writes()  # the check reads the sign-offs, this push's included
            problem = election_update_problem(self.connection, self.caller, op.row_id, current,
                                              merged)
            if problem:
                raise Refused(problem)
        if taken:
            street_id, district = self._street_of(op.table, op.row_id, merged)
            if not self._may_touch(op.table, street_id, district):
                raise Refused(f"{op.table} row {op.row_id} would move outside your street")
            self._check_references(op.table, merged, set(taken))
        foreign = bool(entry.fields_changed_by_others(base, writer)) or entry.changed_by_others(
            DELETED_FIELD, base, writer
        )
        status = "conflict" if conflicts else "merged" if foreign else "applied"
        if not taken:
            return _result(op, status, entry.version, conflicts=conflicts,
                           row=change_object(op.table, current, entry.version))
        version = self._next_version()
        changes = {**taken, "updated_at": self.now, "updated_by": self.caller.name,
                   "server_version": version}
        new_entry = entry.with_changes(version, taken, writer)
        new_entry.street_id, new_entry.district = street_id, district
        with self._guard():
            self._write_update(model, op.row_id, changes)
            self.index.write(op.table, op.row_id, new_entry, new=False)
        self._commit(version, op.table, op.row_id, new_entry)
        if street_id != entry.street_id or district != entry.district:
            self._move_children(op.table, op.row_id, street_id, district)
        row = {**merged, **changes}
        self.rows[(op.table, op.row_id)] = row
        return _result(op, status, version, conflicts=conflicts,
                       row=change_object(op.table, row, version))

    def _delete(self, op: Op, model: type[Replicated], entry: IndexEntry) -> dict[str, Any]:
        extra = set(op.fields) - {"deleted_at", "deleted_by"}
        if extra:
            raise Refused(f"a delete carries only deleted_at and deleted_by, not {sorted(extra)[0]}")
        columns = model.__table__.columns
        try:
            deleted_at = decode(columns["deleted_at"].type, op.fields.get("deleted_at"), "deleted_at")
        except FieldValueError as exc:
            raise Refused(str(exc)) from None
        self._check_role(op.table)
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise Refused(f"{op.table} row {op.row_id} is outside your street")
        current = self._select_row(model, op.row_id)
        if current["deleted_at"] is not None:
            return _result(op, "applied", entry.version, row=change_object(op.table, current, entry.version))
        writer = self.caller.token_id
        if entry.fields_changed_by_others(op.base_version, writer):
            conflict = {"field": DELETED_FIELD, "server_value": None,
                        "client_value": op.fields.get("deleted_at") or encode(self.now)}
            return _result(op, "conflict", entry.version, conflicts=[conflict],
                           row=change_object(op.table, current, entry.version))
        version = self._next_version()
        changes = {"deleted_at": deleted_at or self.now, "deleted_by": self.caller.name,
                   "updated_at": self.now, "updated_by": self.caller.name, "server_version": version}
        new_entry = entry.with_changes(version, [DELETED_FIELD], writer)
        with self._guard():
            self._write_update(model, op.row_id, changes)
            self.index.write(op.table, op.row_id, new_entry, new=False)
        self._commit(version, op.table, op.row_id, new_entry)
        self.rows[(op.table, op.row_id)] = {**current, **changes}
        return _result(op, "applied", version, row=change_object(op.table, {**current, **changes}, version))

    def _guard(self) -> Any:
        """A savepoint around one op's writes (slow path), or nothing (fast path)."""
        return self.connection.begin_nested() if self.savepoints else nullcontext()

    def _write_update(self, model: type[Replicated], row_id: str, changes: Mapping[str, Any]) -> None:
        self._write(model.__tablename__, _statements(model).update, {"_id": row_id, **changes})

    def _write(self, table: str, statement: Any, params: dict[str, Any]) -> None:
        if self.savepoints:
            self.connection.execute(statement, params)
        else:
            self.unwritten.append((table, statement, params))

    def flush_writes(self) -> None:
        """Send kept row writes: tables in dependency order (parents first, so foreign keys hold),
        each table's writes in op order, consecutive ones of one shape as one executemany."""
        pending, self.unwritten = self.unwritten, []
        pending.sort(key=lambda w: _TABLE_ORDER.get(w[0], len(_TABLE_ORDER)))  # stable
        run: list[dict[str, Any]] = []
        shape: tuple[str, int, frozenset[str]] | None = None
        statement: Any = None
        for table, stmt, params in pending:
            key = (table, id(stmt), frozenset(params))
            if key != shape and run:
                self.connection.execute(statement, run)
                run = []
            shape, statement = key, stmt
            run.append(params)
        if run:
            self.connection.execute(statement, run)
        self.index.flush()

    def _commit(self, version: int, table: str, row_id: str, entry: IndexEntry) -> None:
        self.sequence = version
        self.index.remember(table, row_id, entry)

    def _move_children(self, table: str, row_id: str, street_id: str | None, district: bool) -> None:
        """A row moved street: its descendants follow, with new versions so every client of the
        new street pulls them."""
        self.flush_writes()  # children are found (and updated) in the tables themselves
        for child_table, column in STREET_CHILDREN.get(table, []):
            child = cast(Table, MODEL_BY_TABLE[child_table].__table__)
            ids = self.connection.scalars(select(child.c.id).where(child.c[column] == row_id)).all()
            for child_id in ids:
                entry = self.index.get(child_table, child_id)
                if entry is None or (entry.street_id, entry.district) == (street_id, district):
                    continue
                version = self._next_version()
                moved = IndexEntry(version, entry.created_version, entry.field_versions,
                                   street_id, district)
                self.connection.execute(
                    update(child).where(child.c.id == child_id).values(server_version=version)
                )
                self.index.write(child_table, child_id, moved, new=False)
                self._commit(version, child_table, child_id, moved)
                self._move_children(child_table, child_id, street_id, district)

    def finish(self) -> None:
        self.flush_writes()
        self.connection.execute(
            update(SequenceCounter).where(SequenceCounter.id == 1).values(value=self.sequence)
        )


def _db_reason(exc: DBAPIError) -> str:
    text = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return f"the database refused the change: {text[:200]}"


class _RetryWithSavepoints(Exception):
    """The database refused an op on the fast path: redo the batch, one savepoint per op."""


def push(engine: Engine, caller: Caller, ops: Sequence[Op]) -> list[dict[str, Any]]:
    """Apply ops in order; answers one result per op (see docs/sync-protocol.md).

    The fast path writes without savepoints; if the database refuses one op (a unique
    constraint), the whole transaction is rolled back and redone with a savepoint per op so only
    that op is refused.
    """
    try:
        return _push(engine, caller, ops, savepoints=False)
    except _RetryWithSavepoints:
        return _push(engine, caller, ops, savepoints=True)


def _push(engine: Engine, caller: Caller, ops: Sequence[Op], *, savepoints: bool) -> list[dict[str, Any]]:
    with write_transaction(engine) as connection:
        session = PushSession(connection, caller, savepoints=savepoints)
        seen = {
            row.op_id: row
            for start in range(0, len(ops), 500)
            for row in connection.execute(
                select(AppliedOp.__table__).where(
                    AppliedOp.op_id.in_([op.op_id for op in ops[start : start + 500]])
                )
            )
        }
        answered: dict[str, tuple[str, int, dict[str, Any]]] = {
            op_id: (row.payload_hash, row.user_id, json.loads(row.result)) for op_id, row in seen.items()
        }
        session.index.prefetch((op.table, op.row_id) for op in ops)
        session.prefetch_rows(ops)
        results: list[dict[str, Any]] = []
        new_records: list[dict[str, Any]] = []
        for op in ops:
            digest = op.payload_hash()
            earlier = answered.get(op.op_id)
            if earlier is not None:
                same = earlier[0] == digest and earlier[1] == caller.user_id
                results.append(earlier[2] if same else _result(
                    op, "refused", reason="op id already used with a different payload"))
                continue
            try:
                result = session.apply(op)
            except Refused as exc:
                result = _result(op, "refused", reason=str(exc), row=session.visible_row(op))
            except DBAPIError as exc:
                if not savepoints:
                    raise _RetryWithSavepoints from exc
                result = _result(op, "refused", reason=_db_reason(exc))
            results.append(result)
            answered[op.op_id] = (digest, caller.user_id, result)
            new_records.append({
                "op_id": op.op_id, "user_id": caller.user_id, "payload_hash": digest,
                "result": json.dumps(result, ensure_ascii=False), "at": session.now,
            })
        try:
            session.finish()
        except DBAPIError as exc:
            if savepoints:
                raise
            raise _RetryWithSavepoints from exc
        if new_records:
            connection.execute(insert(AppliedOp), new_records)
    return results
