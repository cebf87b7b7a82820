"""Writing what the server sent into the local store: pulled changes and push results.

Rows are written in sessions marked `applying_remote` (no outbox, no audit) with foreign keys
off: the server orders changes by version, not by table dependency, so a child can arrive a page
before its parent; once the pull has caught up every reference resolves again.

A field with a pending local change (an outbox entry for its row) is never overwritten: the local
value stays and is pushed next. A pulled tombstone against pending local edits is a conflict
(field "__deleted__"): the tombstone stands, the edits are kept in the conflicts table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Integer,
    String,
    Table,
    Text,
    delete,
    select,
    update,
)
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.orm import Session

from app.sync.batching import PushedOp, deferred_op_id
from app.sync.errors import ServerRefused
from app.sync.reasons import client_refusal, describe_error
from db import tracking
from db.among import among
from db.codec import FieldValueError, content_columns, decode
from db.engine import BEGIN_MODE
from db.models import (
    MODEL_BY_TABLE,
    REPLICATED_MODELS,
    AuditEntry,
    Conflict,
    OutboxEntry,
    Replicated,
)
from db.store import Store
from db.types import UTCDateTime, new_id, utcnow

DELETED_FIELD = "__deleted__"
REFUSED_FIELD = "__refused__"
_CHUNK = 900  # ids per IN (...) query
_TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(REPLICATED_MODELS)}
_TIMESTAMP = UTCDateTime()
_DIALECT = SQLiteDialect_pysqlite()  # the local store is always SQLite
_MISSING = object()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@contextmanager
def remote_transaction(store: Store) -> Iterator[Session]:
    """One transaction writing server data: untracked, foreign keys checked only by the server."""
    with store.engine.connect() as connection:
        # It reads (held versions, pending edits) before it writes: the write lock first, so
        # another session's write is waited for rather than failing the sync at once.
        connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        # On the driver connection, outside any transaction: inside one SQLite ignores it.
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            info = {tracking.APPLYING_REMOTE_KEY: True, tracking.ACTOR_KEY: store.actor}
            with Session(bind=connection, info=info) as session, session.begin():
                yield session
        finally:
            connection.rollback()
            raw.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    """JSON value → column value; plain text, whole numbers and booleans skip the general path."""
    column_type, name = column.type, column.name
    length = getattr(column_type, "length", None)

    def general(value: Any) -> Any:
        return decode(column_type, value, name)

    if type(column_type) in (String, Text):
        def text(value: Any) -> Any:
            if type(value) is str and (length is None or len(value) <= length):
                return value
            return general(value)
        return text
    if type(column_type) in (Integer, BigInteger):
        return lambda value: value if type(value) is int else general(value)
    if type(column_type) is Boolean:
        return lambda value: value if type(value) is bool else general(value)
    return general


@dataclass(frozen=True)
class TableCodec:
    """How one replicated table's change objects become column values."""

    model: type[Replicated]
    table: Table
    columns: tuple[Column[Any], ...]
    plan: tuple[tuple[str, Callable[[Any], Any], Any], ...]  # (name, decoder, default)

    def content(self, fields: Mapping[str, Any], row_id: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        missing = object()
        try:
            for name, decoder, default in self.plan:
                value = fields.get(name, missing)
                values[name] = default if value is missing else (
                    None if value is None else decoder(value))
        except (FieldValueError, TypeError, ValueError, ArithmeticError) as exc:
            raise ServerRefused(code="sync.local.bad_value", table=self.table.name, id=row_id,
                                detail=exc) from None
        return values


@cache
def table_codec(table_name: str) -> TableCodec:
    model = MODEL_BY_TABLE.get(table_name)
    if model is None:
        raise ServerRefused(code="sync.local.unknown_table", table=table_name)
    columns = tuple(content_columns(model))
    plan = tuple(
        (c.name, _decoder(c),
         c.default.arg if c.default is not None and c.default.is_scalar else None)  # type: ignore[attr-defined]
        for c in columns
    )
    return TableCodec(model, model.__table__, columns, plan)  # type: ignore[arg-type]


def _timestamp(value: Any, what: str) -> Any:
    if value is None:
        return None
    try:
        return decode(_TIMESTAMP, value, what)
    except FieldValueError as exc:
        raise ServerRefused(code="sync.local.bad_timestamp", detail=exc) from None


def full_row(codec: TableCodec, change: Mapping[str, Any], dirty: bool) -> dict[str, Any]:
    """Every column of the row as the server has it (content plus replication columns)."""
    row_id = str(change["id"])
    for name in ("updated_by", "deleted_by"):
        if not isinstance(change.get(name), str | None):
            raise ServerRefused(code="sync.local.bad_field", field=name, table=codec.table.name,
                                id=row_id)
    return {
        **codec.content(change.get("fields") or {}, row_id),
        "id": row_id,
        "updated_at": _timestamp(change.get("updated_at"), "updated_at") or utcnow(),
        "updated_by": str(change.get("updated_by") or ""),
        "deleted_at": _timestamp(change.get("deleted_at"), "deleted_at"),
        "deleted_by": change.get("deleted_by"),
        "server_version": int(change["version"]),
        "dirty": dirty,
    }


@dataclass
class Pending:
    """The not-yet-pushed local changes of one row, merged in outbox order."""

    fields: dict[str, Any] = field(default_factory=dict)
    has_delete: bool = False
    has_undelete: bool = False  # restored here: a tombstone coming back must not undo that
    base_version: int = 0


def pending_changes(session: Session, table_name: str, ids: Sequence[str]) -> dict[str, Pending]:
    found: dict[str, Pending] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = (
            select(OutboxEntry.row_id, OutboxEntry.op, OutboxEntry.fields_json,
                   OutboxEntry.base_version)
            .where(OutboxEntry.table_name == table_name, among(OutboxEntry.row_id, chunk))
            .order_by(OutboxEntry.seq)
        )
        for row_id, op, fields_json, base in session.execute(query):
            pending = found.get(row_id)
            if pending is None:
                pending = found[row_id] = Pending(base_version=base)
            if op == "delete":
                pending.has_delete = True
            else:
                pending.has_undelete = pending.has_undelete or op == "undelete"
                pending.fields.update(json.loads(fields_json))
    return found


@dataclass(frozen=True)
class _Upsert:
    """One table's upsert as driver SQL plus the column converters SQLAlchemy would apply: an
    initial pull writes hundreds of thousands of rows, and per-row statement building is most
    of the cost otherwise."""

    sql: str
    columns: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    codec: TableCodec

    slots: tuple[tuple[str, Callable[[Any], Any] | None, Any, Callable[[Any], Any] | None], ...]

    def values(self, change: Mapping[str, Any]) -> tuple[Any, ...]:
        """A clean (not dirty) row's driver values straight from its change object: what
        `full_row` then the converters give, in one pass (a first pull's hot loop)."""
        row_id = str(change["id"])
        updated_by, deleted_by = change.get("updated_by"), change.get("deleted_by")
        for name, value in (("updated_by", updated_by), ("deleted_by", deleted_by)):
            if not isinstance(value, str | None):
                raise ServerRefused(code="sync.local.bad_field", field=name,
                                    table=self.codec.table.name, id=row_id)
        state = {
            "id": row_id,
            "updated_at": _timestamp(change.get("updated_at"), "updated_at") or utcnow(),
            "updated_by": str(updated_by or ""),
            "deleted_at": _timestamp(change.get("deleted_at"), "deleted_at"),
            "deleted_by": deleted_by, "server_version": int(change["version"]), "dirty": False,
        }
        fields = change.get("fields") or {}
        values = []
        try:
            for name, decoder, default, convert in self.slots:
                if decoder is None:
                    value = state[name]
                else:
                    value = fields.get(name, _MISSING)
                    value = default if value is _MISSING else (
                        None if value is None else decoder(value))
                values.append(value if convert is None or value is None else convert(value))
        except (FieldValueError, TypeError, ValueError, ArithmeticError) as exc:
            raise ServerRefused(code="sync.local.bad_value", table=self.codec.table.name,
                                id=row_id, detail=exc) from None
        return tuple(values)


@cache
def _upsert_for(table_name: str) -> _Upsert:
    table = table_codec(table_name).table
    dialect = _DIALECT
    names = tuple(c.name for c in table.columns)
    quoted = ", ".join(f'"{n}"' for n in names)
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    sql = (
        f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" for _ in names)}) '
        f'ON CONFLICT ("id") DO UPDATE SET {updates} '
        f'WHERE "{table.name}".server_version <= excluded.server_version'
    )
    converters = tuple(c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns)
    codec = table_codec(table_name)
    content = {name: (decoder, default) for name, decoder, default in codec.plan}
    slots = tuple((name, *content.get(name, (None, None)), convert)
                  for name, convert in zip(names, converters, strict=True))
    return _Upsert(sql, names, converters, codec, slots)


def _upsert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert or replace whole rows, but never with an older version than the one we hold."""
    plan = _upsert_for(table.name)
    pairs = tuple(zip(plan.columns, plan.converters, strict=True))
    values = [
        tuple(row[name] if convert is None or row[name] is None else convert(row[name])
              for name, convert in pairs)
        for row in rows
    ]
    session.connection().exec_driver_sql(plan.sql, values)


def record_conflict(
    session: Session, table_name: str, row_id: str, field_name: str, mine: Any, theirs: Any,
    base_version: int, server_version: int,
) -> None:
    session.add(Conflict(
        id=new_id(), table_name=table_name, row_id=row_id, field=field_name,
        mine_json=dumps(mine), theirs_json=dumps(theirs), base_version=base_version,
        server_version=server_version, created_at=utcnow(),
    ))


GONE = client_refusal("scope_left")
_MAX_SKIP_NOTES = 5


def _change_key(change: Any) -> tuple[str, str] | None:
    """(table, id) of a well-formed change object of a table this app knows, else None."""
    if not isinstance(change, Mapping):
        return None
    table, row_id = change.get("table"), change.get("id")
    if not isinstance(table, str) or table not in MODEL_BY_TABLE:
        return None
    if not isinstance(row_id, str) or not row_id or len(row_id) > 36:
        return None
    version = change.get("version")
    if type(version) is not int or version < 0 or not isinstance(change.get("fields", {}), dict):
        return None
    return table, row_id


def _skip_note(change: Any, detail: str) -> str:
    table = change.get("table") if isinstance(change, Mapping) else None
    row_id = change.get("id") if isinstance(change, Mapping) else None
    return (f"服务器发来的一条更改本机无法保存，已跳过（数据表 {str(table)[:40]}，记录 "
            f"{str(row_id)[:36]}：{detail}）。服务器的程序可能比本机新，请更新本程序。")


def apply_changes(
    session: Session, changes: Iterable[Mapping[str, Any]], skipped: list[str] | None = None,
) -> int:
    """Apply server change objects (pull page or push result rows); returns conflicts recorded.

    A change this app cannot store (an unknown table, a malformed object, a value out of its
    column's type or range: a newer server's) is skipped and said in `skipped`, so one bad row
    never stops a pull. A change `{"table", "id", "gone": true}` says the row left the caller's
    scope at that version: the local copy is dropped (see drop_gone_rows). Of several changes
    of one row, the one with the highest version counts.
    """
    notes: list[str] = []
    latest: dict[tuple[str, str], Mapping[str, Any]] = {}
    for change in changes:
        key = _change_key(change)
        if key is None:
            notes.append(_skip_note(change, "无法识别"))
            continue
        held = latest.get(key)
        if held is None or int(held["version"]) <= int(change["version"]):
            latest[key] = change
    by_table: dict[str, dict[str, Mapping[str, Any]]] = {}
    gone: dict[str, list[str]] = {}
    for (table_name, row_id), change in latest.items():
        if change.get("gone") is True:
            gone.setdefault(table_name, []).append(row_id)
        else:
            by_table.setdefault(table_name, {})[row_id] = change
    conflicts = 0
    outbox_empty = session.execute(select(OutboxEntry.seq).limit(1)).first() is None
    for table_name in sorted(by_table, key=lambda t: _TABLE_ORDER.get(t, len(_TABLE_ORDER))):
        codec = table_codec(table_name)
        rows = by_table[table_name]
        pending = {} if outbox_empty else pending_changes(session, table_name, list(rows))
        held_versions = _held_versions(session, codec.table, [i for i in rows if i not in pending])
        clean = []
        to_values = _upsert_for(table_name).values
        for row_id, change in rows.items():
            if row_id in pending or held_versions.get(row_id) == int(change["version"]):
                continue
            try:
                clean.append(to_values(change))
            except ServerRefused as exc:
                notes.append(_skip_note(change, str(exc)))
        if clean:
            session.connection().exec_driver_sql(_upsert_for(table_name).sql, clean)
        for row_id, row_pending in pending.items():
            try:
                conflicts += _apply_over_pending(session, codec, rows[row_id], row_pending)
            except ServerRefused as exc:
                notes.append(_skip_note(rows[row_id], str(exc)))
    for table_name, ids in gone.items():
        conflicts += drop_gone_rows(session, table_name, ids)
    if skipped is not None:
        skipped.extend(notes[:_MAX_SKIP_NOTES])
        if len(notes) > _MAX_SKIP_NOTES:
            skipped.append(f"……另有 {len(notes) - _MAX_SKIP_NOTES} 条服务器发来的更改也已跳过。")
    return conflicts


def _refusal(result: Mapping[str, Any], row: Any) -> dict[str, Any]:
    """A refused op's `theirs`: the error envelope (worded on screen from its code,
    app.sync.reasons), its English sentence, and the server's row."""
    error = result.get("error") if isinstance(result.get("error"), Mapping) else None
    reason = result.get("reason") or (error or {}).get("message") or ""
    return {"reason": str(reason), "error": dict(error) if error else None, "row": row}


def drop_gone_rows(session: Session, table_name: str, ids: Sequence[str]) -> int:
    """Rows that left this user's scope (e.g. their compound moved to another street) are
    deleted here outright: no tombstone, no outbox op — the server still has them, for the
    people allowed to see them. Pending local changes of such a row are not lost: they are
    kept as a refused change in the conflicts table, and their outbox entries removed.
    Returns the conflicts recorded."""
    table = table_codec(table_name).table
    pending = pending_changes(session, table_name, list(ids))
    for row_id, row_pending in pending.items():
        op = "delete" if row_pending.has_delete and not row_pending.fields else "update"
        record_conflict(
            session, table_name, row_id, REFUSED_FIELD, {"op": op, "fields": row_pending.fields},
            {"reason": describe_error(GONE), "error": GONE, "row": None},
            row_pending.base_version, 0,
        )
        session.execute(delete(OutboxEntry).where(
            OutboxEntry.table_name == table_name, OutboxEntry.row_id == row_id))
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(table).where(among(table.c.id, ids[start : start + _CHUNK])))
    if pending:
        _drop_unpushed_audit(session, table_name, list(pending))
    return len(pending)


def _drop_unpushed_audit(session: Session, table_name: str, ids: list[str]) -> None:
    """Audit entries of the edits just kept as conflicts, not pushed yet, go with their row:
    the server would refuse them (their row is outside the street now) and the conflict holds
    the values."""
    audit = table_codec(AuditEntry.__tablename__).table
    for start in range(0, len(ids), _CHUNK):
        unpushed = session.scalars(
            select(audit.c.id).where(audit.c.table_name == table_name,
                                     among(audit.c.row_id, ids[start : start + _CHUNK]),
                                     audit.c.dirty.is_(True))
        ).all()
        if unpushed:
            session.execute(delete(OutboxEntry).where(
                OutboxEntry.table_name == AuditEntry.__tablename__,
                among(OutboxEntry.row_id, unpushed)).execution_options(synchronize_session="fetch"))
            session.execute(delete(audit).where(among(audit.c.id, unpushed)))


def _held_versions(session: Session, table: Table, ids: Sequence[str]) -> dict[str, int]:
    """Server versions of the clean local rows among `ids`: a pulled change at exactly that
    version (typically our own just-pushed edits coming back) is already here, so it is skipped
    before any decoding or writing."""
    held: dict[str, int] = {}
    connection = session.connection()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        # Driver SQL with the ids as one JSON text (see db.among): a pull asks this for every
        # page, and an IN of 900 bound parameters left the page's upsert to run slower.
        query = (f'SELECT id, server_version FROM "{table.name}" '
                 'WHERE dirty = 0 AND id IN (SELECT value FROM json_each(?))')
        held.update((row_id, int(version))
                    for row_id, version in connection.exec_driver_sql(query, (dumps(chunk),))
                    if version is not None)
    return held


def _apply_over_pending(
    session: Session, codec: TableCodec, change: Mapping[str, Any], pending: Pending,
) -> int:
    table, row_id, version = codec.table, str(change["id"]), int(change["version"])
    incoming = full_row(codec, change, dirty=True)  # first: a bad value writes nothing
    local = session.execute(
        select(table.c.deleted_at, table.c.server_version).where(table.c.id == row_id)
    ).first()
    if local is None:
        _upsert(session, table, [incoming])
        return 0
    server_deleted = change.get("deleted_at") is not None
    if server_deleted and local.deleted_at is None and not (pending.has_delete
                                                            or pending.has_undelete):
        # Deleted on the server while edited here: the tombstone stands, the edits are kept.
        # (Not when restored here after a delete of ours: the restore is still to be sent.)
        record_conflict(
            session, table.name, row_id, DELETED_FIELD, pending.fields,
            {"deleted_at": change.get("deleted_at"), "deleted_by": change.get("deleted_by")},
            pending.base_version, version,
        )
        session.execute(delete(OutboxEntry).where(
            OutboxEntry.table_name == table.name, OutboxEntry.row_id == row_id))
        _upsert(session, table, [{**incoming, "dirty": False}])
        return 1
    values = {
        name: incoming[name] for name in (c.name for c in codec.columns)
        if name in (change.get("fields") or {}) and name not in pending.fields
    }
    if not (pending.has_delete or pending.has_undelete):
        values["deleted_at"], values["deleted_by"] = incoming["deleted_at"], incoming["deleted_by"]
    values["server_version"] = max(version, int(local.server_version or 0))
    values["dirty"] = True
    session.execute(update(table).where(table.c.id == row_id).values(**values))
    return 0


# -- push results ----------------------------------------------------------------------------


@dataclass
class PushStats:
    pushed: int = 0
    merged: int = 0
    conflicts: int = 0
    refused: int = 0
    skipped: list[str] = field(default_factory=list)  # server rows this app cannot store


def apply_push_results(
    session: Session, ops: Sequence[PushedOp], results: Sequence[Mapping[str, Any]],
) -> PushStats:
    """Settle a pushed batch: drop its outbox entries, keep versions, conflicts and refusals."""
    stats = PushStats()
    rows: list[Mapping[str, Any]] = []
    versions: dict[str, list[tuple[int, Any, Any, str, int]]] = {}
    touched: dict[str, set[str]] = {}
    for op, result in zip(ops, results, strict=True):
        if not isinstance(result, Mapping) or result.get("op_id") != op.op_id:
            raise ServerRefused(code="sync.local.push_out_of_order")
        if result.get("status") in ("applied", "merged", "conflict") and (
            type(result.get("version")) is not int
            or not isinstance(result.get("conflicts") or [], list)
            or not isinstance(result.get("row") or {}, Mapping)
            or not isinstance(result.get("stamp") or {}, Mapping)
            or (not result.get("row") and _needs_row(op, result))
        ):
            raise ServerRefused(code="sync.local.push_unreadable")
    split = {op.op_id: int(result["version"]) for op, result in zip(ops, results, strict=True)
             if op.held and result.get("status") in ("applied", "merged", "conflict")}
    session.connection().exec_driver_sql(
        _DELETE_SETTLED, (json.dumps([op.op_id for op in ops if op.op_id not in split]),))
    for op in ops:
        if op.op_id in split:
            split_insert_settled(session, op, split[op.op_id])
    waiting = _rows_still_in_outbox(session, ops)  # rows with later, not yet sent edits
    rebased: list[tuple[int, str, str, int, int]] = []
    # A row with several ops in the batch (app.sync.batching) is written once, from its last
    # answer: an earlier answer's row predates the later ops, whose entries are gone already.
    last = {(op.table_name, op.row_id): at for at, op in enumerate(ops)}
    superseded = _conflicts_answered_later(ops, results)
    newest_row: dict[tuple[str, str], Mapping[str, Any]] = {}
    wants_row: set[tuple[str, str]] = set()
    newest_version: dict[tuple[str, str], tuple[int, Any, Any, str, int]] = {}
    for at, (op, result) in enumerate(zip(ops, results, strict=True)):
        status = result.get("status")
        touched.setdefault(op.table_name, set()).add(op.row_id)
        key = (op.table_name, op.row_id)
        later = key in waiting
        stats.pushed += 1
        row = result.get("row")
        if row:
            newest_row[key] = row
        elif status == "applied" and key in newest_row:  # brief, after an answer with the row
            newest_row[key] = _with_op_applied(newest_row[key], op, result)
        if status in ("applied", "merged", "conflict"):
            version = int(result["version"])
            if status == "merged":
                stats.merged += 1
            if status == "conflict":
                stats.conflicts += _record_push_conflicts(session, op, result, version, later,
                                                          superseded.get(at, frozenset()))
            if later and status == "applied":
                rebased.append((version, op.table_name, op.row_id, op.seq, op.base_version))
            elif later:
                _rebase(session, op, version, status)
            if row and (status != "applied" or later or op.op == "delete" or op.amended
                        or _restamped(op, row)):
                wants_row.add(key)  # others' fields merged in, or later edits to respect
            else:  # exactly what we sent: only the version and the server's stamp are new
                stamp = row or result.get("stamp") or {}  # a brief answer: the stamp alone
                if not isinstance(stamp.get("updated_by"), str | None):
                    raise ServerRefused(code="sync.local.push_unreadable")
                newest_version[key] = (
                    version, _timestamp(stamp.get("updated_at"), "updated_at"),
                    stamp.get("updated_by"), op.row_id, version)
        elif status == "refused":
            stats.refused += 1
            record_conflict(
                session, op.table_name, op.row_id, REFUSED_FIELD,
                {"op": op.op, "fields": op.outbox_fields},
                _refusal(result, row),
                op.base_version, int(result.get("version") or 0),
            )
            if row:
                wants_row.add(key)  # the server's state stands; the refused values are kept above
        else:
            raise ServerRefused(code="sync.local.push_unknown_status", status=status)
        if last[key] != at:
            continue
        if key in wants_row:
            rows.append(newest_row[key])
        elif key in newest_version:
            versions.setdefault(op.table_name, []).append(newest_version[key])
    session.flush()
    if rebased:  # _rebase's "applied" case for the whole batch in one statement
        session.connection().exec_driver_sql(_REBASE_APPLIED, rebased)
    stats.conflicts += apply_changes(session, rows, stats.skipped)
    for table_name, items in versions.items():
        sql, stored = _version_update_for(table_name)
        session.connection().exec_driver_sql(sql, [
            (version, None if at is None else stored(at), by, row_id, at_most)
            for version, at, by, row_id, at_most in items])
    for table_name, ids in touched.items():
        _refresh_dirty(session, table_codec(table_name).table, sorted(ids))
    return stats


def _needs_row(op: PushedOp, result: Mapping[str, Any]) -> bool:
    """An answer the client can settle only from the server's row: anything but an insert or
    update taken exactly as sent (others' changes merged in, a delete's or restore's new
    state, an op sent amended). Without it the answer is unreadable, not settled as brief."""
    return (result.get("status") != "applied" or op.op not in ("insert", "update")
            or op.amended)


def _with_op_applied(row: Mapping[str, Any], op: PushedOp, result: Mapping[str, Any]
                     ) -> dict[str, Any]:
    """The server's row after an op it took exactly as sent, from its row before the op (an
    earlier answer in the batch) and the op's brief answer (version and stamp)."""
    stamp = result.get("stamp") or {}
    fields = row.get("fields")
    return {**row, "version": result["version"],
            "fields": {**(fields if isinstance(fields, Mapping) else {}), **op.fields},
            "updated_at": stamp.get("updated_at", row.get("updated_at")),
            "updated_by": stamp.get("updated_by", row.get("updated_by"))}


@cache
def _version_update_for(table_name: str) -> tuple[str, Callable[[Any], Any]]:
    """A pushed row's new version and the server's stamp, as driver SQL with the timestamp's
    conversion (a first push settles a thousand rows a batch: SQLAlchemy's per-row parameter
    handling was a tenth of the laptop's work). Parameters: version, updated_at, updated_by,
    id, version."""
    table = table_codec(table_name).table
    sql = (f'UPDATE "{table.name}" SET server_version = ?, '
           'updated_at = coalesce(?, updated_at), updated_by = coalesce(?, updated_by) '
           'WHERE id = ? AND server_version <= ?')
    convert = table.c.updated_at.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    assert convert is not None  # a timestamp is stored as text
    return sql, convert


# History the server writes itself for a caseworker (server/history.py): who and when. The
# laptop that pushed takes the server's values, as every other device will.
SERVER_STAMPED: dict[str, tuple[str, ...]] = {
    "audit_entries": ("actor", "at"), "agenda_stage_events": ("by", "at"),
}


def _restamped(op: PushedOp, row: Mapping[str, Any]) -> bool:
    names = SERVER_STAMPED.get(op.table_name)
    fields = row.get("fields")
    if not names or not isinstance(fields, Mapping):
        return False
    return any(name in op.fields and fields.get(name) != op.fields[name] for name in names)


def split_insert_settled(session: Session, op: PushedOp, version: int) -> None:
    """The server took an insert sent without some references (app.sync.batching): its outbox
    entry becomes the update that sets them, at the same place in the row's order, with an op
    id derived from the insert's (a resend is then recognised by the server)."""
    session.execute(
        update(OutboxEntry).where(OutboxEntry.op_id == op.op_id).values(
            op_id=deferred_op_id(op.op_id), op="update", base_version=version,
            fields_json=json.dumps(op.held, ensure_ascii=False, sort_keys=True,
                                   separators=(",", ":")),
        )
    )


# Settling runs these for every batch of a first push (a thousand ops): as driver SQL, with the
# ids as one JSON text (db.among), they cost a fraction of the ORM statements they replace.
# Nothing in the settling session holds outbox entries loaded before the delete (none to sync).
_DELETE_SETTLED = (f"DELETE FROM {OutboxEntry.__tablename__} "
                   "WHERE op_id IN (SELECT value FROM json_each(?))")
_STILL_QUEUED = (f"SELECT DISTINCT table_name, row_id FROM {OutboxEntry.__tablename__} "
                 "WHERE row_id IN (SELECT value FROM json_each(?))")


def _rows_still_in_outbox(session: Session, ops: Sequence[PushedOp]) -> set[tuple[str, str]]:
    ids = json.dumps(sorted({op.row_id for op in ops}))
    return {(table, row_id) for table, row_id
            in session.connection().exec_driver_sql(_STILL_QUEUED, (ids,))}


# The later entries of a row whose op the server applied as sent take its version as their base
# (see _rebase). Parameters: version, table, row id, the op's seq, the op's base.
_REBASE_APPLIED = (
    f"UPDATE {OutboxEntry.__tablename__} SET base_version = max(base_version, ?) "
    "WHERE table_name = ? AND row_id = ? AND seq > ? AND base_version >= ?")


def _rebase(session: Session, op: PushedOp, version: int, status: str) -> None:
    """Later, not yet sent edits of this row were made on top of this op: give them bases that
    make the server see exactly the changes they did not see.

    - applied: nobody else changed the row since the op's base, so the new version is what the
      later edits saw (for those based at least where this op was).
    - merged / conflict: others changed other fields meanwhile. Later edits of the fields this op
      carried are ours (base: the new version, so no conflict with ourselves); later edits of
      other fields keep their old base, so a concurrent change of them is still a conflict. They
      are rewritten as at most two entries (never sent, so no op id changes payload).
    """
    later = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.table_name == op.table_name, OutboxEntry.row_id == op.row_id,
               OutboxEntry.seq > op.seq, OutboxEntry.base_version >= op.base_version)
        .order_by(OutboxEntry.seq)
    ).all()
    if not later:
        return
    if status == "applied":
        for entry in later:
            entry.base_version = max(entry.base_version, version)
        return
    if any(entry.op != "update" for entry in later):
        return  # a later delete keeps the old base: deleting over others' edits is a conflict
    own: dict[str, Any] = {}
    foreign: dict[str, Any] = {}
    for entry in later:
        for name, value in json.loads(entry.fields_json).items():
            (own if name in op.fields else foreign)[name] = value
    foreign_base = min(entry.base_version for entry in later)
    parts = [(fields, base) for fields, base in ((own, version), (foreign, foreign_base)) if fields]
    template = later[0]
    for entry in later[len(parts):]:
        session.delete(entry)
    for index, (fields, base) in enumerate(parts):
        if index < len(later):
            entry = later[index]
        else:
            entry = OutboxEntry(op_id=new_id(), table_name=op.table_name, row_id=op.row_id,
                                op="update", actor=template.actor, created_at=template.created_at)
            session.add(entry)
        entry.fields_json = json.dumps(fields, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":"))
        entry.base_version = base
    session.flush()


def _conflicts_answered_later(ops: Sequence[PushedOp], results: Sequence[Mapping[str, Any]]
                              ) -> dict[int, frozenset[str]]:
    """For each answer, the fields of its conflicts that a later op of its row in the same batch
    conflicts on too: that later one is recorded alone, with the newest value as "mine" (as
    _absorb_later_edits does for edits not sent yet). A delete's conflict is dropped when the
    row is restored later in the batch."""
    seen: dict[tuple[str, str], set[str]] = {}
    found: dict[int, frozenset[str]] = {}
    for at in range(len(ops) - 1, -1, -1):
        key = (ops[at].table_name, ops[at].row_id)
        fields = {str(item.get("field") or "") for item in results[at].get("conflicts") or []
                  if isinstance(item, Mapping)}
        later = seen.setdefault(key, set())
        if ops[at].op == "undelete" and results[at].get("status") == "applied":
            later.add(DELETED_FIELD)  # restored after: a refused delete of it is no conflict
        if fields & later:
            found[at] = frozenset(fields & later)
        later.update(fields)
    return found


def _record_push_conflicts(
    session: Session, op: PushedOp, result: Mapping[str, Any], version: int, later: bool,
    superseded: Set[str] = frozenset(),
) -> int:
    count = 0
    for item in result.get("conflicts") or []:
        if not isinstance(item, Mapping):
            continue
        name = str(item.get("field") or "")
        if name in superseded:
            continue
        mine, theirs = item.get("client_value"), item.get("server_value")
        if name == DELETED_FIELD:
            # Normalised: mine = my delete or my fields; theirs = the server's tombstone or fields.
            row = result.get("row") or {}
            mine = {"deleted": True} if op.op == "delete" else op.fields
            theirs = (
                {"deleted_at": row.get("deleted_at"), "deleted_by": row.get("deleted_by")}
                if row.get("deleted_at") else (row.get("fields") or {})
            )
        elif later:
            mine = _absorb_later_edits(session, op, name, mine)
        record_conflict(session, op.table_name, op.row_id, name, mine, theirs,
                        op.base_version, version)
        count += 1
    return count


def _absorb_later_edits(session: Session, op: PushedOp, name: str, mine: Any) -> Any:
    """Later local edits of a field that just conflicted were made without seeing the server's
    value either: they join the conflict (the newest value is "mine") instead of being pushed
    over the server's value once rebased. Those entries were never sent, so no op id changes
    payload after it went out."""
    later = session.scalars(
        select(OutboxEntry).where(
            OutboxEntry.table_name == op.table_name, OutboxEntry.row_id == op.row_id,
            OutboxEntry.seq > op.seq, OutboxEntry.op == "update",
        ).order_by(OutboxEntry.seq)
    ).all()
    for entry in later:
        fields = json.loads(entry.fields_json)
        if name not in fields:
            continue
        mine = fields.pop(name)
        if fields:
            entry.fields_json = json.dumps(fields, ensure_ascii=False, sort_keys=True,
                                           separators=(",", ":"))
        else:
            session.delete(entry)
    session.flush()
    return mine


def _refresh_dirty(session: Session, table: Table, ids: list[str]) -> None:
    """A row is dirty exactly while it has outbox entries."""
    session.connection().exec_driver_sql(
        f'UPDATE "{table.name}" SET dirty = EXISTS (SELECT 1 FROM {OutboxEntry.__tablename__} '
        f'WHERE table_name = ? AND row_id = "{table.name}".id) '
        "WHERE id IN (SELECT value FROM json_each(?))", (table.name, json.dumps(ids)))
