"""A compound with an owners' register (as tests/elections builds it) and an agenda item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Community, Compound, Street, Unit
from db.store import Store

TODAY = date(2026, 3, 2)
# 12 buyers (王一 holds two parts: one owner) + the developer's unsold part (one owner)
REGISTER_OWNERS = 13
REGISTER_AREA = Decimal("88.50") * 12 + Decimal("45.25") + Decimal("300.00")


@dataclass
class Place:
    compound_id: str
    unit_ids: list[str]


def make_place(store: Store, *, committee_status: str = "active", acting: bool = False,
               stage: str = "成熟期", name: str = "万科城") -> Place:
    with store.transaction() as session:
        community = session.scalars(select(Community).where(Community.name == "五和社区")).first()
        if community is None:
            street = Street(name="坂田街道")
            session.add(street)
            session.flush()
            community = Community(street_id=street.id, name="五和社区")
            session.add(community)
            session.flush()
        compound = Compound(community_id=community.id, name=name, delivered_on=date(2020, 1, 1),
                            committee_status=committee_status, residents_committee_acting=acting,
                            lifecycle_stage=stage)
        session.add(compound)
        session.flush()
        units = [Unit(compound_id=compound.id, building="1", room=f"{100 + i}", owner_name=f"业主{i}",
                      owner_key=f"k{i}", area_m2=Decimal("88.50")) for i in range(1, 13)]
        units.append(Unit(compound_id=compound.id, building="1", room="201", owner_name="业主1",
                          owner_key="k1", area_m2=Decimal("45.25")))
        units.append(Unit(compound_id=compound.id, building="2", room="101", owner_name="某开发公司",
                          owner_key="", area_m2=Decimal("300.00"), developer_unsold=True))
        session.add_all(units)
        session.flush()
        return Place(compound.id, [u.id for u in units[:12]])


@pytest.fixture
def place(store: Store) -> Place:
    return make_place(store)
