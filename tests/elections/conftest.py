"""A compound with an owners' register in a real store, and people to staff an election."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from db.models import Community, Compound, Street, Unit
from db.store import Store
from tests.helpers.party import make_party_ready

TODAY = date(2026, 3, 2)


@dataclass
class Place:
    compound_id: str
    unit_ids: list[str]  # owners' parts in room order (developer part excluded)


@pytest.fixture
def place(store: Store) -> Place:
    """12 owners (王一 holds two parts) and the developer's unsold part, areas with cents."""
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="五和社区")
        session.add(community)
        session.flush()
        compound = Compound(community_id=community.id, name="万科城", delivered_on=date(2020, 1, 1))
        session.add(compound)
        session.flush()
        units = []
        names = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十",
                 "徐十一", "孙十二"]
        for i, name in enumerate(names, start=1):
            units.append(Unit(compound_id=compound.id, building="1", room=f"{100 + i}",
                              owner_name=name, owner_key=f"k{i}", area_m2=Decimal("88.50")))
        units.append(Unit(compound_id=compound.id, building="1", room="201", owner_name="王一",
                          owner_key="k1", area_m2=Decimal("45.25")))
        units.append(Unit(compound_id=compound.id, building="2", room="101", owner_name="某开发公司",
                          owner_key="", area_m2=Decimal("300.00"), developer_unsold=True))
        session.add_all(units)
        session.flush()
        make_party_ready(session, compound.id)  # 先建支部: a first election's 筹备时机关 asks
        return Place(compound.id, [u.id for u in units[:12]])
