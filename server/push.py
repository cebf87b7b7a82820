"""Applying a batch of pushed ops: idempotency by op id, validation against the models, scope and
role, signed sign-offs, field-level merge and conflicts — all in one transaction that holds the
sequence row locked, so sequence numbers commit in order and concurrent pushes never lose an edit.

One op never fails a batch: whatever goes wrong while applying it (a value the database cannot
store, an unforeseen exception) refuses that op with a reason, and the others are applied.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from json.encoder import encode_basestring
from typing import Any, TypeGuard, cast

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

from db.canonical_json import canonical_json
from db.codec import FieldValueError, content_columns, decode, encode
from db.models import MODEL_BY_TABLE, REPLICATED_MODELS, Replicated
from db.types import utcnow
from server.auth import Caller
from server.copying import insert_rows
from server.database import write_transaction
from server.gates import (
    VOTE_FIGURES,
    VOTE_LINKS,
    election_insert_problem,
    election_update_problem,
    vote_figures_problem,
    vote_links_problem,
)
from server.history import (
    CLOCK_SKEW,
    deleted_at_for,
    future_problem,
    signed_at_problem,
    stamp,
    stamped_columns,
)
from server.id_lists import listed
from server.problems import Problem, shown
from server.rowindex import DELETED_FIELD, IndexEntry, RowIndexCache
from server.schema import AppliedOp, Departure, DeviceToken, SequenceCounter
from server.scope import (
    DISTRICT_TABLES,
    FOREIGN_KEYS,
    RECORD_OWNERS,
    STREET_CHILDREN,
    STREET_PARENTS,
    SUPERVISOR_CHANGES_TABLES,
    SUPERVISOR_ONLY_TABLES,
    deciding_parent,
)
from server.signoff import signoff_problem
from server.statistics import analyze_grown_tables
from server.wire import change_object, scrub, stamp_object

log = logging.getLogger(__name__)

INT_LIMITS = {Integer: 2**31, BigInteger: 2**63}
CASEWORKER_WRITABLE_DISTRICT = frozenset({"property_companies", "audit_entries"})
_TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(REPLICATED_MODELS)}
_MISSING = object()
# The owners' vote columns whose change is checked against the others (server.gates).
_VOTE_CHECKED = frozenset(
    {name for pair in VOTE_FIGURES for name in pair} | {c for c, _ in VOTE_LINKS} | {"compound_id"})


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


Refused = Problem  # the op cannot be applied; its envelope is sent back


def hidden(table: str, row_id: str) -> Refused:
    """One refusal for a row that is not on the server and for one of another street: the
    answer never tells a caseworker that an id exists elsewhere."""
    return Refused("outside_scope", table=table, id=row_id)


def hidden_reference(column: str, table: str, row_id: str) -> Refused:
    return Refused("reference_outside_scope", field=column, table=table, id=row_id)


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
        text = canonical_json(body)
        # surrogatepass: a lone surrogate is hashed (and its op refused later), not a crash;
        # every valid text hashes exactly as before.
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _result(op: Op, status: str, version: int | None = None, problem: Problem | None = None,
            conflicts: list[dict[str, Any]] | None = None,
            row: dict[str, Any] | None = None) -> dict[str, Any]:
    """One op's answer; a refusal carries its envelope in `error` and, for clients of the
    previous release, its English sentence in `reason` (to be dropped in the next version)."""
    return {"op_id": op.op_id, "status": status, "version": version,
            "reason": None if problem is None else problem.message,
            "error": None if problem is None else problem.envelope(),
            "conflicts": conflicts or [], "row": row}


def _brief_result(op: Op, version: int, stamp: dict[str, Any]) -> dict[str, Any]:
    """An op applied exactly as sent, answered briefly: no row, only the server's stamp (the
    pushing client has the row's content already)."""
    return {"op_id": op.op_id, "status": "applied", "version": version, "reason": None,
            "error": None, "conflicts": [], "row": None, "stamp": stamp}


@cache
def _columns_by_name(model: type[Replicated]) -> dict[str, Any]:
    return {c.name: c for c in content_columns(model)}


@cache
def _fillers(model: type[Replicated]) -> tuple[tuple[str, Any, Any, bool], ...]:
    """(name, scalar default or _MISSING, default factory or None, nullable) of each content
    column, in order: what a new row takes for a field its op leaves out."""
    found = []
    for column in content_columns(model):
        default: Any = column.default
        scalar = default.arg if getattr(default, "is_scalar", False) else _MISSING
        factory = default.arg if getattr(default, "is_callable", False) else None
        found.append((column.name, scalar, factory, bool(column.nullable)))
    return tuple(found)


def decode_fields(model: type[Replicated], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate names against the model and decode values with db/codec.py."""
    columns = _columns_by_name(model)
    decoded: dict[str, Any] = {}
    for name, raw in fields.items():
        column = columns.get(name)
        if column is None:
            raise Refused("unknown_field", table=model.__tablename__, field=name)
        try:
            value = decode(column.type, raw, name)
        except FieldValueError as exc:
            raise invalid_value(name, exc) from None
        if value is None and not column.nullable:
            raise Refused("value_required", field=name)
        _check_storable(name, value, column.type)
        decoded[name] = value
    return decoded


def _check_storable(name: str, value: Any, column_type: Any) -> None:
    """What no database can store, refused here with the field named (db.codec refuses these
    too; the server does not depend on it)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise Refused("text_has_nul", field=name)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Refused("text_not_unicode", field=name) from None
    elif isinstance(value, int) and not isinstance(value, bool):
        limit = next((v for t, v in INT_LIMITS.items() if isinstance(column_type, t)), None)
        if limit is not None and not -limit <= value < limit:
            raise Refused("number_out_of_range", field=name)
    elif isinstance(value, datetime):
        try:
            value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise Refused("timestamp_out_of_range", field=name) from None


def _with_defaults(model: type[Replicated], values: dict[str, Any]) -> dict[str, Any]:
    full = dict(values)
    for name, scalar, factory, nullable in _fillers(model):
        if name in full:
            continue
        if scalar is not _MISSING:
            full[name] = scalar
        elif factory is not None:
            full[name] = factory(None)
        elif nullable:
            full[name] = None
        else:
            raise Refused("required_for_new_row", field=name, table=model.__tablename__)
    return full


class PushSession:
    """One push transaction: the caller, the locked sequence and the row index cache."""

    def __init__(self, connection: Connection, caller: Caller, *, savepoints: bool,
                 brief: bool = False) -> None:
        self.connection = connection
        self.savepoints = savepoints
        # The client asked for brief answers: an insert or update taken exactly as sent is
        # answered with its version and the server's stamp, not the whole row.
        self.brief = brief
        self.whole_rows: set[tuple[str, str]] = set()  # rows this push answered with the row
        self._stamp: tuple[tuple[Any, Any], dict[str, Any], str] | None = None
        self.caller = caller
        # Fast path: row and index writes are kept and sent per table as executemany (see
        # flush_writes); a database refusal then surfaces at the flush and the batch is redone
        # with savepoints, which writes each op at once inside its own savepoint.
        self.index = RowIndexCache(connection, deferred=not savepoints)
        self.unwritten: list[tuple[str, Any, dict[str, Any], bool]] = []
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        # Slow path: what the current op changed in the caches, to put back if it fails.
        self._journal: list[tuple[dict[Any, Any], Any, Any]] = []
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
        self._window_start: datetime | None = None

    def _stamp_of(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The row's stamp for a brief answer; one object (and one JSON text) for every row
        this push stamps with its own time."""
        key = (row["updated_at"], row["updated_by"])
        if self._stamp is None or self._stamp[0] != key:
            stamp = stamp_object(row)
            self._stamp = (key, stamp, _RECORD.encode(stamp))
        return self._stamp[1]

    def brief_text(self, result: Mapping[str, Any]) -> str | None:
        """A brief answer's JSON, written from the push's one stamp text (None: not brief)."""
        stamp = result.get("stamp")
        if stamp is None or self._stamp is None or stamp is not self._stamp[1]:
            return None
        return (f'{{"op_id":{encode_basestring(result["op_id"])},"status":"applied",'
                f'"version":{int(result["version"])},"reason":null,"error":null,'
                f'"conflicts":[],"row":null,"stamp":{self._stamp[2]}}}')

    def _brief_for(self, op: Op) -> bool:
        """Brief answers were asked for, and no earlier op of this row in this push was answered
        with the row: the client then settles the row from that answer, which must not predate
        this op."""
        return self.brief and (op.table, op.row_id) not in self.whole_rows

    # --- scope -------------------------------------------------------------------------------

    def _sees(self, entry: IndexEntry) -> bool:
        return self.caller.sees_district or entry.district or entry.street_id == self.caller.street_id

    def _street_of(self, table: str, row_id: str, values: Mapping[str, Any]) -> tuple[str | None, bool]:
        """(street id, district?) of a row with these values; refuses unknown parents."""
        if table == "streets":
            return row_id, False
        if table in DISTRICT_TABLES:
            return None, True
        if table == "audit_entries":
            found = self._visible_entry(values.get("table_name"), values.get("row_id"))
            if found is not None:
                return found.street_id, found.district
            return self._own_street()
        decided = deciding_parent(table, values)
        if decided is not None:
            column, parent = decided
            entry = self.index.get(parent, values[column])
            if entry is None or not self._sees(entry):
                raise hidden_reference(column, parent, str(values[column]))
            return entry.street_id, entry.district
        if table == "attachments":
            found = self._visible_entry(values.get("owner_table"), values.get("owner_id"))
            if found is not None:
                return found.street_id, found.district
        return self._own_street()

    def _visible_entry(self, table: Any, row_id: Any) -> IndexEntry | None:
        """The index entry of a row a record names, if the caller may see it (a row of another
        street is treated as unknown: no existence probe)."""
        if table not in MODEL_BY_TABLE or not isinstance(row_id, str) or not row_id:
            return None
        entry = self.index.get(str(table), row_id)
        return entry if entry is not None and self._sees(entry) else None

    def _own_street(self) -> tuple[str | None, bool]:
        return (None, False) if self.caller.sees_district else (self.caller.street_id, False)

    def _may_touch(self, table: str, street_id: str | None, district: bool) -> bool:
        """May the caller write this row? A caseworker: rows of their street, and of the
        district-wide rows only what `_check_role` lets them add (a property company, the audit
        entry about it) — never a record hung on a district-wide row by someone else."""
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
            if entry is None or not self._sees(entry):
                raise hidden_reference(column, target, str(target_id))

    def _check_vote(self, values: Mapping[str, Any], changed: set[str]) -> None:
        """An owners' vote's figures in order and its links of its own compound (server.gates),
        when a figure, a link or its compound is among the `changed` fields. The links are read
        from the database only when the vote has one (pending writes flushed first)."""
        if not _VOTE_CHECKED & changed:
            return
        problem = vote_figures_problem(values)
        if problem is None and any(values.get(column) for column, _ in VOTE_LINKS):
            self.flush_writes()
            problem = vote_links_problem(self.connection, values)
        if problem:
            raise problem

    def _check_role(self, table: str, *, inserting: bool) -> None:
        """District-wide rows: supervisors (and admins) change them; rating templates and streets
        are theirs to add too. Caseworkers read and reference them."""
        if self.caller.sees_district:
            return
        if table in SUPERVISOR_ONLY_TABLES or (not inserting and table in SUPERVISOR_CHANGES_TABLES):
            raise Refused("supervisors_only", table=table)

    def _window(self) -> datetime:
        """The earliest time this device can vouch for: its login, less the clock allowance."""
        if self._window_start is None:
            issued = self.connection.scalar(
                select(DeviceToken.created_at).where(DeviceToken.id == self.caller.token_id))
            self._window_start = (issued or self.now) - CLOCK_SKEW
        return self._window_start

    # --- the slow path's undo ----------------------------------------------------------------

    def _keep(self, store: dict[Any, Any], key: Any) -> None:
        if self.savepoints:
            self._journal.append((store, key, store.get(key, _MISSING)))

    def _set_row(self, key: tuple[str, str], row: dict[str, Any]) -> None:
        self._keep(self.rows, key)
        self.rows[key] = row

    def apply_guarded(self, op: Op) -> dict[str, Any]:
        """Slow path: one op inside its own savepoint; if it fails, the database and the caches
        are as they were before it."""
        self._journal = []
        sequence = self.sequence
        savepoint = self.connection.begin_nested()
        try:
            result = self.apply(op)
        except BaseException:
            savepoint.rollback()
            self.sequence = sequence
            for store, key, old in reversed(self._journal):
                if old is _MISSING:
                    store.pop(key, None)
                else:
                    store[key] = old
            raise
        savepoint.commit()
        return result

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
                query = select(table).where(
                    listed(table.c.id, id_list[start : start + 500], self.connection.dialect.name))
                for row in self.connection.execute(query):
                    self.rows[(table_name, row.id)] = dict(row._mapping)
        # The rows these rows hang on (an update names only the fields it changes, so its
        # row's compound is not among the ops' references): one query, not one per parent.
        self.index.prefetch(
            (target, row[column])
            for (table_name, _row_id), row in self.rows.items()
            for column, target in FOREIGN_KEYS.get(table_name, {}).items()
            if _plain_id(row.get(column)))

    def _select_row(self, model: type[Replicated], row_id: str) -> dict[str, Any]:
        cached = self.rows.get((model.__tablename__, row_id))
        if cached is not None:
            return dict(cached)
        row = self.connection.execute(_statements(model).select, {"_id": row_id}).first()
        if row is None:  # index and table disagree: should never happen
            raise Refused("row_missing", table=model.__tablename__, id=row_id)
        return dict(row._mapping)

    def visible_row(self, op: Op) -> dict[str, Any] | None:
        """The server's current row of a refused op, when the caller may see it: the client
        puts it back in place of its refused change (without it, a row is taken to be one the
        server never had)."""
        model = MODEL_BY_TABLE.get(op.table)
        entry = self.index.get(op.table, op.row_id) if model is not None else None
        if model is None or entry is None or not self._sees(entry):
            return None
        try:
            current = self._select_row(model, op.row_id)
        except Refused:
            return None
        return change_object(op.table, current, entry.version)

    def apply(self, op: Op) -> dict[str, Any]:
        model = MODEL_BY_TABLE.get(op.table)
        if model is None:
            raise Refused("unknown_table", table=shown(op.table))
        entry = self.index.get(op.table, op.row_id)
        if op.op == "insert":
            if entry is None:
                return self._insert(op, model)
            if model.append_only:
                return self._reinsert_append_only(op, model, entry)
            return self._update(op, model, entry, base=0)
        if model.append_only:
            raise Refused("append_only", table=op.table)
        self._check_role(op.table, inserting=False)  # before looking: the same answer for any id
        if entry is None:
            raise hidden(op.table, op.row_id)
        if op.op == "update":
            return self._update(op, model, entry, base=op.base_version)
        if op.op == "undelete":
            return self._undelete(op, model, entry)
        if op.op == "delete":
            return self._delete(op, model, entry)
        raise Refused("unknown_op", op=shown(op.op))

    def _insert(self, op: Op, model: type[Replicated]) -> dict[str, Any]:
        self._check_role(op.table, inserting=True)
        values = _with_defaults(model, stamp(self.caller, op.table, decode_fields(model, op.fields),
                                             self.now))
        street_id, district = self._street_of(op.table, op.row_id, values)
        if not self._may_touch(op.table, street_id, district):
            raise hidden(op.table, op.row_id)
        self._check_references(op.table, values, None)
        if op.table == "elections" and (problem := election_insert_problem(self.caller, values)):
            raise problem
        if op.table == "owners_votes":
            self._check_vote(values, set(values))
        if op.table == "checkpoint_approvals":
            problem = signed_at_problem(self.caller, values.get("signed_at"), self.now,
                                        self._window())
            if problem:
                raise problem
            self.flush_writes()  # the check reads other tables
            problem = signoff_problem(self.connection, self.caller, op.row_id, values)
            if problem:
                raise problem
        version = self._next_version()
        row = {
            **values, "id": op.row_id, "updated_at": self.now, "updated_by": self.caller.name,
            "deleted_at": None, "deleted_by": None, "server_version": version, "dirty": False,
        }
        entry = IndexEntry(version, version, {}, street_id, district, self.caller.token_id)
        self._write(op.table, _statements(model).insert, row, inserting=True)
        self.index.write(op.table, op.row_id, entry, new=True)
        self._commit(version, op.table, op.row_id, entry)
        self._set_row((op.table, op.row_id), row)
        if self._brief_for(op) and not stamped_columns(self.caller, op.table):
            return _brief_result(op, version, self._stamp_of(row))
        return _result(op, "applied", version, row=change_object(op.table, row, version))

    def _reinsert_append_only(self, op: Op, model: type[Replicated], entry: IndexEntry) -> dict[str, Any]:
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise hidden(op.table, op.row_id)
        values = _with_defaults(model, decode_fields(model, op.fields))
        current = self._select_row(model, op.row_id)
        stamped = stamped_columns(self.caller, op.table)  # the server's, whatever was re-sent
        if any(current[name] != value for name, value in values.items() if name not in stamped):
            raise Refused("append_only_exists", table=op.table, id=op.row_id)
        return _result(op, "applied", entry.version, row=change_object(op.table, current, entry.version))

    def _update(self, op: Op, model: type[Replicated], entry: IndexEntry, base: int) -> dict[str, Any]:
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise hidden(op.table, op.row_id)
        self._check_role(op.table, inserting=False)
        decoded = decode_fields(model, op.fields)
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
                raise problem
        if taken:
            street_id, district = self._street_of(op.table, op.row_id, merged)
            if not self._may_touch(op.table, street_id, district):
                raise Refused("would_leave_scope", table=op.table, id=op.row_id)
            self._check_references(op.table, merged, set(taken))
        if op.table == "owners_votes":  # after the street checks: never a probe of another street
            self._check_vote(merged, set(taken))
        foreign = bool(entry.fields_changed_by_others(base, writer)) or entry.changed_by_others(
            DELETED_FIELD, base, writer
        )
        status = "conflict" if conflicts else "merged" if foreign else "applied"
        if not taken:
            if status == "applied" and self._brief_for(op):
                return _brief_result(op, entry.version, self._stamp_of(current))
            return _result(op, status, entry.version, conflicts=conflicts,
                           row=change_object(op.table, current, entry.version))
        version = self._next_version()
        changes = {**taken, "updated_at": self.now, "updated_by": self.caller.name,
                   "server_version": version}
        new_entry = entry.with_changes(version, taken, writer)
        new_entry.street_id, new_entry.district = street_id, district
        self._write_update(model, op.row_id, changes)
        self.index.write(op.table, op.row_id, new_entry, new=False)
        self._commit(version, op.table, op.row_id, new_entry)
        if street_id != entry.street_id or district != entry.district:
            self._left_street(op.table, op.row_id, entry.street_id, version)
            self._move_children(op.table, op.row_id, (entry.street_id, entry.district),
                                (street_id, district))
        row = {**merged, **changes}
        self._set_row((op.table, op.row_id), row)
        if status == "applied" and self._brief_for(op):
            return _brief_result(op, version, self._stamp_of(row))
        return _result(op, status, version, conflicts=conflicts,
                       row=change_object(op.table, row, version))

    def _delete(self, op: Op, model: type[Replicated], entry: IndexEntry) -> dict[str, Any]:
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise hidden(op.table, op.row_id)
        self._check_role(op.table, inserting=False)
        extra = set(op.fields) - {"deleted_at", "deleted_by"}
        if extra:
            raise Refused("delete_with_fields", field=shown(sorted(extra)[0]))
        columns = model.__table__.columns
        try:
            claimed = decode(columns["deleted_at"].type, op.fields.get("deleted_at"), "deleted_at")
        except FieldValueError as exc:
            raise invalid_value("deleted_at", exc) from None
        if claimed is not None:
            _check_storable("deleted_at", claimed, columns["deleted_at"].type)
            problem = future_problem("deleted_at", claimed, self.now)
            if problem:
                raise problem
        current = self._select_row(model, op.row_id)
        if current["deleted_at"] is not None:
            return _result(op, "applied", entry.version, row=change_object(op.table, current, entry.version))
        writer = self.caller.token_id
        if entry.fields_changed_by_others(op.base_version, writer):
            conflict = {"field": DELETED_FIELD, "server_value": None,
                        "client_value": op.fields.get("deleted_at") or encode(self.now)}
            return _result(op, "conflict", entry.version, conflicts=[conflict],
                           row=change_object(op.table, current, entry.version))
        deleted_at = deleted_at_for(self.caller, claimed, self.now, self._window())
        version = self._next_version()
        changes = {"deleted_at": deleted_at, "deleted_by": self.caller.name,
                   "updated_at": self.now, "updated_by": self.caller.name, "server_version": version}
        return self._write_state(op, model, entry, current, changes)

    def _undelete(self, op: Op, model: type[Replicated], entry: IndexEntry) -> dict[str, Any]:
        """Brings a tombstoned row back (the recycle bin's 恢复): same scope and role rules as an
        update; the row's fields are as they were when it was deleted."""
        if not self._may_touch(op.table, entry.street_id, entry.district):
            raise hidden(op.table, op.row_id)
        self._check_role(op.table, inserting=False)
        if op.fields:
            raise Refused("undelete_with_fields", field=shown(sorted(op.fields)[0]))
        current = self._select_row(model, op.row_id)
        if current["deleted_at"] is None:  # live already (a delete of it was a conflict): as asked
            return _result(op, "applied", entry.version,
                           row=change_object(op.table, current, entry.version))
        changes = {"deleted_at": None, "deleted_by": None, "updated_at": self.now,
                   "updated_by": self.caller.name, "server_version": self._next_version()}
        return self._write_state(op, model, entry, current, changes)

    def _write_state(self, op: Op, model: type[Replicated], entry: IndexEntry,
                     current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """A delete or undelete: the row's deleted state changes, with a new version."""
        version = int(changes["server_version"])
        new_entry = entry.with_changes(version, [DELETED_FIELD], self.caller.token_id)
        self._write_update(model, op.row_id, changes)
        self.index.write(op.table, op.row_id, new_entry, new=False)
        self._commit(version, op.table, op.row_id, new_entry)
        row = {**current, **changes}
        self._set_row((op.table, op.row_id), row)
        return _result(op, "applied", version, row=change_object(op.table, row, version))

    def _write_update(self, model: type[Replicated], row_id: str, changes: Mapping[str, Any]) -> None:
        self._write(model.__tablename__, _statements(model).update, {"_id": row_id, **changes})

    def _write(self, table: str, statement: Any, params: dict[str, Any], *,
               inserting: bool = False) -> None:
        if self.savepoints:
            self.connection.execute(statement, params)
        else:
            self.unwritten.append((table, statement, params, inserting))

    def flush_writes(self) -> None:
        """Send kept row writes: inserts first, tables in dependency order (parents first, so
        foreign keys hold), then updates in op order — so a reference added by an update (the
        second half of a broken cycle: a compound's liaison member inserted after it) finds its
        row. Consecutive writes of one shape go as one executemany."""
        unwritten, self.unwritten = self.unwritten, []
        new_rows: dict[int, list[tuple[str, Any, dict[str, Any], bool]]] = {}
        updates = []
        for write in unwritten:  # grouped, each group in op order
            if write[3]:
                new_rows.setdefault(_TABLE_ORDER.get(write[0], len(_TABLE_ORDER)), []).append(write)
            else:
                updates.append(write)
        pending = [write for order in sorted(new_rows) for write in new_rows[order]] + updates
        run: list[dict[str, Any]] = []
        shape: tuple[str, int, frozenset[str]] | None = None
        statement: Any = None
        inserting = False
        for table, stmt, params, inserts in pending:
            key = (table, id(stmt), frozenset(params))
            if key != shape and run:
                self._send(statement, run, inserting)
                run = []
            shape, statement, inserting = key, stmt, inserts
            run.append(params)
        if run:
            self._send(statement, run, inserting)
        self.index.flush()

    def _send(self, statement: Any, run: list[dict[str, Any]], inserting: bool) -> None:
        """One run of writes of one shape: new rows by COPY (server.copying), updates as one
        executemany."""
        if not inserting:
            self.connection.execute(statement, run)
            return
        columns = list(run[0])
        insert_rows(self.connection, cast(Table, statement.table), columns,
                    [tuple(params[name] for name in columns) for params in run])

    def _commit(self, version: int, table: str, row_id: str, entry: IndexEntry) -> None:
        self.sequence = version
        self._keep(self.index.entries, (table, row_id))
        self.index.remember(table, row_id, entry)

    def _left_street(self, table: str, row_id: str, street_id: str | None, version: int) -> None:
        """Record that a row left a street at `version`: that street's clients drop it."""
        if street_id is not None:
            self.connection.execute(insert(Departure).values(
                table_name=table, row_id=row_id, street_id=street_id, version=version))

    def _move_children(self, table: str, row_id: str, old: tuple[str | None, bool],
                       new: tuple[str | None, bool]) -> None:
        """A row moved from street `old` to `new`: the rows whose street it decides follow, with
        new versions so every client of the new street pulls them (and the old street's drop
        them) — its children, theirs, and the history and attachments recorded about any of
        them. A row that belongs to something else first (a member with a compound, a branch's
        compound link) stays where that is, and so does a record kept in another street (one a
        caseworker wrote about a row they cannot see stays in their own street)."""
        self.flush_writes()  # children are found (and updated) in the tables themselves
        frontier: dict[str, list[str]] = {table: [row_id]}
        while frontier:
            # (table, a record?) → ids: a child follows wherever it stood (which also mends a
            # child left behind earlier), a record only from the street its row left.
            found: dict[tuple[str, bool], list[str]] = {}
            for parent, ids in frontier.items():
                for child_table, column in STREET_CHILDREN.get(parent, []):
                    child = cast(Table, MODEL_BY_TABLE[child_table].__table__)
                    for chunk in _chunks(ids):
                        found.setdefault((child_table, False), []).extend(self._followers(
                            child_table, child.c[column].in_(chunk), column))
                for record_table, (table_column, id_column) in RECORD_OWNERS.items():
                    record = cast(Table, MODEL_BY_TABLE[record_table].__table__)
                    for chunk in _chunks(ids):
                        found.setdefault((record_table, True), []).extend(self._followers(
                            record_table, (record.c[table_column] == parent)
                            & record.c[id_column].in_(chunk), None))
            frontier = {}
            for (child_table, is_record), ids in found.items():
                self.index.prefetch((child_table, child_id) for child_id in ids)
                moved = [i for i in dict.fromkeys(ids)
                         if self._move_one(child_table, i, old if is_record else None, new)]
                if moved:
                    frontier.setdefault(child_table, []).extend(moved)

    def _followers(self, table: str, condition: Any, column: str | None) -> list[str]:
        """Ids of rows matching `condition` whose street is decided by `column` (None: by the
        row a record names, i.e. by none of its parents)."""
        model_table = cast(Table, MODEL_BY_TABLE[table].__table__)
        parent_columns = [model_table.c[name] for name, _ in STREET_PARENTS[table]]
        rows = self.connection.execute(select(model_table.c.id, *parent_columns).where(condition))
        followers = []
        for row in rows:
            decided = deciding_parent(table, dict(row._mapping))
            if (decided[0] if decided is not None else None) == column:
                followers.append(str(row.id))
        return followers

    def _move_one(self, table: str, row_id: str, only_from: tuple[str | None, bool] | None,
                  new: tuple[str | None, bool]) -> bool:
        """Give a following row its new street and a new version; False if it is there already
        (or, for a record, not in the street `only_from` its row left)."""
        entry = self.index.get(table, row_id)
        here = None if entry is None else (entry.street_id, entry.district)
        if entry is None or here == new or (only_from is not None and here != only_from):
            return False
        street_id, district = new
        version = self._next_version()
        # No writer: the pushing device's answer does not carry this version.
        moved = IndexEntry(version, entry.created_version, entry.field_versions, street_id, district)
        model_table = cast(Table, MODEL_BY_TABLE[table].__table__)
        self.connection.execute(
            update(model_table).where(model_table.c.id == row_id).values(server_version=version))
        self.index.write(table, row_id, moved, new=False)
        self._commit(version, table, row_id, moved)
        self._left_street(table, row_id, entry.street_id, version)
        return True

    def finish(self) -> None:
        self.flush_writes()
        self.connection.execute(
            update(SequenceCounter).where(SequenceCounter.id == 1).values(value=self.sequence)
        )


def referenced_keys(ops: Sequence[Op]) -> list[tuple[str, str]]:
    """Every row the ops touch or name (their targets, parents and the rows their records are
    about): read from the index in a few queries, not one per reference of a new row."""
    keys: dict[tuple[str, str], None] = {}
    for op in ops:
        keys[(op.table, op.row_id)] = None
        fields = op.fields if isinstance(op.fields, dict) else {}
        for column, target in FOREIGN_KEYS.get(op.table, {}).items():
            value = fields.get(column)
            if _plain_id(value):
                keys[(target, value)] = None
        owner = RECORD_OWNERS.get(op.table)
        if owner is not None:
            table, row_id = fields.get(owner[0]), fields.get(owner[1])
            if isinstance(table, str) and table in MODEL_BY_TABLE and _plain_id(row_id):
                keys[(table, row_id)] = None
    return list(keys)


def _plain_id(value: Any) -> TypeGuard[str]:
    """An id worth looking up ahead: anything else is left to the op, which refuses it."""
    return isinstance(value, str) and 0 < len(value) <= 36 and value.isascii() \
        and value.isprintable()


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _db_reason(exc: DBAPIError) -> Problem:
    text = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return Problem("database_refused", detail=text[:200])


def _unexpected_reason(exc: BaseException) -> Problem:
    """No message text of the exception (it may quote other rows' values), only its kind."""
    return Problem("server_failed", exception=type(exc).__name__)


def invalid_value(name: str, exc: FieldValueError) -> Problem:
    """db.codec's refusal ("field <name>: <what>") as `invalid_value` with the what as detail."""
    text, prefix = str(exc), f"field {name}: "
    return Problem("invalid_value", field=name,
                   detail=text[len(prefix):] if text.startswith(prefix) else text)


# One encoder for every stored answer (json.dumps with options builds a new one per call).
_RECORD = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


_RECORD_COLUMNS = ("op_id", "user_id", "payload_hash", "result", "at")


class _RetryWithSavepoints(Exception):
    """The fast path failed on some op: redo the batch, one savepoint per op."""


def push(engine: Engine, caller: Caller, ops: Sequence[Op], *, brief: bool = False
         ) -> list[dict[str, Any]]:
    """Apply ops in order; answers one result per op (see docs/sync-protocol.md)."""
    return push_answer(engine, caller, ops, brief=brief)["results"]


def push_body(engine: Engine, caller: Caller, ops: Sequence[Op], *, brief: bool = False) -> bytes:
    """`push_answer` as the JSON the route sends, written from each result's stored text (a
    result is encoded once, for the record and the answer alike)."""
    answer = _answer(engine, caller, ops, brief)
    texts = (text if text is not None else _RECORD.encode(result)
             for result, text in zip(answer.results, answer.texts, strict=True))
    return f'{{"results":[{",".join(texts)}],"after":{answer.after}}}'.encode()


def push_answer(engine: Engine, caller: Caller, ops: Sequence[Op], *, brief: bool = False
                ) -> dict[str, Any]:
    """{"results": one per op, "after": the newest version before this push} — every version
    this push gives is later than `after` (a client learns from it which of its own versions it
    is sure to hold: server.pull's exclude_own_from).

    The fast path writes without savepoints; if the database refuses one op (a unique
    constraint) or anything else fails, the whole transaction is rolled back and redone with a
    savepoint per op so only that op is refused.
    """
    answer = _answer(engine, caller, ops, brief)
    return {"results": answer.results, "after": answer.after}


@dataclass
class _Answer:
    results: list[dict[str, Any]]
    texts: list[str | None]  # each result's JSON when it has been written already
    after: int


def _answer(engine: Engine, caller: Caller, ops: Sequence[Op], brief: bool) -> _Answer:
    try:
        answer = _push(engine, caller, ops, savepoints=False, brief=brief)
    except _RetryWithSavepoints:
        answer = _push(engine, caller, ops, savepoints=True, brief=brief)
    analyze_grown_tables(engine)  # a first push outgrows the planner's statistics
    return answer


def _push(engine: Engine, caller: Caller, ops: Sequence[Op], *, savepoints: bool,
          brief: bool) -> _Answer:
    with write_transaction(engine) as connection:
        session = PushSession(connection, caller, savepoints=savepoints, brief=brief)
        after = session.sequence
        seen = {
            row.op_id: row
            for start in range(0, len(ops), 500)
            for row in connection.execute(
                select(AppliedOp.__table__).where(
                    listed(AppliedOp.op_id, [op.op_id for op in ops[start : start + 500]],
                           connection.dialect.name)
                )
            )
        }
        answered: dict[str, tuple[str, int, dict[str, Any], str]] = {
            op_id: (row.payload_hash, row.user_id, json.loads(row.result), row.result)
            for op_id, row in seen.items()
        }
        session.index.prefetch(referenced_keys(ops))
        session.prefetch_rows(ops)
        results: list[dict[str, Any]] = []
        texts: list[str | None] = []
        new_records: list[tuple[Any, ...]] = []
        for op in ops:
            try:
                digest = op.payload_hash()
            except Exception as exc:  # RecursionError: nested beyond what can be hashed
                results.append(_result(op, "refused", problem=_unexpected_reason(exc)))
                texts.append(None)
                continue
            earlier = answered.get(op.op_id)
            if earlier is not None:
                same = earlier[0] == digest and earlier[1] == caller.user_id
                results.append(earlier[2] if same else _result(
                    op, "refused", problem=Problem("op_id_reused")))
                texts.append(earlier[3] if same else None)
                if results[-1].get("row") is not None:
                    session.whole_rows.add((op.table, op.row_id))
                continue
            result = _apply_one(session, op)
            if result.get("row") is not None:
                session.whole_rows.add((op.table, op.row_id))
            text = session.brief_text(result) or _RECORD.encode(result)
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # never stored or sent: what cannot be, is escaped
                result = scrub(result)
                text = _RECORD.encode(result)
            results.append(result)
            texts.append(text)
            answered[op.op_id] = (digest, caller.user_id, result, text)
            new_records.append((op.op_id, caller.user_id, digest, text, session.now))
        try:
            session.finish()
        except Exception as exc:
            if savepoints:
                raise
            raise _RetryWithSavepoints from exc
        insert_rows(connection, cast(Table, AppliedOp.__table__), _RECORD_COLUMNS, new_records)
    return _Answer(results, texts, after)


def _apply_one(session: PushSession, op: Op) -> dict[str, Any]:
    """One op's result; on the fast path any failure but a refusal redoes the batch slowly."""
    try:
        if session.savepoints:
            return session.apply_guarded(op)
        return session.apply(op)
    except Refused as exc:
        return _result(op, "refused", problem=exc, row=_visible_row(session, op))
    except DBAPIError as exc:
        if not session.savepoints:
            raise _RetryWithSavepoints from exc
        return _result(op, "refused", problem=_db_reason(exc), row=_visible_row(session, op))
    except Exception as exc:  # a value the database cannot take, an unforeseen failure
        if not session.savepoints:
            raise _RetryWithSavepoints from exc
        log.warning("push op %s on %s refused after %s", op.op_id, op.table[:40],
                    type(exc).__name__, exc_info=True)
        return _result(op, "refused", problem=_unexpected_reason(exc), row=_visible_row(session, op))


def _visible_row(session: PushSession, op: Op) -> dict[str, Any] | None:
    try:
        return session.visible_row(op)
    except Exception:  # the row is only a courtesy to the client; the refusal stands without it
        return None
