"""Which automatic backups to keep, as Anki does: the newest backup of each of the last N days
that have one, of the last N weeks and of the last N months (the union of the three).

Pure: stamps in, stamps out, so the rule is tested with any dates. Stamps should be local times
(a caseworker's "day" is the local calendar day).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

from app.messages import problem


@dataclass(frozen=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def __post_init__(self) -> None:
        for name in ("daily", "weekly", "monthly"):
            if not 0 <= getattr(self, name) <= 1000:
                raise ValueError(problem("backup.keep_out_of_range", name=name))


def _day(stamp: datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime) -> Hashable:
    year, week, _ = stamp.isocalendar()
    return (year, week)


def _month(stamp: datetime) -> Hashable:
    return (stamp.year, stamp.month)


def _newest_per_period(
    newest_first: list[datetime], period: Callable[[datetime], Hashable], count: int,
) -> set[datetime]:
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in newest_first:
        if len(seen) >= count:
            break
        key = period(stamp)
        if key not in seen:
            seen.add(key)
            kept.add(stamp)
    return kept


def to_keep(stamps: Iterable[datetime], policy: Policy = Policy()) -> set[datetime]:
    """The stamps to keep; every other automatic backup may be deleted."""
    newest_first = sorted(set(stamps), reverse=True)
    return (
        _newest_per_period(newest_first, _day, policy.daily)
        | _newest_per_period(newest_first, _week, policy.weekly)
        | _newest_per_period(newest_first, _month, policy.monthly)
    )
