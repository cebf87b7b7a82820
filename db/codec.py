"""One JSON encoding of column values, shared by the outbox, exports and the sync protocol.

Dates and datetimes become ISO 8601 text, decimals exact text; decoding is driven by the column
type, so a value read back is the same Python value that was written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Integer
from sqlalchemy.sql.type_api import TypeEngine

from db.domains import (
    INT32,
    INT64,
    MAX_TEXT,
    FieldValueError,
    bounded_date,
    bounded_decimal,
    bounded_int,
    bounded_timestamp,
    check_enum,
    check_key,
    check_text,
    problem,
)
from db.jsontext import parse_json_text
from db.models.base import REPLICATION_COLUMNS, Replicated
from db.types import (
    BoundedBigInteger,
    BoundedInteger,
    Choice,
    DecimalText,
    Key,
    UTCDateTime,
    decimal_shape_problem,
)

__all__ = ["FieldValueError", "JSONValue", "content_columns", "decode", "encode", "row_fields"]

JSONValue = str | int | bool | None
DECIMAL_INT_LIMIT = 10**31  # a whole number given for a decimal column: no more digits than this


def encode(value: Any) -> JSONValue:
    """Python value → JSON-safe value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        shape = decimal_shape_problem(value)  # before formatting: 1e100000000 is never expanded
        if shape is not None:
            raise ValueError(f"cannot encode this number: {shape}")
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


# Text columns that hold JSON, by column name (unique across the models), and the top-level
# shape their readers expect: a value no client could read is refused at the door.
JSON_COLUMNS: dict[str, type] = {
    "tally_json": dict, "positions_json": dict, "answers_json": dict,
    "bands_json": list, "areas_json": list, "summary": dict, "filing_materials_json": list,
}


def decode(column_type: TypeEngine[Any], value: Any, field: str = "") -> Any:
    """JSON value → Python value for a column of this type; raises FieldValueError naming `field`.

    Enforces the column's domain (db.domains): enum values, plausible ranges, decimals bounded
    by digits and exponent before anything formats them, text lengths, no control characters or
    lone surrogates, timestamps that convert to UTC within 1900..2200. No other exception
    escapes, whatever the value (a 5,000-digit int, a nested list, "1e100000000").
    """
    if value is None:
        return None
    try:
        return _decode(column_type, value, field)
    except FieldValueError:
        raise
    except (ValueError, ArithmeticError, TypeError, RecursionError, UnicodeError,
            MemoryError) as exc:
        raise FieldValueError(f"field {field}: {type(exc).__name__}") from None


def _text(value: Any, field: str, what: str) -> str:
    if isinstance(value, datetime | date) and what != "text":
        return value.isoformat()
    if not isinstance(value, str):
        raise problem(field, f"expected {what}")
    return value


def _decode(column_type: TypeEngine[Any], value: Any, field: str) -> Any:
    if isinstance(column_type, UTCDateTime):
        return bounded_timestamp(_text(value, field, "a timestamp"), field)
    if isinstance(column_type, Date):
        return bounded_date(_text(value, field, "a date"), field)
    if isinstance(column_type, DecimalText):
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise problem(field, "expected a number")
        if isinstance(value, int) and not -DECIMAL_INT_LIMIT < value < DECIMAL_INT_LIMIT:
            raise problem(field, "number out of range")
        return bounded_decimal(value if isinstance(value, str) else str(value), field,
                               low=column_type.low, high=column_type.high)
    if isinstance(column_type, Boolean):
        if isinstance(value, bool):
            return value
        raise problem(field, "expected true or false")
    if isinstance(column_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise problem(field, "expected a whole number")
        low, high = INT64 if isinstance(column_type, BigInteger) else INT32
        value = bounded_int(value, field, low, high)
        if isinstance(column_type, BoundedInteger | BoundedBigInteger):
            value = bounded_int(value, field, column_type.low, column_type.high)
        return value
    text = _text(value, field, "text")
    length = getattr(column_type, "length", None)
    if len(text) > (MAX_TEXT if length is None else length):
        raise problem(field, f"longer than {MAX_TEXT if length is None else length} characters")
    check_text(text, field)
    shape = JSON_COLUMNS.get(field)
    if shape is not None and text:  # empty reads as none everywhere
        try:
            parse_json_text(text, shape)
        except ValueError as exc:
            raise problem(field, str(exc)) from None
    if isinstance(column_type, Choice):
        return check_enum(text, field, column_type.values)
    if isinstance(column_type, Key):
        return check_key(text, field, length or len(text))
    return text


def content_columns(model: type[Replicated]) -> list[Column[Any]]:
    """The columns that carry a row's content (everything but the replication bookkeeping)."""
    return [c for c in model.__table__.c if c.name not in REPLICATION_COLUMNS]  # type: ignore[misc]


def row_fields(obj: Replicated) -> dict[str, JSONValue]:
    """All content fields of a row, encoded."""
    return {c.name: encode(getattr(obj, c.name)) for c in content_columns(type(obj))}
