"""The row index's deferred writes, now driver SQL with plain tuples (server/rowindex.py flush),
store exactly what the savepoint path's SQLAlchemy statements store: district True and False,
NULL streets and writers, odd row ids and field names, an insert then an update of one row in
one flush — on SQLite and on PostgreSQL, inside a transaction rolled back at the end."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, text

from server.database import make_engine
from server.rowindex import IndexEntry, RowIndexCache
from tests.server.helpers import ServerHandle

ROW_IDS = ['q"uote', "back\\slash", "%s", "%(x)s", "NULL", "𠀋😀", " pad ", "?", "plain"]


@pytest.fixture
def connection(server: ServerHandle) -> Iterator[Connection]:
    """A connection to the running server's database in a transaction that is rolled back."""
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as opened:
            transaction = opened.begin()
            try:
                yield opened
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def _entries(base: int) -> dict[str, IndexEntry]:
    """One entry per odd id, covering each column's edge values."""
    found: dict[str, IndexEntry] = {}
    for n, row_id in enumerate(ROW_IDS):
        found[row_id] = IndexEntry(
            version=base + n, created_version=base - 1000 + n,
            field_versions={} if n % 3 == 0 else {"name": [base + n, n], '字"段\\%s': [base, 7]},
            street_id=None if n % 2 else f"街道-{n}%s",
            district=n % 4 == 1,
            writer=None if n % 3 == 1 else n,
        )
    return found


def _stored(connection: Connection, table: str) -> dict[str, tuple[Any, ...]]:
    rows = connection.execute(text(
        "SELECT row_id, version, created_version, field_versions, street_id, district, writer "
        "FROM server_rows WHERE table_name = :table"), {"table": table})
    return {row[0]: (row[1], row[2], row[3], row[4], bool(row[5]), row[6]) for row in rows}


def _read_back(connection: Connection, table: str) -> dict[str, IndexEntry | None]:
    cache = RowIndexCache(connection)
    cache.prefetch((table, row_id) for row_id in ROW_IDS)
    return {row_id: cache.get(table, row_id) for row_id in ROW_IDS}


def test_deferred_flush_stores_what_the_savepoint_path_stores(connection: Connection) -> None:
    base = 10**15 + random.randrange(10**12) * 100
    fast_table, slow_table = "hostile_fast", "hostile_slow"
    entries = _entries(base)
    fast = RowIndexCache(connection, deferred=True)
    slow = RowIndexCache(connection, deferred=False)
    for row_id, entry in entries.items():
        fast.write(fast_table, row_id, entry, new=True)
        slow.write(slow_table, row_id, IndexEntry(**{**entry.__dict__, "version": entry.version + 50}),
                   new=True)
    assert _stored(connection, fast_table) == {}  # deferred: nothing sent before the flush
    fast.flush()
    assert _read_back(connection, fast_table) == entries
    stored_fast, stored_slow = _stored(connection, fast_table), _stored(connection, slow_table)
    assert {k: v[1:] for k, v in stored_fast.items()} == {k: v[1:] for k, v in stored_slow.items()}

    # Updates: district flipped both ways, a street set and cleared, writers changed.
    changed = {row_id: IndexEntry(entry.version + 20, entry.created_version,
                                  {**entry.field_versions, "phone": [entry.version + 20, 99]},
                                  None if entry.street_id else "新街道'%(x)s",
                                  not entry.district, None if entry.writer else 5)
               for row_id, entry in entries.items()}
    for row_id, entry in changed.items():
        fast.write(fast_table, row_id, entry, new=False)
        slow.write(slow_table, row_id, IndexEntry(**{**entry.__dict__, "version": entry.version + 50}),
                   new=False)
    fast.flush()
    assert _read_back(connection, fast_table) == changed
    stored_fast, stored_slow = _stored(connection, fast_table), _stored(connection, slow_table)
    assert {k: v[1:] for k, v in stored_fast.items()} == {k: v[1:] for k, v in stored_slow.items()}


def test_an_insert_then_updates_in_one_flush_is_one_insert_of_the_last(
        connection: Connection) -> None:
    base = 10**15 + random.randrange(10**12) * 100 + 77
    table = "hostile_merge"
    cache = RowIndexCache(connection, deferred=True)
    first = IndexEntry(base, base, {}, None, True, None)
    last = IndexEntry(base + 1, base, {"name": [base + 1, 3]}, "街道", False, 3)
    cache.write(table, "NULL", first, new=True)
    cache.write(table, "NULL", last, new=False)
    cache.flush()
    assert _stored(connection, table) == {
        "NULL": (base + 1, base, '{"name": [' + str(base + 1) + ", 3]}", "街道", False, 3)}
    assert RowIndexCache(connection).get(table, "NULL") == last


def test_an_empty_flush_sends_nothing(connection: Connection) -> None:
    cache = RowIndexCache(connection, deferred=True)
    cache.flush()
    cache.flush()
    assert _stored(connection, "hostile_empty") == {}
