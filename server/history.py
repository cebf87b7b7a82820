"""Who did it, and when, as the server can vouch for it (docs/sync-protocol.md, "History").

A caseworker's client cannot write history as someone else or at another time: the server
stamps the "who" and "when" of audit entries and agenda stage events itself, and takes a
deletion or sign-off time only within the pushing device's window — from its login (the device
token's issue time, so offline work since then keeps its real times) minus the clock-skew
allowance, to the server's receive time plus it. Supervisors and admins restore backups and may
change every row anyway: their history is kept as sent, only future times are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from server.auth import Caller
from server.problems import Problem

CLOCK_SKEW = timedelta(minutes=10)
SKEW_MINUTES = int(CLOCK_SKEW.total_seconds() // 60)
# table → (who column, when column): stamped with the caseworker and the receive time.
STAMPED: dict[str, tuple[str, str]] = {
    "audit_entries": ("actor", "at"),
    "agenda_stage_events": ("by", "at"),
}


def stamp(caller: Caller, table: str, values: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """`values` with a caseworker's who/when columns set by the server."""
    columns = STAMPED.get(table)
    if columns is None or caller.sees_district:
        return dict(values)
    who, when = columns
    return {**values, who: caller.name, when: now}


def stamped_columns(caller: Caller, table: str) -> tuple[str, ...]:
    """Columns the server sets for this caller (left out when comparing a re-sent row)."""
    columns = STAMPED.get(table)
    return () if columns is None or caller.sees_district else columns


def future_problem(name: str, value: datetime, now: datetime) -> Problem | None:
    if value > now + CLOCK_SKEW:
        return Problem("time_in_future", field=name, minutes=SKEW_MINUTES)
    return None


def deleted_at_for(caller: Caller, value: datetime | None, now: datetime,
                   window_start: datetime) -> datetime:
    """The deletion time to store: the client's when it lies in the device's window (a
    supervisor's: when not in the future), else the server's receive time. A future time is
    refused by the caller (`future_problem`) before this is asked."""
    if value is None:
        return now
    if caller.sees_district or value >= window_start:
        return value
    return now


def signed_at_problem(caller: Caller, value: Any, now: datetime, window_start: datetime
                      ) -> Problem | None:
    """Why a sign-off's signed_at cannot be taken (it is signed, so the server cannot change it)."""
    if not isinstance(value, datetime):
        return None  # a missing or bad value is the signature check's to refuse
    future = future_problem("signed_at", value, now)
    if future:
        return future
    if not caller.sees_district and value < window_start:
        return Problem("signed_before_login", minutes=SKEW_MINUTES)
    return None
