"""What every stored value may be: enum values, plausible ranges, text without control characters.

One place for the rules that db.codec.decode enforces on every value coming from outside (a
push, a JSON restore, a pull) and that db/models/checks.py turns into CHECK constraints:

- ENUMS: (table, column) → the allowed values, read from the models' Choice columns (which are
  built from the model constants ELECTION_STAGES, CHECKPOINTS, …);
- KEYS: (table, column) → max length, for district-setting keys (agenda categories and sources,
  meeting kinds, roles): the lists live in the rules files and a district may add entries, so
  only the shape of a key is checked (`KEY_PATTERN`);
- RANGES: (table, column) → (low, high), inclusive, None for an open end;
- bounded_decimal / check_text / clean_text: the checks themselves, cheap and refusing before
  any expensive work (a "1e100000000" is never expanded).

Every refusal is a FieldValueError naming the field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from db.models import REPLICATED_MODELS
from db.models.checks import EARLIEST_YEAR, LATEST_YEAR
from db.types import (
    BAD_CHARACTERS,
    BoundedBigInteger,
    BoundedInteger,
    Choice,
    DecimalText,
    Key,
    clean_text,
    decimal_shape_problem,
)

__all__ = ["ENUMS", "KEYS", "RANGES", "FieldValueError", "bounded_decimal", "check_text",
           "clean_text"]


class FieldValueError(ValueError):
    """A value that does not fit its column; the message names the field."""


# The longest text without a declared length (notes, minutes, JSON kept as text).
MAX_TEXT = 1_000_000
# The longest text a decimal may arrive as: 30 digits, sign, point and an exponent fit easily.
MAX_DECIMAL_INPUT = 64
# The longest text a date or timestamp may arrive as (ISO 8601 with offset and microseconds).
MAX_TIME_INPUT = 40
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
KEY_PATTERN = re.compile(r"[\x20-\x7e]+")  # as app/agenda_rules.py accepts: printable ASCII
EARLIEST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC)  # exclusive



def _collect() -> tuple[dict[tuple[str, str], tuple[str, ...]], dict[tuple[str, str], int],
                        dict[tuple[str, str], tuple[Decimal | int | None, Decimal | int | None]]]:
    enums: dict[tuple[str, str], tuple[str, ...]] = {}
    keys: dict[tuple[str, str], int] = {}
    ranges: dict[tuple[str, str], tuple[Decimal | int | None, Decimal | int | None]] = {}
    for model in REPLICATED_MODELS:
        for column in model.__table__.columns:
            where = (model.__tablename__, column.name)
            column_type = column.type
            if isinstance(column_type, Choice):
                enums[where] = column_type.values
            elif isinstance(column_type, Key):
                keys[where] = column_type.length or 0
            elif isinstance(column_type, DecimalText | BoundedInteger | BoundedBigInteger) and (
                    column_type.low is not None or column_type.high is not None):
                ranges[where] = (column_type.low, column_type.high)
    return enums, keys, ranges


ENUMS, KEYS, RANGES = _collect()


def problem(field: str, what: str) -> FieldValueError:
    return FieldValueError(f"field {field}: {what}")


def bounded_decimal(text: str, field: str, *, low: Decimal | None = None,
                    high: Decimal | None = None) -> Decimal:
    """`text` as an exact decimal, refused (FieldValueError) when it is longer than any stored
    decimal, not a finite number, has more than 30 significant digits or an exponent outside
    ±30, or lies outside [low, high]. Every check runs before the value is formatted."""
    if not isinstance(text, str):
        raise problem(field, "expected a number as text")
    if len(text) > MAX_DECIMAL_INPUT:
        raise problem(field, f"a number longer than {MAX_DECIMAL_INPUT} characters")
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        raise problem(field, f"not a number: {text[:40]!r}") from None
    shape = decimal_shape_problem(number)
    if shape is not None:
        raise problem(field, shape)
    if low is not None and number < low:
        raise problem(field, f"below {format(Decimal(low), 'f')}")
    if high is not None and number > high:
        raise problem(field, f"above {format(Decimal(high), 'f')}")
    return number


def bounded_int(value: int, field: str, low: int | None, high: int | None) -> int:
    """An int within [low, high] (compared as ints: a 5,000-digit int is refused, not printed)."""
    if low is not None and value < low:
        raise problem(field, f"below {low}")
    if high is not None and value > high:
        raise problem(field, f"above {high}")
    return value


def bad_character(text: str) -> str | None:
    """The first control character or lone surrogate in `text`, described; None if clean."""
    found = BAD_CHARACTERS.search(text)
    if found is None:
        return None
    char = found.group()
    kind = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    return f"{kind} U+{ord(char):04X} at position {found.start()}"


def check_text(text: str, field: str) -> str:
    """`text` unchanged, or FieldValueError if it holds a lone surrogate or a control character
    other than tab, newline and carriage return."""
    found = bad_character(text)
    if found is not None:
        raise problem(field, f"contains {found}")
    return text


def check_key(text: str, field: str, length: int) -> str:
    """A district-setting key: printable ASCII (what the rules files accept), at most `length`
    characters."""
    if len(text) > length or not KEY_PATTERN.fullmatch(text):
        raise problem(field, f"not a valid key: {text[:40]!r}")
    return text


def check_enum(text: str, field: str, values: tuple[str, ...]) -> str:
    if text not in values:
        raise problem(field, f"unknown value {text[:40]!r} (allowed: {', '.join(values)})")
    return text


def bounded_timestamp(text: str, field: str) -> datetime:
    """An ISO 8601 timestamp with a time zone, whose UTC form lies in 1900..2200."""
    if len(text) > MAX_TIME_INPUT:
        raise problem(field, "not a timestamp")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise problem(field, f"not a timestamp: {text[:40]!r}") from None
    if parsed.tzinfo is None:
        raise problem(field, "timestamp without a time zone")
    try:
        in_utc = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise problem(field, f"timestamp out of range: {text!r}") from None
    if not EARLIEST <= in_utc < LATEST:
        raise problem(field, f"timestamp outside {EARLIEST_YEAR}..{LATEST_YEAR}: {text!r}")
    return parsed


def bounded_date(text: str, field: str) -> date:
    """An ISO 8601 date in 1900..2200."""
    if len(text) > MAX_TIME_INPUT:
        raise problem(field, "not a date")
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise problem(field, f"not a date: {text[:40]!r}") from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise problem(field, f"date outside {EARLIEST_YEAR}..{LATEST_YEAR}: {text!r}")
    return parsed
