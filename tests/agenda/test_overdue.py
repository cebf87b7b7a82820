"""Overdue = deadline passed on the caseworker's local (Shanghai) date and not answered/closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app import agenda
from app.agenda_rules import local_today
from app.agenda_stats import agenda_figures
from db.models import AgendaItem
from db.store import Store
from tests.agenda.conftest import District, item_at

DEADLINE = date(2026, 4, 1)  # the deadline PATH_TO gives decided items
LAST_MINUTE = datetime(2026, 4, 1, 15, 59, 59, tzinfo=UTC)  # 23:59:59 on 1 April in Shenzhen
FIRST_MINUTE = datetime(2026, 4, 1, 16, 0, 0, tzinfo=UTC)  # 00:00 on 2 April in Shenzhen


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 31, 16, 0, tzinfo=UTC), date(2026, 4, 1)),
        (datetime(2026, 3, 31, 15, 59, tzinfo=UTC), date(2026, 3, 31)),
        # The same instant written in other zones gives the same Shanghai date.
        (datetime(2026, 3, 31, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")), date(2026, 4, 1)),
        (datetime(2026, 4, 1, 1, 0, tzinfo=timezone(timedelta(hours=14))), date(2026, 3, 31)),
        # New Year's Eve: 2026-12-31 16:00 UTC is already 2027 in Shenzhen.
        (datetime(2026, 12, 31, 16, 0, tzinfo=UTC), date(2027, 1, 1)),
    ],
)
def test_local_today_is_shanghai_date(now: datetime, expected: date) -> None:
    assert local_today(now) == expected


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_today(datetime(2026, 4, 1, 12, 0))


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (LAST_MINUTE, False),  # deadline day itself is not overdue
        (FIRST_MINUTE, True),
        # A laptop set to New York time: 09:00 NY on 1 April is 21:00 in Shenzhen, still in time;
        # 21:00 NY on 1 April is already 09:00 on 2 April in Shenzhen.
        (datetime(2026, 4, 1, 9, 0, tzinfo=ZoneInfo("America/New_York")), False),
        (datetime(2026, 4, 1, 21, 0, tzinfo=ZoneInfo("America/New_York")), True),
        (datetime(2026, 4, 1, 23, 59, tzinfo=timezone(timedelta(hours=8))), False),
    ],
)
def test_overdue_flips_at_shanghai_midnight(
    store: Store, district: District, now: datetime, overdue: bool
) -> None:
    item_id = item_at(store, district.garden, "doing")
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.deadline == DEADLINE
        assert agenda.item_overdue(item, now=now) is overdue
        rows = agenda.load_item_rows(s, now=now)
        figures = agenda_figures(s, now=now)
    assert [r.overdue for r in rows] == [overdue]
    assert figures[0].overdue == int(overdue)


@pytest.mark.parametrize("stage", ["answered", "closed"])
def test_finished_items_are_never_overdue(store: Store, district: District, stage: str) -> None:
    item_id = item_at(store, district.garden, stage)
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        assert not agenda.item_overdue(item, today=date(2030, 1, 1))


def test_referred_item_uses_department_due_date(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "referred")  # referred_due 2026-04-15
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        assert not agenda.item_overdue(item, today=date(2026, 4, 15))
        assert agenda.item_overdue(item, today=date(2026, 4, 16))


def test_item_without_deadline_is_not_overdue(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "listen")
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and not agenda.item_overdue(item, today=date(2099, 1, 1))
