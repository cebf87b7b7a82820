"""Column types shared by every model: UTC timestamps and client-made UUID text ids."""

from __future__ import annotations

import os
import re
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# C0 controls but tab, newline and carriage return; DEL and C1 controls; lone surrogates
# (a str holding U+D800..U+DFFF cannot be written as UTF-8: not to a database, not to a file);
# bidirectional embeddings, overrides and isolates and invisible spaces (U+200B, U+2060, U+FEFF),
# which make a name display as another ("Trojan Source" spoofing) and never belong in one.
BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    "\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def clean_text(text: str) -> str:
    """`text` without lone surrogates and control characters (tab, newline and CR kept): for
    what is typed, pasted or imported, where a stray character should neither be refused later
    by the server nor break an export."""
    if BAD_CHARACTERS.search(text) is None:
        return text
    return BAD_CHARACTERS.sub("", text)


_clock_lock = threading.Lock()
_last_millis = 0
_sequence = 0


def new_ids(count: int) -> list[str]:
    """`count` UUIDv7 ids as text (RFC 9562): time-ordered, so rows made together sit together
    in the primary-key index (fast bulk inserts) and ids sort by creation within one client.

    A 12-bit counter keeps ids from one millisecond in order; 62 random bits keep clients apart.
    """
    global _last_millis, _sequence
    noise = os.urandom(8 * count)
    ids: list[str] = []
    with _clock_lock:
        for n in range(count):
            millis = time.time_ns() // 1_000_000
            if millis > _last_millis:
                _last_millis, _sequence = millis, 0
            else:
                _sequence += 1
                if _sequence > 0xFFF:  # counter exhausted: borrow the next millisecond
                    _last_millis, _sequence = _last_millis + 1, 0
            random_bits = int.from_bytes(noise[8 * n : 8 * n + 8], "big")
            ids.append(uuid7_text(_last_millis, _sequence, random_bits))
    return ids


def uuid7_text(millis: int, sequence: int, random_bits: int) -> str:
    """The UUIDv7 of a millisecond, a 12-bit counter within it and 62 random bits (only the low
    62 bits of `random_bits` are taken), as text."""
    value = ((millis << 80) | (0x7 << 76) | ((sequence & 0xFFF) << 64) | (0b10 << 62)
             | (random_bits & ((1 << 62) - 1)))
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def new_id() -> str:
    """A UUIDv7 made on the client, as text."""
    return new_ids(1)[0]


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (displayed in local time by the UI)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC; refuses naive input so no local time slips in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a timezone-aware value")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Stored decimals have at most this many significant digits and a decimal exponent within
# ±this: checked before a value is ever formatted, so "1e100000000" is refused, not expanded.
DECIMAL_DIGITS = 30
DECIMAL_EXPONENT = 30
DECIMAL_TEXT_LENGTH = 40


def decimal_shape_problem(number: Decimal) -> str | None:
    """Why `number` cannot be stored as DecimalText (None if it can); cheap, never formats."""
    if not number.is_finite():
        return "not a finite number"
    digits = len(number.as_tuple().digits)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if digits > DECIMAL_DIGITS:
        return f"more than {DECIMAL_DIGITS} significant digits"
    if not -DECIMAL_EXPONENT <= exponent <= DECIMAL_EXPONENT or number.adjusted() > DECIMAL_EXPONENT:
        return f"exponent outside ±{DECIMAL_EXPONENT}"
    # Now formatting is cheap (at most ~60 characters); the text must fit the column.
    if len(format(number, "f")) > DECIMAL_TEXT_LENGTH:
        return f"longer than {DECIMAL_TEXT_LENGTH} characters when written out"
    return None


class DecimalText(TypeDecorator[Decimal]):
    """Exact decimals (floor areas, points) kept as text: no float rounding at legal thresholds.

    `low`/`high` are the column's plausible range (inclusive): db.codec.decode refuses values
    outside it and db.domains turns it into a CHECK constraint.
    """

    impl = String(DECIMAL_TEXT_LENGTH)
    cache_ok = True

    def __init__(self, low: Decimal | int | None = None, high: Decimal | int | None = None,
                 length: int = DECIMAL_TEXT_LENGTH) -> None:
        # `length` is what older migrations name (the text column's width); it never changes.
        super().__init__()
        self.low = None if low is None else Decimal(low)
        self.high = None if high is None else Decimal(high)

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        problem = decimal_shape_problem(number)
        if problem is not None:
            raise ValueError(f"{problem}: {str(value)[:40]!r}")
        return format(number, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class Choice(String):
    """Text that takes one of a fixed list of values (an enum column: stage, kind, status…).

    db.codec.decode refuses other values and db.domains makes a CHECK constraint of the list.
    """

    def __init__(self, length: int, values: tuple[str, ...] = ()) -> None:
        super().__init__(length)
        self.values = tuple(values)


class Key(String):
    """A district-setting key (agenda category, meeting kind, role…): the list lives in the
    rules files and a district may add entries, so only the key's shape is checked (printable
    ASCII, as app/agenda_rules.py requires of a key)."""


class BoundedInteger(Integer):
    """A whole number with a plausible range (inclusive), checked like DecimalText's."""

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        super().__init__()
        self.low = low
        self.high = high


class BoundedBigInteger(BigInteger):
    """A 64-bit whole number with a plausible range (inclusive)."""

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        super().__init__()
        self.low = low
        self.high = high
