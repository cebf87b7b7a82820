"""A tiny district for agenda tests: two streets, three compounds, items at every stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app import agenda
from app.agenda import StageChange
from db.models import Community, Compound, Street
from db.store import Store

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shenzhen


@dataclass
class District:
    street_a: str
    street_b: str
    garden: str  # 第五园 (street A)
    harbour: str  # 怡翠 (street A)
    hill: str  # 龙城 (street B)


def make_district(store: Store) -> District:
    with store.transaction() as s:
        sa, sb = Street(name="坂田街道"), Street(name="龙城街道")
        s.add_all([sa, sb])
        s.flush()
        ca, cb = Community(street_id=sa.id, name="第五园社区"), Community(street_id=sb.id, name="龙城社区")
        s.add_all([ca, cb])
        s.flush()
        # each has a sitting owners' committee, so 业委会 is a party at its table (以居代业
        # compounds are tested in tests/procedure)
        garden = Compound(community_id=ca.id, name="万科第五园", committee_status="active")
        harbour = Compound(community_id=ca.id, name="中海怡翠", committee_status="active")
        hill = Compound(community_id=cb.id, name="龙城花园", committee_status="active")
        s.add_all([garden, harbour, hill])
        s.flush()
        return District(sa.id, sb.id, garden.id, harbour.id, hill.id)


@pytest.fixture
def district(store: Store) -> District:
    return make_district(store)


# What each stage needs, so a test can walk an item to any stage through the state machine.
PATH_TO = {
    "listen": [],
    "discuss": [("discuss", StageChange(positions={"committee": "同意增设车位"}))],
}
PATH_TO["decide"] = [*PATH_TO["discuss"], (
    "decide",
    StageChange(decision="划定临时车位", responsible_party="物业企业", deadline=date(2026, 4, 1)),
)]
PATH_TO["doing"] = [*PATH_TO["decide"], ("doing", StageChange(progress=20))]
PATH_TO["answered"] = [*PATH_TO["doing"], (
    "answered", StageChange(answer="已划线 40 个车位", answer_method="公告栏张贴", satisfaction=4),
)]
PATH_TO["closed"] = [*PATH_TO["answered"], ("closed", StageChange())]
PATH_TO["referred"] = [(
    "referred", StageChange(referred_to="区交通局", referred_due=date(2026, 4, 15)),
)]


def item_at(store: Store, compound_id: str, stage: str, title: str = "夜间停车难",
            raised_on: date = date(2026, 3, 1)) -> str:
    with store.transaction() as s:
        item = agenda.create_item(
            s, compound_id=compound_id, title=title, raised_on=raised_on, category="parking",
            source="visit", now=NOW,
        )
        for target, change in PATH_TO[stage]:
            agenda.advance(s, item.id, target, change, now=NOW)
        return item.id


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot propagate size hints when a window is shown;
    that says nothing about our code."""
    for item in items:
        if "tests/agenda" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
