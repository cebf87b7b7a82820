"""Rows as the wire's change objects (docs/sync-protocol.md), encoded with db/codec.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.codec import content_columns, encode
from db.models import MODEL_BY_TABLE

CONTENT_COLUMNS: dict[str, list[str]] = {
    table: [c.name for c in content_columns(model)] for table, model in MODEL_BY_TABLE.items()
}


def change_object(table: str, row: Mapping[str, Any], version: int) -> dict[str, Any]:
    """A row's current state: {"table", "id", "version", "fields", "updated_*", "deleted_*"}."""
    return {
        "table": table,
        "id": row["id"],
        "version": version,
        "fields": {name: encode(row[name]) for name in CONTENT_COLUMNS[table]},
        "updated_at": encode(row["updated_at"]),
        "updated_by": row["updated_by"],
        "deleted_at": encode(row["deleted_at"]),
        "deleted_by": row["deleted_by"],
    }
