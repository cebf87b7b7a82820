"""Seating the committee from the recorded result: members ranked by votes, 候补委员 from the
ranking, the term, and by-elections filling the sitting committee."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.committee.records import active_committee, members
from app.committee.seating import add_years, seat_committee
from db.models import Candidate, Compound, OwnersCommittee
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect

SEVEN = [("甲", 12, True), ("乙", 11, True), ("丙", 10, True), ("丁", 9, True), ("戊", 8, True),
         ("己", 7, True), ("庚", 6, True), ("辛", 2, False)]


def test_members_ranked_by_votes_then_alternates(store: Store, place: Place) -> None:
    """深圳条例第四十一条: alternates step in by vote order, so they are ranked after the elected
    (at most [term.alternates] max)."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN, seats=5)
        committee = seat_committee(session, election, RULES, TODAY)
        rows = members(session, committee.id)
        assert [(m.name, m.role, m.rank) for m in rows] == [
            ("甲", "member", 1), ("乙", "member", 2), ("丙", "member", 3), ("丁", "member", 4),
            ("戊", "member", 5), ("己", "alternate", 6), ("庚", "alternate", 7)]
        assert all(m.joined_on == VOTED for m in rows)
        assert rows[0].unit_id == place.unit_ids[0]


def test_alternates_limited_and_must_have_passed(store: Store, place: Place) -> None:
    """[term.alternates]: max alternates; must_pass keeps out those below the election threshold."""
    rules = replace(RULES, term=replace(RULES.term, alternates_max=5))
    with store.transaction() as session:
        election = elect(session, place, SEVEN, seats=5)
        committee = seat_committee(session, election, rules, TODAY)
        alternates = [m.name for m in members(session, committee.id) if m.role == "alternate"]
        assert alternates == ["己", "庚"]  # 辛 did not pass
    loose = replace(RULES, term=replace(RULES.term, alternates_max=1, alternates_must_pass=False))
    with store.transaction() as session:
        election = elect(session, place, SEVEN, seats=7, kind="reelection")
        committee = seat_committee(session, election, loose, TODAY)
        alternates = [m.name for m in members(session, committee.id) if m.role == "alternate"]
        assert alternates == ["辛"]


def test_tied_candidates_are_not_alternates(store: Store, place: Place) -> None:
    """A tie across the last seat is decided by a runoff, so the tied have no rank yet."""
    votes = [("甲", 12, True), ("乙", 11, True), ("丙", 10, True), ("丁", 9, True),
             ("戊", 8, True), ("己", 8, True), ("庚", 7, True)]
    with store.transaction() as session:
        election = elect(session, place, votes, seats=5, tied=("戊", "己"))
        committee = seat_committee(session, election, RULES, TODAY)
        rows = members(session, committee.id)
        assert [m.name for m in rows if m.role == "member"] == ["甲", "乙", "丙", "丁"]
        assert [m.name for m in rows if m.role == "alternate"] == ["庚"]


def test_term_is_the_rules_years_from_election_day(store: Store, place: Place) -> None:
    """指导规则第三十二条: a term of at most five years ([term] years), from the election day."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        committee = seat_committee(session, election, RULES, TODAY)
        assert committee.term_start == VOTED
        assert committee.term_end == date(2031, 3, 1)
        compound = session.get(Compound, place.compound_id)
        assert compound.committee_status == "active" and not compound.residents_committee_acting
    shorter = replace(RULES, term=replace(RULES.term, years=3))
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN, kind="early"), shorter, TODAY)
        assert committee.term_end == date(2029, 3, 1)
    assert add_years(date(2024, 2, 29), 5) == date(2029, 3, 1)


def test_reelection_replaces_the_active_committee(store: Store, place: Place) -> None:
    """换届: the old committee's term ends and the new one is the only active one."""
    with store.transaction() as session:
        old = seat_committee(session, elect(session, place, SEVEN, voted=date(2021, 3, 1)),
                             RULES, TODAY)
        new = seat_committee(session, elect(session, place, SEVEN, kind="reelection"), RULES, TODAY)
        assert old.status == "expired" and old.term_end == VOTED
        assert new.status == "active"
        assert active_committee(session, place.compound_id).id == new.id


def test_by_election_fills_the_sitting_committee(store: Store, place: Place) -> None:
    """补选 adds members to the active committee for the rest of its term, ranked after it."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN, voted=date(2025, 3, 1)),
                                   RULES, TODAY)
        by = elect(session, place, [("壬", 10, True), ("癸", 9, True)], seats=1,
                   kind="by_election")
        same = seat_committee(session, by, RULES, TODAY)
        assert same.id == committee.id and same.term_end == date(2030, 3, 1)
        rows = members(session, committee.id)
        joined = [(m.name, m.role, m.rank, m.joined_on) for m in rows if m.rank > 7]
        assert joined == [("壬", "member", 8, VOTED)]  # the two alternates already wait
        assert session.query(OwnersCommittee).count() == 1


def test_seating_twice_adds_nothing(store: Store, place: Place) -> None:
    """The guard may run again (a retry, a sync): the same election seats once."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        first = seat_committee(session, election, RULES, TODAY)
        again = seat_committee(session, election, RULES, TODAY)
        assert first.id == again.id and len(members(session, first.id)) == 7
        statuses = {c.name: c.status for c in session.query(Candidate)}
        assert statuses["甲"] == "elected" and statuses["己"] == "not_elected"


def test_no_tally_no_committee(store: Store, place: Place) -> None:
    import pytest

    from app.errors import BadInput

    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        election.tally_json = None
        with pytest.raises(BadInput, match="没有有效的计票结果"):
            seat_committee(session, election, RULES, TODAY)


def test_by_election_needs_a_sitting_committee(store: Store, place: Place) -> None:
    """A by-election fills vacancies (深圳条例第四十一条 and the district's 补选): with no sitting
    committee there is nothing to fill — that is a re-election."""
    import pytest

    from app.errors import BadInput

    with store.transaction() as session:
        by = elect(session, place, [("壬", 10, True)], seats=1, kind="by_election")
        with pytest.raises(BadInput, match="补选只能填补在任业委会的空缺"):
            seat_committee(session, by, RULES, TODAY)
