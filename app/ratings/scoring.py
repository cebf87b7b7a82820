"""Scoring arithmetic, all exact `Decimal`: totals, the shown percentage (truncated), stars
from the bands, and points as typed and as shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from app.errors import BadInput
from app.rating_files import (
    Band,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Score:
    """Total, maximum, percentage (truncated to 0.01, as shown) and stars (from the exact %)."""

    total: Decimal
    maximum: Decimal
    percent: Decimal
    stars: int


def exact_percent(total: Decimal, maximum: Decimal) -> Decimal:
    if maximum <= 0:
        raise BadInput(code="rating.zero_maximum")
    return total * HUNDRED / maximum


def star_band(percent: Decimal, bands: Sequence[Band]) -> int:
    """Stars for an exact percentage: the highest band whose minimum it reaches (≥)."""
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.stars
    return 0


def score_of(points: Iterable[Decimal], maximum: Decimal, bands: Sequence[Band]) -> Score:
    """Exact score; the shown percentage is truncated (89.995 → 89.99) so it never claims a
    band the exact value does not reach."""
    total = sum(points, Decimal(0))
    exact = exact_percent(total, maximum)
    return Score(total, maximum, exact.quantize(CENT, rounding=ROUND_DOWN), star_band(exact, bands))


def parse_points(text: str | Decimal, max_points: Decimal) -> tuple[Decimal | None, str]:
    """Check points as typed: (value, "") or (None, the problem in words). Used by the form."""
    if isinstance(text, Decimal):
        value = text
    else:
        cleaned = text.strip()
        if not cleaned:
            return None, "请输入得分"
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None, f"“{cleaned}”不是数字"
    if not value.is_finite():
        return None, "请输入数字"
    if value < 0:
        return None, "得分不能为负数"
    if value > max_points:
        return None, f"得分 {value} 超过满分 {max_points}"
    return value, ""


def points_text(value: Decimal | None) -> str:
    """Points as a caseworker writes them: 2, 1.5, 97.5 (no trailing zeros, never 1E+1)."""
    return "" if value is None else format(value.normalize(), "f")


def stars_text(stars: int) -> str:
    return "★" * stars + "☆" * (5 - stars) if stars else "不予评星"
