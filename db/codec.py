"""One JSON encoding of column values, shared by the outbox, exports and the sync protocol.

Dates and datetimes become ISO 8601 text, decimals exact text; decoding is driven by the column
type, so a value read back is the same Python value that was written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer
from sqlalchemy.sql.type_api import TypeEngine

from db.models.base import REPLICATION_COLUMNS, Replicated
from db.types import DecimalText, UTCDateTime

JSONValue = str | int | bool | None


class FieldValueError(ValueError):
    """A value that does not fit its column; the message names the field."""


def encode(value: Any) -> JSONValue:
    """Python value → JSON-safe value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(column_type: TypeEngine[Any], value: Any, field: str = "") -> Any:
    """JSON value → Python value for a column of this type; raises FieldValueError naming `field`."""
    if value is None:
        return None
    try:
        if isinstance(column_type, UTCDateTime):
            parsed = datetime.fromisoformat(str(value))
            if parsed.tzinfo is None:
                raise ValueError("timestamp without a time zone")
            return parsed
        if isinstance(column_type, Date):
            return date.fromisoformat(str(value))
        if isinstance(column_type, DecimalText):
            number = Decimal(str(value))
            if not number.is_finite():
                raise ValueError("not a finite number")
            return number
        if isinstance(column_type, Boolean):
            if isinstance(value, bool):
                return value
            raise ValueError("expected true or false")
        if isinstance(column_type, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("expected a whole number")
            return value
        if not isinstance(value, str):
            raise ValueError("expected text")
        length = getattr(column_type, "length", None)
        if length is not None and len(value) > length:
            raise ValueError(f"longer than {length} characters")
        return value
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise FieldValueError(f"field {field}: {exc}") from None


def content_columns(model: type[Replicated]) -> list[Column[Any]]:
    """The columns that carry a row's content (everything but the replication bookkeeping)."""
    return [c for c in model.__table__.c if c.name not in REPLICATION_COLUMNS]  # type: ignore[misc]


def row_fields(obj: Replicated) -> dict[str, JSONValue]:
    """All content fields of a row, encoded."""
    return {c.name: encode(getattr(obj, c.name)) for c in content_columns(type(obj))}
