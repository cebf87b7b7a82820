"""Restoring a whole-store JSON export into an EMPTY store, row for row (ids, versions, tombstones
and dirty marks included), so exporting again gives the same document apart from the time.

Rows still marked dirty get their outbox entries back (the outbox itself is local, not exported),
so nothing pending is lost. No audit entries are added: the audit trail is restored as it was.

A restore file is hostile until proven otherwise: its size is bounded (app/importing/limits.py),
numbers longer than any column holds are never converted, nesting too deep for the parser is
refused, every value passes db.codec.decode (enums, ranges, lone surrogates, timestamps that
overflow), and whatever the database still refuses is one BadInput — nothing is written.
Control characters are dropped from text, as an import does: a backup taken while they could
still slip in must restore.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.importing.apply import Outcome
from app.importing.limits import MAX_JSON_FILE, check_file_size
from app.importing.sheet import Problems
from app.progress import NullProgress, Progress, check_cancelled
from db.canonical_json import canonical_json
from db.codec import FieldValueError, content_columns, decode, encode
from db.domains import clean_text
from db.models import REPLICATED_MODELS, OutboxEntry, Replicated
from db.tracking import actor_of
from db.types import new_id, utcnow

FORMAT_NAME = "compound-desk-export"
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_NUMBER_DIGITS = 40  # longer than any int or decimal a column holds: left unconverted


class OversizedNumber:
    """A number literal too long for any column, kept as text so that decode refuses it by field
    (converting a 5,000-digit literal costs time, and Python refuses beyond 4,300 digits)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return f"<{len(self.text)} 位的数字>"

    __repr__ = __str__


def _number(text: str) -> int | OversizedNumber:
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else OversizedNumber(text)


def _float(text: str) -> float | OversizedNumber:
    return float(text) if len(text) <= MAX_NUMBER_DIGITS else OversizedNumber(text)


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a value an export holds")


def _load(path: Path) -> dict[str, Any]:
    check_file_size(path, MAX_JSON_FILE, "（不像本程序的整库导出）")
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"), parse_int=_number,
                              parse_float=_float, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise BadInput(code="restore.not_utf8", name=path.name) from None
    except json.JSONDecodeError as exc:
        raise BadInput(code="restore.bad_json", name=path.name, lineno=exc.lineno, detail=exc.msg) from None
    except RecursionError:
        raise BadInput(code="restore.too_deep", name=path.name) from None
    except ValueError as exc:
        raise BadInput(code="restore.not_ours", name=path.name, detail=str(exc)[:120]) from None
    except OSError as exc:
        raise BadInput(code="restore.unreadable", name=path.name, detail=exc.strerror or exc) from None
    if not isinstance(document, dict):
        raise BadInput(code="restore.not_tables", name=path.name)
    fmt = document.get("format")
    if not isinstance(fmt, dict) or fmt.get("name") != FORMAT_NAME:
        raise BadInput(code="restore.no_format", name=path.name)
    if fmt.get("version") != 1:
        raise BadInput(code="restore.bad_version", name=path.name, version=fmt.get("version"))
    return document


def _decode_rows(model: type[Replicated], rows: Any, problems: Problems) -> list[dict[str, Any]]:
    table = model.export_name
    if not isinstance(rows, list):
        problems.add(None, None, f"\"{table}\" must be a list of rows")
        return []
    columns = {c.name: c for c in model.__table__.columns}
    decoded: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        where = f"{table} row {index}"
        if not isinstance(row, dict):
            problems.note(where, "expected an object")
            continue
        unknown = sorted(set(row) - set(columns))
        if unknown:
            problems.note(where, f"unknown field {str(unknown[0])[:60]!r}")
            continue
        values: dict[str, Any] = {}
        for name, column in columns.items():
            if name not in row:
                if column.nullable or column.default is not None:
                    default = column.default
                    values[name] = default.arg if default is not None and default.is_scalar else None
                    continue
                problems.note(where, f"field {name!r} is missing")
                break
            try:
                values[name] = decode(column.type, _without_controls(row[name]), name)
            except FieldValueError as exc:
                problems.note(where, str(exc))
                break
        else:
            if values["id"] in seen:
                problems.note(where, f"id {values['id']} appears twice")
                continue
            seen.add(values["id"])
            decoded.append(values)
    return decoded


def _without_controls(value: Any) -> Any:
    """Text with control characters dropped; text holding a lone surrogate is left for decode to
    refuse (no export of this app can hold one: it could not have been written as UTF-8)."""
    if value.__class__ is not str or value.isprintable() or _SURROGATE.search(value):
        return value
    return clean_text(value)


def _outbox_for_dirty(session: Session, model: type[Replicated], rows: list[dict[str, Any]]) -> None:
    now, actor = utcnow(), actor_of(session)
    entries = []
    for row in rows:
        if not row["dirty"]:
            continue
        version = row["server_version"] or 0
        fields = {c.name: encode(row[c.name]) for c in content_columns(model)}
        entries.append({
            "op_id": new_id(), "table_name": model.__tablename__, "row_id": row["id"],
            "op": "insert" if version == 0 else "update", "base_version": version,
            "fields_json": canonical_json(fields),
            "actor": actor, "created_at": now,
        })
        if row["deleted_at"] is not None:  # a tombstone: its content, then its delete
            entries.append({
                "op_id": new_id(), "table_name": model.__tablename__, "row_id": row["id"],
                "op": "delete", "base_version": version,
                "fields_json": canonical_json({"deleted_at": encode(row["deleted_at"]),
                                               "deleted_by": row["deleted_by"]}),
                "actor": actor, "created_at": now,
            })
    if entries:
        session.execute(insert(cast(Table, OutboxEntry.__table__)), entries)


def restore_json(store: Any, path: Path, progress: Progress | None = None) -> Outcome:
    """Load an export into an empty store, all or nothing."""
    from app.demo import DEMO_SETTING, store_is_empty
    from app.session import set_setting

    progress = progress or NullProgress()
    document = _load(path)
    problems = Problems(path.name)
    known = {m.export_name for m in REPLICATED_MODELS} | {"format", "exported_at"}
    for key in sorted(set(document) - known):
        problems.add(None, None, f"unknown table {key!r}")
    tables = {m: _decode_rows(m, document.get(m.export_name, []), problems)
              for m in REPLICATED_MODELS}
    problems.raise_if_any()
    outcome = Outcome("store", sum(len(r) for r in tables.values()))
    with store.transaction() as session:
        if not store_is_empty(session):
            raise BadInput(code="restore.needs_empty_store", name=path.name)
        # Rows may point forward in dependency order (a compound's liaison party member);
        # SQLite checks the keys at commit instead, and we check them ourselves before that.
        session.execute(text("PRAGMA defer_foreign_keys=ON"))
        for done, (model, rows) in enumerate(tables.items()):
            check_cancelled(progress)
            if rows:
                try:
                    session.execute(insert(cast(Table, model.__table__)), rows)
                except IntegrityError as exc:
                    raise BadInput(code="restore.row_refused", name=path.name,
                        table=model.export_name, detail=exc.orig) from None
                except DBAPIError:
                    raise  # the database's own failure (locked, damaged): not the file's fault
                except (StatementError, OverflowError, UnicodeError) as exc:  # no parameters shown
                    cause = getattr(exc, "orig", None) or exc
                    raise BadInput(code="restore.unsavable_value", name=path.name,
                        table=model.label_zh or model.export_name, kind=type(cause).__name__) from None
                _outbox_for_dirty(session, model, rows)
                outcome.inserted[model.__tablename__] = len(rows)
            progress.report(done + 1, len(tables), model.label_zh)
        broken = session.execute(text("PRAGMA foreign_key_check")).first()
        if broken is not None:
            raise BadInput(code="restore.broken_reference", name=path.name, table=broken[0],
                row=broken[1], target=broken[2])
        fmt = document["format"]
        if fmt.get("demo"):
            set_setting(session, DEMO_SETTING, "1")
    return outcome
