"""Which automatic backups are kept: the newest of each of the last N days, weeks and months
that have one (Anki's rule), checked with any dates; and on real backup files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.backups.making import auto_due, list_backups, make_backup, rotate
from app.backups.rotation import Policy, to_keep
from db.store import Store

stamps = st.lists(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
    max_size=80,
)
policies = st.builds(Policy, st.integers(0, 10), st.integers(0, 6), st.integers(0, 15))


@given(stamps, policies)
def test_kept_are_exactly_the_newest_of_the_last_periods(found: list[datetime], rule: Policy
                                                          ) -> None:
    kept = to_keep(found, rule)
    assert kept <= set(found)
    for period, count in ((lambda d: d.date(), rule.daily),
                          (lambda d: d.isocalendar()[:2], rule.weekly),
                          (lambda d: (d.year, d.month), rule.monthly)):
        newest = {}
        for stamp in found:
            key = period(stamp)
            newest[key] = max(newest.get(key, stamp), stamp)
        latest_periods = sorted(newest, reverse=True)[:count]
        for key in latest_periods:  # the newest of each recent period is kept…
            assert newest[key] in kept
    # …and nothing else: each kept stamp is the newest of a recent day, week or month.
    def recent_newest(period, count):  # type: ignore[no-untyped-def]
        newest = {}
        for stamp in found:
            newest[period(stamp)] = max(newest.get(period(stamp), stamp), stamp)
        return {newest[k] for k in sorted(newest, reverse=True)[:count]}

    assert kept == (recent_newest(lambda d: d.date(), rule.daily)
                    | recent_newest(lambda d: d.isocalendar()[:2], rule.weekly)
                    | recent_newest(lambda d: (d.year, d.month), rule.monthly))
    assert len(kept) <= rule.daily + rule.weekly + rule.monthly


@given(stamps, policies)
def test_rotating_twice_deletes_nothing_more(found: list[datetime], rule: Policy) -> None:
    once = to_keep(found, rule)
    assert to_keep(once, rule) == once


@given(stamps)
def test_the_newest_backup_is_always_kept(found: list[datetime]) -> None:
    if found:
        assert max(found) in to_keep(found, Policy(daily=1, weekly=0, monthly=0))


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() -> None:
    start = datetime(2026, 1, 1, 18, 0)
    days = [start + timedelta(days=n) for n in range(365)]
    kept = sorted(to_keep(days))
    last = days[-1]
    assert kept[-7:] == days[-7:]  # the last seven days
    assert {d.month for d in kept} == set(range(1, 13))  # one in each month
    assert len([d for d in kept if last - d < timedelta(days=28)]) >= 7
    assert len(kept) <= 7 + 4 + 12


def test_rotate_deletes_old_automatic_backups_only(filled: Store, data_dir: Path) -> None:
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    for days_ago in range(12):
        make_backup(filled, data_dir, kind="auto", now=now - timedelta(days=days_ago))
    manual = make_backup(filled, data_dir, kind="manual", now=now - timedelta(days=40))
    removed = rotate(data_dir, Policy(daily=3, weekly=0, monthly=0), UTC)
    left = list_backups(data_dir)
    assert len(removed) == 9
    assert [b.created for b in left if b.kind == "auto"] == [
        now - timedelta(days=n) for n in range(3)]
    assert manual.path in {b.path for b in left}  # a manual backup is never rotated away
    assert not auto_due(data_dir, now + timedelta(hours=23))
    assert auto_due(data_dir, now + timedelta(hours=24))
