"""Fixtures for the rating tests: a street with a compound served by a property company."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from db.models import (
    AgendaItem,
    BranchCompound,
    Community,
    Compound,
    PartyBranch,
    PropertyCompany,
    Street,
)
from db.store import Store


@dataclass(frozen=True)
class Place:
    street_id: str
    compound_id: str
    other_compound_id: str
    company_id: str
    branch_id: str


@pytest.fixture
def place(store: Store) -> Place:
    """坂田街道 → 第五园社区 → two compounds served by one company, with open agenda items."""
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="第五园社区")
        company = PropertyCompany(name="万科物业（测试）")
        session.add_all([community, company])
        session.flush()
        compound = Compound(community_id=community.id, name="第五园一期",
                            property_company_id=company.id)
        other = Compound(community_id=community.id, name="第五园二期",
                         property_company_id=company.id)
        session.add_all([compound, other])
        branch = PartyBranch(community_id=community.id, name="第五园联合党支部", kind="joint")
        session.add(branch)
        session.flush()
        session.add_all([BranchCompound(branch_id=branch.id, compound_id=compound.id),
                         BranchCompound(branch_id=branch.id, compound_id=other.id)])
        session.add_all([
            AgendaItem(compound_id=compound.id, title="3栋垃圾桶满溢", category="hygiene",
                       raised_on=date(2026, 1, 5), stage="doing", deadline=date(2026, 2, 1)),
            AgendaItem(compound_id=compound.id, title="楼道异味", category="hygiene",
                       raised_on=date(2026, 3, 1), stage="listen"),
            AgendaItem(compound_id=compound.id, title="已回复的卫生问题", category="hygiene",
                       raised_on=date(2026, 1, 1), stage="answered"),
            AgendaItem(compound_id=compound.id, title="地库车位不足", category="parking",
                       raised_on=date(2026, 2, 1), stage="discuss"),
        ])
        return Place(street.id, compound.id, other.id, company.id, branch.id)


@pytest.fixture
def ui_ctx(store: Store, data_dir, tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A UiContext on the test store; QSettings go to a temp .ini."""
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    from ui.context import UiContext, make_settings

    return UiContext(store=store, data_dir=data_dir, settings=make_settings())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform has no window manager (size hints, raise, keyboard grab for the
    file dialog's completer popup) and says so; harmless."""
    from pathlib import Path

    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(
                "does not support propagateSizeHints", "does not support raise",
                "does not support grabbing the keyboard"))
