"""`check`: is the local store sound? SQLite's own integrity and foreign-key checks, the schema
revision, every stored value within its column's rules (the CHECK constraints of
db/models/checks.py, which rows stored before those rules existed may break), and the outbox's
consistency with the rows it describes; plus row counts per table."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import CheckConstraint, Connection, Engine, text
from sqlalchemy.exc import DatabaseError

from db.codec import content_columns
from db.migrate import current_revision, head_revision
from db.models import MODEL_BY_TABLE, REPLICATED_MODELS, REPLICATION_COLUMNS
from db.models.checks import CHECK_INFO_KEY
from db.tracking import BULK_OP

MAX_FINDINGS_PER_CHECK = 20


@dataclass
class Report:
    """Findings (empty when all is well) and live/tombstoned row counts per table."""

    findings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    tombstones: dict[str, int] = field(default_factory=dict)
    outbox_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "findings": self.findings, "counts": self.counts,
                "tombstones": self.tombstones, "outbox_entries": self.outbox_entries}


def check_store(engine: Engine) -> Report:
    report = Report()
    try:
        with engine.connect() as connection:
            _sqlite_checks(connection, report)
            _schema_check(engine, report)
            _domain_checks(connection, report)
            _outbox_checks(connection, report)
            _counts(connection, report)
    except DatabaseError as exc:
        report.findings.append(f"the store cannot be read: {exc.orig}")
    return report


def _sqlite_checks(connection: Connection, report: Report) -> None:
    results = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
    # A row breaking a CHECK rule is not damage to the file: _domain_checks names it in full.
    results = [r for r in results if not r.startswith("CHECK constraint failed")] or ["ok"]
    if results != ["ok"]:
        report.findings += [f"integrity_check: {r}" for r in results[:MAX_FINDINGS_PER_CHECK]]
    broken = connection.execute(text("PRAGMA foreign_key_check")).all()
    for table, rowid, parent, _fk in broken[:MAX_FINDINGS_PER_CHECK]:
        report.findings.append(f"foreign key: {table} row {rowid} refers to a missing {parent} row")
    if len(broken) > MAX_FINDINGS_PER_CHECK:
        report.findings.append(f"foreign key: … {len(broken)} broken references in all")


def _schema_check(engine: Engine, report: Report) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        report.findings.append(f"schema: the store is at revision {current}, the app expects {head}")


def _domain_checks(connection: Connection, report: Report) -> None:
    """Rows whose values break a column rule (enum value, range, length): one finding per row
    and column, naming table, id, column, value and rule; one table scan per table."""
    found = 0
    for model in REPLICATED_MODELS:
        table = model.__tablename__
        constraints = model.__table__.constraints  # type: ignore[attr-defined]
        rules = [(c.info[CHECK_INFO_KEY], str(c.sqltext)) for c in constraints
                 if isinstance(c, CheckConstraint) and CHECK_INFO_KEY in c.info]
        if not rules:
            continue
        flags = ", ".join(f"NOT ({condition})" for _rule, condition in rules)
        columns = ", ".join(dict.fromkeys(column for (column, _kind), _c in rules))
        where = " OR ".join(f"NOT ({condition})" for _rule, condition in rules)
        rows = connection.execute(text(
            f"SELECT id, {columns}, {flags} FROM {table} WHERE {where} ORDER BY id")).all()
        names = list(dict.fromkeys(column for (column, _kind), _c in rules))
        for row in rows:
            values = dict(zip(names, row[1:1 + len(names)], strict=True))
            for ((column, _kind), condition), broken in zip(
                    rules, row[1 + len(names):], strict=True):
                if not broken:
                    continue
                found += 1
                if found <= MAX_FINDINGS_PER_CHECK:
                    report.findings.append(
                        f"value: {table} row {row[0]} column {column} = "
                        f"{_shown(values[column])} breaks the rule {condition}")
    if found > MAX_FINDINGS_PER_CHECK:
        report.findings.append(f"value: … {found} values break a column rule in all")


def _shown(value: object) -> str:
    """A value as a finding shows it: short (a stored decimal bomb may be 100 MB of digits)."""
    text_form = repr(value[:60] if isinstance(value, str) else value)
    return text_form if len(text_form) <= 60 else text_form[:57] + "…"


def _outbox_checks(connection: Connection, report: Report) -> None:
    unknown = connection.execute(text(
        "SELECT table_name, count(*) FROM outbox GROUP BY table_name")).all()
    for table, count in unknown:
        if table not in MODEL_BY_TABLE:
            report.findings.append(f"outbox: {count} entries name an unknown table {table!r}")
    for model in REPLICATED_MODELS:
        table = model.__tablename__
        orphans = connection.execute(text(
            f"SELECT count(*) FROM outbox o WHERE o.table_name = :t "
            f"AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.id = o.row_id)"), {"t": table}).scalar()
        if orphans:
            report.findings.append(f"outbox: {orphans} entries for {table} refer to rows that do not exist")
        unsent = connection.execute(text(
            f"SELECT count(*) FROM {table} r WHERE r.dirty = 1 AND NOT EXISTS "
            "(SELECT 1 FROM outbox o WHERE o.table_name = :t AND o.row_id = r.id) "
            "AND r.id NOT IN (SELECT j.value FROM outbox b, json_each(b.fields_json, '$.ids') j "
            "WHERE b.op = :bulk AND b.table_name = :t)"),  # the rows of a large import's entry
            {"t": table, "bulk": BULK_OP}).scalar()
        if unsent:
            report.findings.append(
                f"outbox: {unsent} {table} rows are marked as changed but have no outbox entry")
    allowed = {m.__tablename__: {c.name for c in content_columns(m)} | (REPLICATION_COLUMNS - {"id"})
               for m in REPLICATED_MODELS}
    bad = 0
    first = ""
    for seq, table, op, count, fields_json in connection.execute(
            text("SELECT seq, table_name, op, base_version, fields_json FROM outbox")):
        try:
            fields = json.loads(fields_json)
            rows = _bulk_rows(fields, count) if op == BULK_OP else [fields]
            wrong = rows is None or any(
                not isinstance(row, dict) or (table in allowed and not set(row) <= allowed[table])
                for row in rows)
        except ValueError:
            wrong = True
        if wrong:
            bad += 1
            first = first or f"entry {seq} ({table})"
    if bad:
        report.findings.append(f"outbox: {bad} entries hold fields that are not columns, first {first}")


def _bulk_rows(fields: object, count: int) -> list[object] | None:
    """A bulk entry (db.tracking: one entry for a large import's inserts) holds only its rows'
    ids — no fields to check (they are read from the rows when it expands); None when it is not
    one."""
    if not isinstance(fields, dict) or set(fields) != {"ids"}:
        return None
    ids = fields["ids"]
    if not isinstance(ids, list) or len(ids) != count or not all(isinstance(i, str) for i in ids):
        return None
    return []


def _counts(connection: Connection, report: Report) -> None:
    for model in REPLICATED_MODELS:
        table = model.__tablename__
        live, dead = connection.execute(text(
            f"SELECT count(*) - count(deleted_at), count(deleted_at) FROM {table}")).one()
        report.counts[table] = live
        report.tombstones[table] = dead
    report.outbox_entries = connection.execute(text(  # a bulk entry stands for its rows' inserts
        "SELECT coalesce(sum(CASE WHEN op = :bulk THEN base_version ELSE 1 END), 0) FROM outbox"),
        {"bulk": BULK_OP}).scalar() or 0
