"""A compound with an owners' register (as in tests/elections/conftest.py, kept apart so the
committee tests see no party data they did not add) and elections whose result is recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app.rules import load_rules
from db.models import Candidate, Community, Compound, Election, Street, Unit
from db.store import Store

RULES = load_rules()
TODAY = date(2026, 3, 2)
VOTED = date(2026, 3, 1)


@dataclass
class Place:
    compound_id: str
    unit_ids: list[str]  # owners' parts in room order (developer part excluded)


@pytest.fixture
def place(store: Store) -> Place:
    """12 owners (王一 holds two parts) and the developer's unsold part."""
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
        names = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十",
                 "徐十一", "孙十二"]
        units = [Unit(compound_id=compound.id, building="1", room=f"{100 + i}", owner_name=name,
                      owner_key=f"k{i}", area_m2=Decimal("88.50"))
                 for i, name in enumerate(names, start=1)]
        units.append(Unit(compound_id=compound.id, building="1", room="201", owner_name="王一",
                          owner_key="k1", area_m2=Decimal("45.25")))
        units.append(Unit(compound_id=compound.id, building="2", room="101", owner_name="某开发公司",
                          owner_key="", area_m2=Decimal("300.00"), developer_unsold=True))
        session.add_all(units)
        session.flush()
        return Place(compound.id, [u.id for u in units[:12]])


def elect(session: Session, place: Place, votes: list[tuple[str, int, bool]], seats: int = 5,
          kind: str = "first", voted: date = VOTED, tied: tuple[str, ...] = (),
          party: tuple[str, ...] = (), property_staff: tuple[str, ...] = ()) -> Election:
    """An election with its result recorded: `votes` as (name, yes owners, passed), candidate i
    owning place.unit_ids[i]; the elected are the first `seats` who passed (tied excluded)."""
    election = Election(compound_id=place.compound_id, kind=kind, stage="tallied", seats=seats,
                        vote_start=voted, vote_end=voted, result_published_on=voted,
                        stage_since=voted)
    session.add(election)
    session.flush()
    for i, (name, _, _) in enumerate(votes):
        session.add(Candidate(election_id=election.id, name=name, sort_order=i,
                              unit_id=place.unit_ids[i % len(place.unit_ids)],
                              is_party_member=name in party,
                              works_for_property=name in property_staff))
    ranked = sorted(votes, key=lambda v: -v[1])
    elected = [n for n in [n for n, _, ok in ranked if ok][:seats] if n not in tied]
    election.tally_json = json.dumps({
        "matter": "election", "total_owners": 12, "total_area": "1107.25",
        "participating_owners": 12, "participating_area": "1107.25", "quorum_met": True,
        "seats": seats, "elected": elected, "tied_for_last_seat": list(tied),
        "candidates": [{"name": n, "yes_owners": v, "yes_area": f"{v * 88}.00", "passed": ok}
                       for n, v, ok in ranked],
    }, ensure_ascii=False)
    session.flush()
    return election
