"""A per-request cache over `server_rows`: each row's version, field versions and street."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from server.copying import insert_rows
from server.id_lists import keyed_listed
from server.schema import RowIndex

Key = tuple[str, str]
DELETED_FIELD = "__deleted__"


@dataclass
class IndexEntry:
    """`field_versions` maps a field changed after the insert to [version, writer], the writer
    being the device (token id) that changed it: a device's later op on the same row, based on a
    version older than its own earlier change, must not conflict with itself."""

    version: int
    created_version: int
    field_versions: dict[str, list[int]] = field(default_factory=dict)
    street_id: str | None = None
    district: bool = False
    writer: int | None = None  # the device whose push wrote `version` (None: no push did)

    def changed_by_others(self, name: str, base: int, writer: int) -> bool:
        """Did another device change `name` after version `base`? (The insert is no change.)"""
        version, by = self.field_versions.get(name, (0, writer))
        return version > base and by != writer

    def fields_changed_by_others(self, base: int, writer: int) -> list[str]:
        return [
            name for name in self.field_versions
            if name != DELETED_FIELD and self.changed_by_others(name, base, writer)
        ]

    def with_changes(self, version: int, names: Iterable[str], writer: int) -> IndexEntry:
        versions = {**self.field_versions, **{name: [version, writer] for name in names}}
        return IndexEntry(version, self.created_version, versions, self.street_id, self.district,
                          writer)


class RowIndexCache:
    """Reads `server_rows` lazily (or in bulk) and writes changes through."""

    def __init__(self, connection: Connection, *, deferred: bool = False) -> None:
        self.connection = connection
        self.entries: dict[Key, IndexEntry | None] = {}
        # Deferred: writes are kept (last one per row wins) and sent by flush() as two
        # executemany statements; nothing in a push reads server_rows back for a row it wrote.
        self.deferred = deferred
        self.unwritten: dict[Key, tuple[IndexEntry, bool]] = {}

    def prefetch(self, keys: Iterable[Key]) -> None:
        by_table: dict[str, set[str]] = {}
        for table, row_id in keys:
            if (table, row_id) not in self.entries:
                by_table.setdefault(table, set()).add(row_id)
        for table, ids in by_table.items():
            id_list = sorted(ids)
            for start in range(0, len(id_list), 500):
                chunk = id_list[start : start + 500]
                for row_id in chunk:
                    self.entries[(table, row_id)] = None
                rows = self.connection.execute(
                    select(RowIndex.__table__).where(keyed_listed(
                        RowIndex.table_name, table, RowIndex.row_id, chunk,
                        self.connection.dialect.name))
                )
                for row in rows:
                    self.entries[(table, row.row_id)] = _entry(row)

    def get(self, table: str, row_id: str) -> IndexEntry | None:
        key = (table, row_id)
        if key not in self.entries:
            self.prefetch([key])
        return self.entries[key]

    def write(self, table: str, row_id: str, entry: IndexEntry, *, new: bool) -> None:
        if self.deferred:
            earlier = self.unwritten.get((table, row_id))
            self.unwritten[(table, row_id)] = (entry, new or (earlier is not None and earlier[1]))
            return
        # Constant statements with bound parameters: compiled once, cheap per row.
        if new:
            self.connection.execute(_INSERT, _insert_params(table, row_id, entry))
        else:
            self.connection.execute(_UPDATE, _update_params(table, row_id, entry))

    def flush(self) -> None:
        """Send the deferred writes (one statement per kind, many parameter sets), as driver
        SQL with plain tuples: the index's columns need no conversion, and SQLAlchemy's
        per-row parameter processing was a seventh of a push's time on the server."""
        inserts = [(t, r, *_row(e)) for (t, r), (e, new) in self.unwritten.items() if new]
        updates = [(*_row(e), t, r) for (t, r), (e, new) in self.unwritten.items() if not new]
        self.unwritten = {}
        mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        insert_rows(self.connection, _ROWS, ("table_name", "row_id", *_COLUMNS), inserts)
        if updates:
            self.connection.exec_driver_sql(_DRIVER_UPDATE.replace("?", mark), updates)

    def remember(self, table: str, row_id: str, entry: IndexEntry) -> None:
        self.entries[(table, row_id)] = entry


def _values(entry: IndexEntry) -> dict[str, object]:
    return {
        "version": entry.version, "created_version": entry.created_version,
        "field_versions": json.dumps(entry.field_versions, sort_keys=True),
        "street_id": entry.street_id, "district": entry.district, "writer": entry.writer,
    }


def _row(entry: IndexEntry) -> tuple[object, ...]:
    """`_values` as a tuple, in _COLUMNS' order (a new row's empty field versions written
    without the encoder: a first push writes hundreds of thousands)."""
    versions = json.dumps(entry.field_versions, sort_keys=True) if entry.field_versions else "{}"
    return (entry.version, entry.created_version, versions, entry.street_id, entry.district,
            entry.writer)


_COLUMNS = ("version", "created_version", "field_versions", "street_id", "district", "writer")


def _insert_params(table: str, row_id: str, entry: IndexEntry) -> dict[str, object]:
    return {"table_name": table, "row_id": row_id, **_values(entry)}


def _update_params(table: str, row_id: str, entry: IndexEntry) -> dict[str, object]:
    return {"_table": table, "_row": row_id, **_values(entry)}


_ROWS = cast(Table, RowIndex.__table__)
_DRIVER_UPDATE = (f"UPDATE {_ROWS.name} SET {', '.join(f'{c} = ?' for c in _COLUMNS)} "
                  "WHERE table_name = ? AND row_id = ?")
_INSERT = insert(_ROWS)
_UPDATE = update(_ROWS).where(
    _ROWS.c.table_name == bindparam("_table"), _ROWS.c.row_id == bindparam("_row")
)


def _entry(row: object) -> IndexEntry:
    return IndexEntry(
        version=row.version,  # type: ignore[attr-defined]
        created_version=row.created_version,  # type: ignore[attr-defined]
        field_versions={k: list(v) for k, v in json.loads(row.field_versions).items()},  # type: ignore[attr-defined]
        street_id=row.street_id,  # type: ignore[attr-defined]
        district=bool(row.district),  # type: ignore[attr-defined]
        writer=row.writer,  # type: ignore[attr-defined]
    )
