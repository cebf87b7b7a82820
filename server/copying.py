"""Many new rows into one table in one go: PostgreSQL's COPY where the server runs on it, an
executemany elsewhere (SQLite, in tests and small installs).

A first push of a district brings hundreds of thousands of new rows; as single-row INSERTs (even
pipelined) PostgreSQL parses, plans and answers each one, and that was most of its time in such
a push. COPY takes the rows as one stream, with the same constraints checked: a row the table
refuses fails the COPY as it would have failed its INSERT, and the push then redoes its batch op
by op (server.push).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

from server.statistics import note_copied

COPY_MIN_ROWS = 64  # fewer rows: the executemany costs less than starting a COPY


def _bind_processors(table: Table, columns: Sequence[str], connection: Connection
                     ) -> list[Callable[[Any], Any] | None]:
    """Each column's conversion to what the driver takes (UTC timestamps made naive, decimals
    as text): what SQLAlchemy applies to an INSERT's parameters."""
    dialect = connection.dialect
    return [table.c[name].type._cached_bind_processor(dialect) for name in columns]


class _Conversion:
    """One column's conversion, remembering its last value: a push stamps every row and op
    record with the same `now` object, converted once instead of once per row."""

    __slots__ = ("at", "convert", "last_in", "last_out")

    def __init__(self, at: int, convert: Callable[[Any], Any]) -> None:
        self.at, self.convert = at, convert
        self.last_in: Any = None
        self.last_out: Any = None

    def __call__(self, value: Any) -> Any:
        if value is not self.last_in:
            self.last_in, self.last_out = value, self.convert(value)
        return self.last_out


def _converted(row: Sequence[Any], converted: list[_Conversion]) -> list[Any]:
    values = list(row)
    for conversion in converted:
        value = values[conversion.at]
        if value is not None:
            values[conversion.at] = conversion(value)
    return values


def insert_rows(connection: Connection, table: Table, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (tuples of Python values in `columns`' order) into `table`."""
    if not rows:
        return
    if connection.dialect.name != "postgresql" or len(rows) < COPY_MIN_ROWS:
        connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    converted = [_Conversion(at, convert) for at, convert in
                 enumerate(_bind_processors(table, columns, connection)) if convert is not None]
    if converted:
        rows = [_converted(row, converted) for row in rows]
    names = ", ".join(f'"{name}"' for name in columns)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(  # type: ignore[attr-defined]
            f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
    note_copied(table.name, len(rows))
