"""Restoring a whole-store JSON export into an EMPTY store, row for row (ids, versions, tombstones
and dirty marks included), so exporting again gives the same document apart from the time.

Rows still marked dirty get their outbox entries back (the outbox itself is local, not exported),
so nothing pending is lost. No audit entries are added: the audit trail is restored as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.importing.apply import Outcome
from app.importing.sheet import Problems
from app.progress import NullProgress, Progress, check_cancelled
from db.codec import FieldValueError, content_columns, decode, encode
from db.models import REPLICATED_MODELS, OutboxEntry, Replicated
from db.tracking import actor_of
from db.types import new_id, utcnow

FORMAT_NAME = "compound-desk-export"


def _load(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput(f"{path.name}: not UTF-8 text, so not an export of this app") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path.name}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(document, dict):
        raise BadInput(f"{path.name}: expected a JSON object with one list per table")
    fmt = document.get("format")
    if not isinstance(fmt, dict) or fmt.get("name") != FORMAT_NAME:
        raise BadInput(f"{path.name}: not a Compound Desk export (its \"format\" is missing or "
                       "names another program)")
    if fmt.get("version") != 1:
        raise BadInput(f"{path.name}: export format version {fmt.get('version')!r} is not supported")
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
            problems.items.append(f"{problems.file}: {where}: expected an object")
            continue
        unknown = sorted(set(row) - set(columns))
        if unknown:
            problems.items.append(f"{problems.file}: {where}: unknown field {unknown[0]!r}")
            continue
        values: dict[str, Any] = {}
        for name, column in columns.items():
            if name not in row:
                if column.nullable or column.default is not None:
                    default = column.default
                    values[name] = default.arg if default is not None and default.is_scalar else None
                    continue
                problems.items.append(f"{problems.file}: {where}: field {name!r} is missing")
                break
            try:
                values[name] = decode(column.type, row[name], name)
            except FieldValueError as exc:
                problems.items.append(f"{problems.file}: {where}: {exc}")
                break
        else:
            if values["id"] in seen:
                problems.items.append(f"{problems.file}: {where}: id {values['id']} appears twice")
                continue
            seen.add(values["id"])
            decoded.append(values)
    return decoded


def _outbox_for_dirty(session: Session, model: type[Replicated], rows: list[dict[str, Any]]) -> None:
    now, actor = utcnow(), actor_of(session)
    entries = []
    for row in rows:
        if not row["dirty"]:
            continue
        version = row["server_version"] or 0
        fields = {c.name: encode(row[c.name]) for c in content_columns(model)}
        if row["deleted_at"] is not None:
            fields.update(deleted_at=encode(row["deleted_at"]), deleted_by=row["deleted_by"])
        entries.append({
            "op_id": new_id(), "table_name": model.__tablename__, "row_id": row["id"],
            "op": "insert" if version == 0 else "update", "base_version": version,
            "fields_json": json.dumps(fields, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")),
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
            raise BadInput(f"{path.name}: a whole-store export only goes into an EMPTY store "
                           "(use a new --data-dir)")
        # Rows may point forward in dependency order (a compound's liaison party member);
        # SQLite checks the keys at commit instead, and we check them ourselves before that.
        session.execute(text("PRAGMA defer_foreign_keys=ON"))
        for done, (model, rows) in enumerate(tables.items()):
            check_cancelled(progress)
            if rows:
                try:
                    session.execute(insert(cast(Table, model.__table__)), rows)
                except IntegrityError as exc:
                    raise BadInput(f"{path.name}: {model.export_name}: {exc.orig}") from None
                _outbox_for_dirty(session, model, rows)
                outcome.inserted[model.__tablename__] = len(rows)
            progress.report(done + 1, len(tables), model.label_zh)
        broken = session.execute(text("PRAGMA foreign_key_check")).first()
        if broken is not None:
            raise BadInput(f"{path.name}: {broken[0]} row {broken[1]} refers to a missing "
                           f"{broken[2]} row; nothing imported")
        fmt = document["format"]
        if fmt.get("demo"):
            set_setting(session, DEMO_SETTING, "1")
    return outcome
