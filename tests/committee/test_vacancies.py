"""Vacancies: alternates step in by vote rank; with none left, fewer than half the members
elected calls for early re-election (深圳条例第四十一条), else a 补选 (district setting)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.committee.records import members
from app.committee.seating import seat_committee
from app.committee.vacancies import leave, vacancy_status
from app.errors import BadInput
from db.models import PartyMember
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect
from tests.committee.test_seating import SEVEN

DAY = VOTED + timedelta(days=1)


def test_first_alternate_by_rank_steps_in(store: Store, place: Place) -> None:
    """深圳条例第四十一条: 从候补委员中按照得票顺序依次递补为委员."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        rows = members(session, committee.id)
        rows[1].role = "deputy"
        stepped = leave(session, committee, rows[1].id, DAY, "resigned", RULES, TODAY)
        assert stepped is not None and stepped.name == "己" and stepped.role == "member"
        assert stepped.joined_on == DAY
        assert rows[1].left_on == DAY and rows[1].left_reason == "resigned"
        assert rows[1].role == "member"  # the office of 副主任 is vacant again
        status = vacancy_status(session, committee, RULES, TODAY)
        assert (status.original, status.sitting, status.alternates, status.need) == (5, 5, 1, "none")


def test_alternate_leaving_takes_no_seat(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        alternate = next(m for m in members(session, committee.id) if m.role == "alternate")
        assert leave(session, committee, alternate.id, DAY, "moved_out", RULES, TODAY) is None
        assert vacancy_status(session, committee, RULES, TODAY).alternates == 1


def test_unfilled_vacancy_while_alternates_wait(store: Store, place: Place) -> None:
    """With stepping-in off, the status still says an alternate should step in (the audit's case)."""
    manual = replace(RULES, term=replace(RULES.term, vacancy_from_alternates=False))
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        rows = members(session, committee.id)
        leave(session, committee, rows[0].id, DAY, "resigned", manual, TODAY)
        assert vacancy_status(session, committee, RULES, TODAY).need == "step_in"


def test_by_election_then_early_below_half(store: Store, place: Place) -> None:
    """第四十一条: once all alternates stepped in, fewer than 50% of the original members (strictly)
    → re-election; at exactly half or more, a vacancy waits for a 补选."""
    with store.transaction() as session:
        votes = [(n, v, ok) for n, v, ok in SEVEN[:6]]  # five elected, one alternate (己)
        committee = seat_committee(session, elect(session, place, votes, seats=5), RULES, TODAY)
        rows = members(session, committee.id)
        leave(session, committee, rows[0].id, DAY, "resigned", RULES, TODAY)  # 己 steps in
        leave(session, committee, rows[1].id, DAY, "deceased", RULES, TODAY)
        status = vacancy_status(session, committee, RULES, TODAY)
        assert (status.sitting, status.alternates, status.vacancies, status.need) == (4, 0, 1, "by_election")
        leave(session, committee, rows[2].id, DAY, "removed", RULES, TODAY)
        assert vacancy_status(session, committee, RULES, TODAY).need == "by_election"  # 3/5 ≥ 1/2
        leave(session, committee, rows[3].id, DAY, "removed", RULES, TODAY)
        status = vacancy_status(session, committee, RULES, TODAY)
        assert (status.sitting, status.need, status.need_zh) == (2, "early", "提前换届")  # 2/5 < 1/2


def test_exactly_half_is_not_below_half(store: Store, place: Place) -> None:
    """"低于原有人数百分之五十": 3 of 6 is not below half."""
    votes = [(n, v, ok) for n, v, ok in SEVEN[:6]]
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, votes, seats=6), RULES, TODAY)
        rows = members(session, committee.id)
        for m in rows[:3]:
            leave(session, committee, m.id, DAY, "resigned", RULES, TODAY)
        status = vacancy_status(session, committee, RULES, TODAY)
        assert (status.original, status.sitting, status.need) == (6, 3, "by_election")


def test_leaving_keeps_the_party_roster_in_step(store: Store, place: Place) -> None:
    """交叉任职 flag (PartyMember.on_committee) follows members who leave and alternates who step in."""
    with store.transaction() as session:
        gone = PartyMember(name="甲", compound_id=place.compound_id, on_committee=True)
        comes = PartyMember(name="己", compound_id=place.compound_id)
        session.add_all([gone, comes])
        session.flush()
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        rows = members(session, committee.id)
        assert rows[0].party_member_id == gone.id
        leave(session, committee, rows[0].id, DAY, "resigned", RULES, TODAY)
        assert not gone.on_committee and comes.on_committee


def test_leave_validated(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        rows = members(session, committee.id)
        with pytest.raises(BadInput, match="未知的离任原因"):
            leave(session, committee, rows[0].id, DAY, "bored", RULES, TODAY)
        with pytest.raises(BadInput, match="晚于今天"):
            leave(session, committee, rows[0].id, TODAY + timedelta(days=1), "resigned", RULES, TODAY)
        with pytest.raises(BadInput, match="早于任期开始"):
            leave(session, committee, rows[0].id, VOTED - timedelta(days=1), "resigned", RULES, TODAY)
        leave(session, committee, rows[0].id, DAY, "resigned", RULES, TODAY)
        with pytest.raises(BadInput, match="已于"):
            leave(session, committee, rows[0].id, DAY, "resigned", RULES, TODAY)
