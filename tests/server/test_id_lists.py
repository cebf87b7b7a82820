"""`listed` finds exactly the rows an `IN` list finds, on SQLite and on PostgreSQL, and on
PostgreSQL its statement text is the same whatever the list's length (so psycopg converts it once
and PostgreSQL can keep it prepared). `keyed_listed`, for a two-column key, likewise; on
PostgreSQL it probes the key's index whatever the statistics say."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import psycopg
from sqlalchemy import Column, MetaData, String, Table, create_engine, select, text
from sqlalchemy.dialects import postgresql

from server.database import make_engine
from server.id_lists import keyed_listed, listed, listed_param

ROWS = ["a", "b-1", "中", "0191f0c2-7e4f-7000-8000-000000000001", "x'y", 'q"r']


def _table() -> Table:
    return Table("listed_rows", MetaData(), Column("id", String(36), primary_key=True))


def test_listed_matches_in_on_each_database(database_url: str) -> None:
    engine = make_engine(database_url)
    table = _table()
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(table.insert(), [{"id": row} for row in ROWS])
            dialect = connection.dialect.name
            for asked in ([], ["a"], ["中", "x'y", "missing"], ROWS + ["nope"] * 600):
                found = set(connection.scalars(select(table.c.id).where(
                    listed(table.c.id, asked, dialect))))
                expected = set(connection.scalars(select(table.c.id).where(
                    table.c.id.in_(asked))))
                assert found == expected == set(asked) & set(ROWS)
                by_param = set(connection.scalars(
                    select(table.c.id).where(listed_param(table.c.id, "ids", dialect)),
                    {"ids": asked}))
                assert by_param == expected
    finally:
        table.metadata.drop_all(engine)
        engine.dispose()


def test_postgres_statement_text_does_not_grow_with_the_list() -> None:
    table = _table()
    dialect = postgresql.psycopg.dialect()
    texts = {str(select(table).where(listed(table.c.id, ["a"] * n, "postgresql"))
                 .compile(dialect=dialect)) for n in (1, 10, 500)}
    assert len(texts) == 1 and "ANY" in texts.pop()
    sqlite = create_engine("sqlite://").dialect
    assert "IN" in str(select(table).where(listed(table.c.id, ["a"], "sqlite")).compile(
        dialect=sqlite))


def _keyed_table() -> Table:
    return Table("keyed_rows", MetaData(), Column("kind", String(40), primary_key=True),
                 Column("id", String(36), primary_key=True))


def test_keyed_listed_matches_in_on_each_database(database_url: str) -> None:
    engine = make_engine(database_url)
    table = _keyed_table()
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(table.insert(), [{"kind": kind, "id": row}
                                                for kind in ("units", "单'位") for row in ROWS])
            dialect = connection.dialect.name
            for kind in ("units", "单'位", "none"):
                for asked in ([], ["a"], ["中", "x'y", "missing"], ROWS + ["nope"] * 600):
                    found = set(connection.execute(select(table.c.kind, table.c.id).where(
                        keyed_listed(table.c.kind, kind, table.c.id, asked, dialect))))
                    expected = {(kind, row) for row in set(asked) & set(ROWS)
                                if kind != "none"}
                    assert found == expected
    finally:
        table.metadata.drop_all(engine)
        engine.dispose()


def test_keyed_listed_probes_the_index_on_postgres_with_stale_statistics(database_url: str) -> None:
    """A table whose statistics say a kind is rare while it now holds 20,000 rows of it (as in
    a first push, before PostgreSQL's next ANALYZE): the look-up still reads only the ids'
    index entries, not every entry of the kind."""
    engine = make_engine(database_url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        return
    table = _keyed_table()
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE keyed_rows SET (autovacuum_enabled = false)"))
            connection.execute(text(
                "INSERT INTO keyed_rows SELECT 'other', lpad(i::text, 8, '0') "
                "FROM generate_series(1, 20000) AS i"))
            connection.execute(text("INSERT INTO keyed_rows VALUES ('units', 'u')"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE keyed_rows"))  # units: one row in 20,000
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO keyed_rows SELECT 'units', lpad(i::text, 8, '0') "
                "FROM generate_series(1, 20000) AS i"))
        query = select(table).where(keyed_listed(
            table.c.kind, "units", table.c.id, ["00000042", "00019999", "missing"], "postgresql"))
        for mode in ("force_custom_plan", "force_generic_plan"):  # psycopg prepares: generic
            with engine.begin() as connection:
                compiled = query.compile(connection)
                names: list[str] = re.findall(r"%\((\w+)\)s", str(compiled))
                sql = re.sub(r"%\((\w+)\)s", _numbered(names), str(compiled))
                raw = connection.connection.dbapi_connection
                assert raw is not None
                cursor = psycopg.ClientCursor(cast(psycopg.Connection[Any], raw))
                cursor.execute(f"SET LOCAL plan_cache_mode = {mode}")
                cursor.execute(f"PREPARE keyed AS {sql}")
                values = [compiled.params[name] for name in names]
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE keyed("
                               + ", ".join(["%s"] * len(values)) + ")", values)
                found: Any = cursor.fetchone()
                plan = found[0][0]["Plan"]
                cursor.execute("DEALLOCATE keyed")
                assert _most_rows_read(plan) < 100, (mode, plan)
    finally:
        table.metadata.drop_all(engine)
        engine.dispose()


def _numbered(names: list[str]) -> Callable[[re.Match[str]], str]:
    """`%(name)s` → `$n`, n the name's place in `names` (for a PREPARE)."""
    return lambda match: f"${names.index(match.group(1)) + 1}"


def _most_rows_read(plan: dict[str, object]) -> float:
    """The most rows any scan in the plan read (kept and filtered out), per loop."""
    counts: Any = plan
    here = sum(float(counts.get(name, 0)) for name in (
        "Actual Rows", "Rows Removed by Filter", "Rows Removed by Index Recheck"))
    below = [_most_rows_read(child) for child in counts.get("Plans", [])]
    return max([here, *below])
