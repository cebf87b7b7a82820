"""Reading a date as a caseworker types it, without a calendar or an input method.

Accepted (ASCII or full-width digits): 20270115 · 2027-1-15 · 2027/1/15 · 2027.1.15 ·
2027年1月15日 · 1/15, 1-15, 1月15日 and 0115 (the year `prefer` picks) · +14 / -3 (days from today) ·
今天 明天 后天 昨天 前天 · 周五 / 星期五 (this week) · 下周五 / 上周五. One parser, so every date
field of the app reads the same things; the UI shows what was read before the field is left.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta
from typing import Literal

from app.errors import BadInput

EARLIEST = date(1900, 1, 1)  # as the stored dates' CHECK constraints allow
LATEST = date(2200, 12, 31)
MAX_INPUT = 40

_FULL = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_SHORT = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_OFFSET = re.compile(r"([+-])\s*(\d{1,5})\s*(?:天|d|days?)?")
_WEEKDAY = re.compile(r"(下|上|本|这)?(?:周|星期|礼拜)([一二三四五六日天1-7])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             **{str(n): n - 1 for n in range(1, 8)}}
_WORDS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "昨天": -1, "前天": -2,
          "today": 0, "tomorrow": 1, "yesterday": -1}
_WEEK_SHIFT = {"下": 7, "上": -7}

# Which year a month/day without one means: this year's; the next such day from today (a
# deadline, a meeting to hold); the last one up to today (a thing that happened); the closest.
Prefer = Literal["year", "future", "past", "nearest"]


class DateNotRead(BadInput):
    """The text is not a date the parser reads, or not a real day (2027-2-30)."""


def _normal(text: str) -> str:
    """Full-width digits and signs as ASCII, no surrounding or doubled spaces, lower case."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateNotRead(code="date.not_a_day", text=text) from None
    if not EARLIEST <= value <= LATEST:
        raise DateNotRead(code="date.out_of_range", text=text)
    return value


def _month_day(today: date, month: int, day: int, text: str, prefer: Prefer) -> date:
    """A month and day typed without a year, in the year `prefer` picks (1/15 typed in
    December is next January for a deadline, this January for a thing that happened)."""
    if prefer == "year":
        return _day(today.year, month, day, text)
    days = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            days.append(date(year, month, day))
        except ValueError:  # 2/29 outside a leap year
            continue
    if not days:
        return _day(today.year, month, day, text)
    fitting = ([d for d in days if d >= today] if prefer == "future"
               else [d for d in days if d <= today] if prefer == "past" else [])
    if fitting:
        pick = min(fitting, key=lambda d: abs((d - today).days))
    else:
        pick = min(days, key=lambda d: abs((d - today).days))
    return _day(pick.year, pick.month, pick.day, text)


def parse_date(text: str, today: date, prefer: Prefer = "year") -> date | None:
    """The date `text` names (None when it is empty); DateNotRead when it names none.
    `prefer` says which year a month/day without one means (see Prefer)."""
    if len(text) > MAX_INPUT:
        raise DateNotRead(code="date.too_long")
    raw = _normal(text)
    if not raw:
        return None
    if raw.isdigit() and len(raw) == 8:
        return _day(int(raw[:4]), int(raw[4:6]), int(raw[6:]), text)
    if raw.isdigit() and len(raw) == 4:
        return _month_day(today, int(raw[:2]), int(raw[2:]), text, prefer)
    for pattern, read in (
        (_FULL, lambda m: _day(int(m[1]), int(m[2]), int(m[3]), text)),
        (_SHORT, lambda m: _month_day(today, int(m[1]), int(m[2]), text, prefer)),
        (_OFFSET, lambda m: _shifted(today, int(m[2]) * (1 if m[1] == "+" else -1), text)),
        (_WEEKDAY, lambda m: _shifted(
            today, _WEEKDAYS[m[2]] - today.weekday() + _WEEK_SHIFT.get(m[1] or "", 0), text)),
    ):
        match = pattern.fullmatch(raw)
        if match:
            return read(match)
    if raw in _WORDS:
        return _shifted(today, _WORDS[raw], text)
    raise DateNotRead(code="date.not_read", text=text)


def _shifted(today: date, days: int, text: str) -> date:
    try:
        value = today + timedelta(days=days)
    except OverflowError:
        raise DateNotRead(code="date.out_of_range", text=text) from None
    return _day(value.year, value.month, value.day, text)


_TIME = re.compile(r"(\d{1,2})(?:\s*[:：.点时]\s*(\d{1,2})?\s*分?)?")


def parse_time(text: str) -> time:
    """A time of day as typed: 19:30, 1930, 930, 19, 19点30 (DateNotRead when it is none)."""
    raw = _normal(text)
    if raw.isdigit() and len(raw) in (3, 4):
        raw = f"{raw[:-2]}:{raw[-2:]}"
    match = _TIME.fullmatch(raw)
    if match is None or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise DateNotRead(code="time.not_read", text=text[:MAX_INPUT])
    return time(int(match[1]), int(match[2] or 0))
