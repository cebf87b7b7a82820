"""Column types shared by every model: UTC timestamps and client-made UUID text ids."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

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
            random_bits = int.from_bytes(noise[8 * n : 8 * n + 8], "big") & ((1 << 62) - 1)
            value = (
                (_last_millis << 80) | (0x7 << 76) | (_sequence << 64) | (0b10 << 62) | random_bits
            )
            text = f"{value:032x}"
            ids.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return ids


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


class DecimalText(TypeDecorator[Decimal]):
    """Exact decimals (floor areas, points) kept as text: no float rounding at legal thresholds."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return format(number, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))
