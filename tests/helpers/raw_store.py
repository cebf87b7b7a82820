"""Opening a store's file with the database driver itself, as tests that read or damage the
file directly need: keyed with the store's key when it is encrypted, plain when it is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2

from db.store import raw_connection

# What a check or a broken row raises, whichever driver opened the file.
IntegrityError = (sqlite3.IntegrityError, dbapi2.IntegrityError)


def connect(path: Path) -> Any:
    """A driver connection to the store file `path` (its folder holds the key's marker)."""
    return raw_connection(path.parent, path)


def iterdump(connection: Any) -> list[str]:
    """The schema and every row, in a stable order (sqlcipher3 has no `iterdump`): equal lists
    mean equal stores."""
    lines: list[str] = []
    schema = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    for kind, name, sql in schema:
        lines.append(sql)
        if kind == "table" and not name.startswith("sqlite_"):
            for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
                lines.append(f"{name} {row!r}")
    return lines
