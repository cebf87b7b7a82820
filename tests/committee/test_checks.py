"""Checks of the elected committee ([term.checks]): owners in the register (指导规则第三十一条),
no property-company staff, party-member share and 交叉任职 (district settings)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from app.committee.checks import blocking_problems, committee_checks
from app.committee.records import members
from app.committee.seating import seat_committee
from db.models import BranchCompound, Community, PartyBranch, PartyMember, Unit
from db.store import Store
from tests.committee.conftest import RULES, TODAY, Place, elect
from tests.committee.test_seating import SEVEN


def _by_code(session, committee, rules=RULES):
    return {c.code: c for c in committee_checks(session, committee, rules, TODAY)}


def test_member_must_own_in_the_register(store: Store, place: Place) -> None:
    """指导规则第三十一条: members are owners — a developer's unsold part or no unit is no owner."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        assert _by_code(session, committee)["member_not_owner"].passed
        rows = members(session, committee.id)
        unsold = session.query(Unit).filter(Unit.developer_unsold.is_(True)).one()
        rows[0].unit_id = unsold.id
        rows[5].unit_id = None  # an alternate may step in, so is checked too
        check = _by_code(session, committee)["member_not_owner"]
        assert not check.passed and check.blocks and check.detail == "甲、己"
        assert any("业主名册" in p for p in map(str, blocking_problems(session, committee, RULES, TODAY)))


def test_property_staff_from_candidacy_or_party_roster(store: Store, place: Place) -> None:
    with store.transaction() as session:
        election = elect(session, place, SEVEN, property_staff=("丙",))
        session.add(PartyMember(name="丁", compound_id=place.compound_id, works_for_property=True))
        session.flush()
        committee = seat_committee(session, election, RULES, TODAY)
        check = _by_code(session, committee)["property_staff"]
        assert not check.passed and check.detail == "丙、丁"
        hint = replace(RULES, term=replace(RULES.term, property_staff=replace(
            RULES.term.property_staff, blocking=False)))
        assert not _by_code(session, committee, hint)["property_staff"].blocks


def test_party_share_hint(store: Store, place: Place) -> None:
    """Share among seated members: [term.checks.party_share] share, else the candidates' share of
    [district.party_share] (1/2); a hint by default (深圳条例第五条, share set by the district)."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN, party=("甲", "乙")),
                                   RULES, TODAY)
        check = _by_code(session, committee)["party_share"]
        assert not check.passed and not check.blocks and "2/5" in check.detail
        third = replace(RULES, term=replace(RULES.term, party_share=replace(
            RULES.term.party_share, share=Fraction(1, 3))))
        assert _by_code(session, committee, third)["party_share"].passed


def test_cross_serving_with_the_covering_branch(store: Store, place: Place) -> None:
    """交叉任职: a seated member who is a party member of a branch covering the compound."""
    with store.transaction() as session:
        community = session.query(Community).one()
        branch = PartyBranch(community_id=community.id, name="万科城党支部")
        other = PartyBranch(community_id=community.id, name="别处党支部")
        session.add_all([branch, other])
        session.flush()
        session.add(BranchCompound(branch_id=branch.id, compound_id=place.compound_id))
        session.add(PartyMember(name="甲", compound_id=place.compound_id, branch_id=other.id))
        session.flush()
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        check = _by_code(session, committee)["cross_serving"]
        assert not check.passed and not check.blocks
        session.query(PartyMember).one().branch_id = branch.id
        session.flush()
        check = _by_code(session, committee)["cross_serving"]
        assert check.passed and "甲" in check.detail
