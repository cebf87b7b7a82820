"""Change tracking: every local insert, update, delete and undelete of a replicated row writes
an outbox entry (changed fields only) and an audit entry in the same transaction as the edit.

It hooks the session's `before_flush`, so services never write outbox rows themselves. A
`session.delete()` of a replicated row becomes a tombstone; clearing a tombstone's `deleted_at`
becomes an "undelete" op. Sessions applying rows pulled from the server set
`session.info["applying_remote"]` and are not tracked.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from itertools import repeat
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Boolean, Column, Integer, String, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from db import types
from db.among import among
from db.canonical_json import canonical_json
from db.codec import JSONValue, content_columns, encode
from db.models import AuditEntry, OutboxEntry, Replicated
from db.types import DECIMAL_DIGITS, DecimalText, UTCDateTime, new_id, utcnow

ACTOR_KEY = "actor"
APPLYING_REMOTE_KEY = "applying_remote"
# A bulk insert of this many rows or more keeps its outbox entries as ONE "bulk" entry (see
# `expand_bulk`): 200,000 entries with their three indexes cost an import more than its rows.
BULK_OP = "bulk"
BULK_MIN_ROWS = 1000


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a row that may only be inserted (a sign-off, an audit entry)."""


def enable(factory: sessionmaker[Session]) -> None:
    """Track every session this factory makes."""
    event.listen(factory, "before_flush", _before_flush)


def actor_of(session: Session) -> str:
    return str(session.info.get(ACTOR_KEY, ""))


_SORTED_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # keys pre-sorted


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
            fields_json=canonical_json(fields), actor=actor_of(session), created_at=now,
        )
    )


def _audit(
    session: Session, action: str, table: str, row_id: str | None, summary: Mapping[str, Any],
    now: datetime,
) -> None:
    entry = AuditEntry(
        id=new_id(), at=now, actor=actor_of(session), action=action, table_name=table,
        row_id=row_id, summary=canonical_json(summary), updated_at=now, updated_by=actor_of(session),
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

    Used by import and demo generation, where one ORM object per row would be too slow. Rows
    are dicts of content columns (and optionally "id"); missing columns take defaults. The rows
    are turned into columns (one C call per row when a row gives every column) and written by
    `bulk_insert_columns`.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    names = sorted(c.name for c in content_columns(model))
    pick_all = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    try:
        picked = list(map(pick_all, rows))
    except KeyError:
        defaults = _defaults(model)
        picked = [tuple(row.get(name, defaults[name]) for name in names) for row in rows]
    columns: dict[str, Sequence[Any]] = dict(zip(names, map(list, zip(*picked, strict=True)),
                                                 strict=True))
    del picked
    columns["id"] = list(map(methodcaller("get", "id"), rows))
    return bulk_insert_columns(session, model, columns, len(rows), audit_action=audit_action,
                               audit_summary=audit_summary)


def _defaults(model: type[Replicated]) -> dict[str, Any]:
    return {c.name: c.default.arg if c.default is not None and c.default.is_scalar else None  # type: ignore[attr-defined]
            for c in content_columns(model)}


def bulk_insert_columns(
    session: Session, model: type[Replicated], columns: Mapping[str, Sequence[Any]], count: int,
    *, audit_action: str = "import", audit_summary: Mapping[str, Any] | None = None,
) -> int:
    """`bulk_insert` for rows given a column at a time: {column name: `count` values}, "id"
    optional (falsy ids are made); a content column not given takes its default in every row.

    The work goes a column at a time, one C-level pass per column wherever the values allow:
    values are encoded once (the outbox needs them encoded anyway), each outbox entry's JSON is
    put together from per-column JSON texts (the same text `canonical_json` gives), ids are made in one
    batch, and on SQLite both tables are written by the driver's executemany.
    """
    if count <= 0:
        return 0
    now = utcnow()
    actor = actor_of(session)
    remote = bool(session.info.get(APPLYING_REMOTE_KEY))
    content = sorted(content_columns(model), key=lambda c: c.name)  # sorted: JSON key order
    names = [c.name for c in content]
    defaults = _defaults(model)
    values = [list(columns[name]) if name in columns else [defaults[name]] * count
              for name in names]
    if any(len(value) != count for value in values):
        raise ValueError("bulk_insert_columns: columns of different lengths")
    encoded = [_encode_column(column, value) for column, value in zip(content, values, strict=True)]
    row_ids = _row_ids(columns.get("id") or [None] * count)
    db_now = _sqlite_timestamp(now)
    stored = [_stored_column(column, value) for column, value in zip(content, encoded, strict=True)]
    # deleted_at and deleted_by are left out (NULL): every parameter that is not exactly an
    # int, float or str (None, a bool) costs the driver a failed adapter lookup, as much as
    # inserting the row; booleans go in as the 0/1 SQLite stores for them anyway.
    # What every row shares is written into the statement (our own timestamp text and two
    # numbers): fewer parameters to bind per row, none of them user text.
    shared = {"updated_at": f"'{db_now}'", "server_version": "0", "dirty": str(int(not remote))}
    table_rows = zip(*stored, row_ids, repeat(actor, count), strict=True)
    _executemany(session, model.__tablename__, [*names, "id", "updated_by"], table_rows, shared)
    del table_rows, stored
    if not remote:
        table = model.__tablename__
        if count >= BULK_MIN_ROWS:
            _bulk_entry(session, table, row_ids, actor, db_now)
        else:
            outbox_rows = list(zip(
                bulk_ids(count), repeat(table, count), row_ids, repeat("insert", count),
                repeat(0, count), _json_objects(names, encoded, count), repeat(actor, count),
                repeat(db_now, count), strict=True))
            _executemany(session, OutboxEntry.__tablename__, _OUTBOX_COLUMNS, outbox_rows)
        summary = {"rows": count, **(audit_summary or {})}
        _audit(session, audit_action, table, None, summary, now)
    return count


_OUTBOX_COLUMNS = ["op_id", "table_name", "row_id", "op", "base_version", "fields_json", "actor",
                   "created_at"]


def _bulk_entry(session: Session, table: str, row_ids: list[str], actor: str,
                created_at: str) -> None:
    """The insert ops of the new rows `row_ids` as one outbox entry, placed where the last of
    them would be: the `len(row_ids) - 1` positions before it stay free for `expand_bulk`, so
    every later change of these rows still comes after their inserts.

    Its fields_json is {"ids": [...]}: the ops' fields are read from the rows when it expands
    (a row edited in between sends its new values in the insert, then the edit's update — the
    same row either way). `base_version` holds the number of rows (a bulk entry is never sent
    as it is), `row_id` the first row's id."""
    count = len(row_ids)
    joined = '","'.join(row_ids)
    ids = f'"{joined}"' if joined.isascii() and joined.isprintable() and '"' not in joined \
        and "\\" not in joined else ",".join(map(_JSON_STRING, row_ids))
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        (last,) = cursor.execute('SELECT coalesce(max(seq), 0) FROM "outbox"').fetchone()
        cursor.execute(
            'INSERT INTO "outbox" (seq, op_id, table_name, row_id, op, base_version, fields_json, '
            "actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (last + count, new_id(), table, row_ids[0], BULK_OP, count, f'{{"ids":[{ids}]}}',
             actor, created_at))
    finally:
        cursor.close()


def expand_bulk(session: Session) -> int:
    """Turn every bulk entry back into its per-row insert ops, in the positions kept free for
    them (before the bulk entry's own), so the sync push, the pull's merge and conflict handling
    see one op per row as if the import had written them; each op's fields are the row's content
    columns, encoded as `_track_insert` records them. Returns the ops written.

    Called at the start of a sync; raises ValueError for an entry that does not parse or whose
    positions are taken (nothing changed then: the caller's transaction is rolled back)."""
    from db.models import MODEL_BY_TABLE

    connection = session.connection()
    bulk = connection.exec_driver_sql(
        'SELECT seq, table_name, base_version, fields_json, actor, created_at FROM "outbox" '
        "WHERE op = ? ORDER BY seq", (BULK_OP,)).all()
    written = 0
    for seq, table, count, text, actor, created_at in bulk:
        model = MODEL_BY_TABLE.get(table)
        if model is None or not issubclass(model, Replicated):
            raise ValueError(f"outbox entry {seq}: unknown table {table!r}")
        row_ids = _bulk_ids(text, count)
        first = seq - count + 1
        taken = connection.exec_driver_sql(
            'SELECT count(*) FROM "outbox" WHERE seq >= ? AND seq < ?', (first, seq)).scalar()
        if taken:
            raise ValueError(f"outbox entry {seq}: the positions of its rows are taken")
        positions, fields = _current_fields(session, model, row_ids)
        connection.exec_driver_sql('DELETE FROM "outbox" WHERE seq = ?', (seq,))
        rows = list(zip([first + at for at in positions], bulk_ids(len(positions)),
                        repeat(table), [row_ids[at] for at in positions], fields, repeat(actor),
                        repeat(created_at), strict=False))
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(
                'INSERT INTO "outbox" (seq, op_id, table_name, row_id, op, base_version, '
                "fields_json, actor, created_at) VALUES (?, ?, ?, ?, 'insert', 0, ?, ?, ?)", rows)
        finally:
            cursor.close()
        written += len(rows)
    return written


def _bulk_ids(text: str, count: int) -> list[str]:
    """The row ids of a bulk entry's fields_json."""
    try:
        fields = json.loads(text)
    except ValueError:
        raise ValueError("a bulk outbox entry that is not JSON") from None
    row_ids = fields.get("ids") if isinstance(fields, dict) else None
    if not isinstance(row_ids, list) or len(row_ids) != count or count < 1 \
            or not all(isinstance(i, str) for i in row_ids):
        raise ValueError("a bulk outbox entry's ids do not match its count")
    return row_ids


_CHUNK = 500  # ids per IN (…): well under SQLite's bound-parameter limit


def _current_fields(session: Session, model: type[Replicated],
                    row_ids: list[str]) -> tuple[list[int], list[str]]:
    """(the positions in `row_ids` of the rows that exist, each one's insert fields as JSON)."""
    content = sorted(content_columns(model), key=lambda c: c.name)
    table = model.__table__
    found: dict[str, tuple[Any, ...]] = {}
    for start in range(0, len(row_ids), _CHUNK):
        chunk = row_ids[start:start + _CHUNK]
        query = select(table.c.id, *(table.c[c.name] for c in content)).where(
            among(table.c.id, chunk))
        found.update((row[0], tuple(row[1:])) for row in session.execute(query))
    positions = [at for at, row_id in enumerate(row_ids) if row_id in found]
    values = [found[row_ids[at]] for at in positions]
    columns = [list(column) for column in zip(*values, strict=True)] if values else \
        [[] for _ in content]
    encoded = [_encode_column(column, value) for column, value in zip(content, columns, strict=True)]
    return positions, _json_objects([c.name for c in content], encoded, len(positions))


_JSON_STRING = json.encoder.encode_basestring  # what JSONEncoder(ensure_ascii=False) uses
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}
_PLAIN_DECIMALS = re.compile(r"-?\d+(?:\.\d+)?(?:\n-?\d+(?:\.\d+)?)*")
_SEQUENCES = [f"7{s:03x}-" for s in range(4096)]  # version 7 and the 12-bit counter, as text
# A random byte → the id's variant digit: 0b10 and two random bits (8, 9, a or b).
_VARIANTS = bytes(ord("89ab"[byte & 3]) for byte in range(256))
_THREE, _TWELVE = re.compile(".{3}"), re.compile(".{12}")


def bulk_ids(count: int) -> list[str]:
    """`count` UUIDv7 ids, as db.types.new_ids makes them (same clock, counter and ordering,
    62 random bits each) but in one batch: the random parts are cut from three os.urandom
    texts and the parts joined by C-level passes, rather than an integer formatted per id."""
    if count <= 0:
        return []
    variants = os.urandom(count).translate(_VARIANTS).decode("ascii")
    threes = _THREE.findall(os.urandom((3 * count + 1) // 2).hex())
    twelves = _TWELVE.findall(os.urandom(6 * count).hex())
    heads: list[str] = []
    with types._clock_lock:
        millis = time.time_ns() // 1_000_000
        if millis > types._last_millis:
            sequence = 0
        else:
            millis, sequence = types._last_millis, types._sequence + 1
        while len(heads) < count:
            if sequence > 0xFFF:  # counter exhausted: borrow the next millisecond
                millis, sequence = millis + 1, 0
            take = min(count - len(heads), 4096 - sequence)
            text = f"{millis:012x}"
            heads += map(f"{text[:8]}-{text[8:]}-".__add__, _SEQUENCES[sequence:sequence + take])
            sequence += take
        types._last_millis, types._sequence = millis, sequence - 1
    return list(map("".join, zip(heads, variants, threes, repeat("-", count), twelves, strict=True)))


def _encode_column(column: Column[Any], values: list[Any]) -> list[Any]:
    """A column's values encoded as db.codec.encode would, one value at a time only where a
    C-level pass cannot: text, whole numbers and booleans are JSON-safe as they are; a column
    of decimals is written out with str() and its shape checked by one regex over the column."""
    kind = column.type
    if isinstance(kind, String | Integer | Boolean) and not isinstance(kind, DecimalText):
        return values
    if isinstance(kind, DecimalText) and set(map(type, values)) == {Decimal}:
        texts = list(map(str, values))
        # Plain digits, at most 30 characters: at most 30 significant digits, an exponent
        # within ±30, and str() already equal to format(value, "f") (no exponent form).
        if max(map(len, texts)) <= DECIMAL_DIGITS and _PLAIN_DECIMALS.fullmatch("\n".join(texts)):
            return texts
    return [encode(value) for value in values]


def _stored_column(column: Column[Any], encoded: list[Any]) -> list[Any]:
    """Encoded values as the table stores them: booleans as 0/1 (see bulk_insert_columns),
    timestamps in SQLAlchemy's SQLite text form."""
    if isinstance(column.type, Boolean):
        if set(map(type, encoded)) == {bool}:
            return list(map(int, encoded))
        return [int(value) if value.__class__ is bool else value for value in encoded]
    if not isinstance(column.type, UTCDateTime):
        return encoded
    return [None if value is None else _sqlite_timestamp(datetime.fromisoformat(str(value)))
            for value in encoded]


def _row_ids(given: Sequence[Any]) -> list[str]:
    """The ids rows give, and fresh UUIDv7 ids (one batch) for the rows that give none."""
    missing = len(given) - sum(map(bool, given))
    if not missing:
        return list(map(str, given))
    if missing == len(given):
        return bulk_ids(missing)
    fresh = iter(bulk_ids(missing))
    return [str(row_id) if row_id else next(fresh) for row_id in given]


def _json_texts(values: list[Any]) -> tuple[list[str], bool]:
    """Each encoded value as JSON text (as the outbox's encoder writes it), and whether the texts
    are string contents still to be put between quotes. A column of text without backslashes is
    encoded as one string (its values joined by U+001F, which JSON writes as \\u001f and which
    then cuts the result apart again): one C call for the whole column."""
    kinds = set(map(type, values))
    if kinds == {str}:
        joined = "\x1f".join(values)
        if "\\" not in joined and joined.count("\x1f") == len(values) - 1:
            return _JSON_STRING(joined)[1:-1].split("\\u001f"), True
        return list(map(_JSON_STRING, values)), False
    if kinds <= {bool, type(None)}:
        return list(map(_JSON_CONSTANTS.__getitem__, values)), False
    if kinds == {int}:
        return list(map(int.__repr__, values)), False
    texts = []
    for value in values:
        if value is None or value is True or value is False:
            texts.append(_JSON_CONSTANTS[value])
        elif isinstance(value, str):
            texts.append(_JSON_STRING(value))
        else:
            texts.append(_SORTED_ENCODER.encode(value))
    return texts, False


def _json_objects(names: list[str], encoded: list[list[Any]], count: int) -> list[str]:
    """Each row's outbox JSON ({"name":value,…} in `names` order, compact), put together from
    per-column JSON texts: the same text as _SORTED_ENCODER.encode(dict(zip(names, row)))."""
    if not names:
        return ["{}"] * count
    texts = list(map(_json_texts, encoded))
    template = "{" + ",".join(
        f'{_JSON_STRING(name)}:{quote}%s{quote}'
        for name, (_, quoted) in zip(names, texts, strict=True)
        for quote in ['"' if quoted else ""]) + "}"
    return list(map(template.__mod__, zip(*(column for column, _ in texts), strict=True)))


def _sqlite_timestamp(value: datetime) -> str:
    """A UTC timestamp in the text form SQLAlchemy's SQLite DateTime stores and reads back."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _executemany(session: Session, table: str, names: list[str], rows: Iterable[tuple[Any, ...]],
                 literals: Mapping[str, str] | None = None) -> None:
    """One executemany on the session's own connection (so it shares its transaction);
    `literals`: columns given as SQL literals, the same in every row."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        raise NotImplementedError("bulk_insert writes to the local SQLite store only")
    literals = literals or {}
    values = ", ".join(["?" for _ in names] + list(literals.values()))
    sql = f'INSERT INTO "{table}" ({", ".join([*names, *literals])}) VALUES ({values})'
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()
