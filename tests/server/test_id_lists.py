"""`listed` finds exactly the rows an `IN` list finds, on SQLite and on PostgreSQL, and on
PostgreSQL its statement text is the same whatever the list's length (so psycopg converts it once
and PostgreSQL can keep it prepared)."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, create_engine, select
from sqlalchemy.dialects import postgresql

from server.database import make_engine
from server.id_lists import listed, listed_param

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
