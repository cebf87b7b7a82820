"""Rows as the wire's change objects (docs/sync-protocol.md), encoded with db/codec.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.codec import content_columns, encode
from db.models import MODEL_BY_TABLE

# PostgreSQL text cannot hold NUL: request fields refuse it as bad input, not a 500.
NO_NUL = r"^[^\x00]*$"

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


def stamp_object(row: Mapping[str, Any]) -> dict[str, Any]:
    """The server's stamp of a row it wrote exactly as a push sent it: all a brief answer
    carries besides the version (docs/sync-protocol.md, `brief`)."""
    return {"updated_at": encode(row["updated_at"]), "updated_by": row["updated_by"]}


def gone_object(table: str, row_id: str, version: int) -> dict[str, Any]:
    """A row that left the caller's scope at `version`: the client drops its copy."""
    return {"table": table, "id": row_id, "version": version, "gone": True}


def scrub(value: Any) -> Any:
    """`value` with every lone surrogate in its text written as an escape (\\ud800), so it can
    be encoded as UTF-8, stored and sent: an echo of bad input never breaks an answer."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, Mapping):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item) for item in value]
    return value
