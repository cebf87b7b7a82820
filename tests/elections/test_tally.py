"""The Civil Code Art. 278 tally at each boundary, counted by the 2009 rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.elections.tally import count
from app.errors import BadInput, describe
from app.rules import load_rules

RULES = load_rules()
D = Decimal


def units(*areas: str) -> list[tuple[str, str, Decimal, bool]]:
    """One part per owner: owner o1..oN with these areas."""
    return [(f"u{i}", f"o{i}", D(a), False) for i, a in enumerate(areas, start=1)]


def yes_votes(n: int, vote: str = "yes", start: int = 1) -> list[tuple[str, str, None]]:
    return [(f"o{i}", vote, None) for i in range(start, start + n)]


# ---------------------------------------------------------------- quorum (≥ 2/3, both)
def test_quorum_met_at_exactly_two_thirds() -> None:
    result = count(units("100", "100", "100"), yes_votes(2), RULES, "ordinary")
    assert result.participating_owners * 3 == result.total_owners * 2
    assert result.participating_area * 3 == result.total_area * 2
    assert result.quorum_met


def test_quorum_missed_by_one_cent_of_area() -> None:
    # owners 2/3 exactly, area 199.99 of 300.00 — just short of 2/3
    result = count(units("100.00", "99.99", "100.01"), yes_votes(2), RULES, "ordinary")
    assert not result.quorum_met
    assert result.missing_owners == 0
    assert result.missing_area == D("0.01")
    assert not result.passed


def test_quorum_needs_owners_and_area() -> None:
    # area is plenty (one big owner), headcount 1 of 3 is not
    result = count(units("1000", "1", "1"), yes_votes(1), RULES, "ordinary")
    assert result.participating_area * 3 > result.total_area * 2
    assert not result.quorum_met and result.missing_owners == 1
    # headcount 2 of 3 is enough, area 2 of 1002 is not
    result = count(units("1000", "1", "1"), yes_votes(2, start=2), RULES, "ordinary")
    assert not result.quorum_met and result.missing_owners == 0
    assert result.missing_area == D("666")


def test_decimal_areas_exact_at_the_bound() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floats; exactly 2/3 of 0.3 is 0.2
    result = count(units("0.1", "0.1", "0.1"), yes_votes(2), RULES, "ordinary")
    assert result.total_area == D("0.3") and result.participating_area == D("0.2")
    assert result.quorum_met


# ---------------------------------------------------------------- election/ordinary (> 1/2)
def test_ordinary_fails_at_exactly_half() -> None:
    register = units("50", "50", "50", "50")
    ballots = yes_votes(2) + yes_votes(2, "no", start=3)
    result = count(register, ballots, RULES, "ordinary")
    assert result.quorum_met and result.yes_owners * 2 == result.participating_owners
    assert not result.passed


def test_ordinary_passes_just_over_half() -> None:
    register = units("50.01", "50", "49.99", "50")
    ballots = yes_votes(3) + yes_votes(1, "no", start=4)
    assert count(register, ballots, RULES, "ordinary").passed
    # half the owners (2 of 4) but more than half the area: still not passed (AND)
    ballots = yes_votes(2) + yes_votes(2, "no", start=3)
    result = count(register, ballots, RULES, "ordinary")
    assert result.yes_area * 2 > result.participating_area and not result.passed


def test_abstain_counts_as_participating_not_yes() -> None:
    register = units("10", "10", "10")
    ballots = [("o1", "yes", None), ("o2", "abstain", None), ("o3", "弃权", None)]
    result = count(register, ballots, RULES, "ordinary")
    assert result.participating_owners == 3 and result.abstain_owners == 2 and not result.passed


def test_election_at_exactly_half_not_elected() -> None:
    register = units("25", "25", "25", "25")
    ballots = [("o1", "甲;乙", None), ("o2", "甲", None), ("o3", "乙", None), ("o4", "", None)]
    result = count(register, ballots, RULES, "election", seats=5)
    by_name = {c.name: c for c in result.candidates}
    assert by_name["甲"].yes_owners == 2 and not by_name["甲"].passed
    assert result.elected == []


# ---------------------------------------------------------------- major (≥ 3/4)
def test_major_passes_at_exactly_three_quarters() -> None:
    register = units("25", "25", "25", "25")
    result = count(register, yes_votes(3) + yes_votes(1, "no", start=4), RULES, "major")
    assert result.yes_owners * 4 == result.participating_owners * 3 and result.passed


def test_major_fails_just_under_three_quarters_of_area() -> None:
    register = units("24.99", "25", "25", "25.01")
    result = count(register, yes_votes(3) + yes_votes(1, "no", start=4), RULES, "major")
    assert result.yes_area == D("74.99") and not result.passed


# ---------------------------------------------------------------- 2009 counting rules
def test_developer_unsold_parts_are_one_owner() -> None:
    register = [
        ("u1", "o1", D("80"), False),
        ("u2", "DEV", D("90"), True),
        ("u3", "DEV-B", D("70"), True),
        ("u4", "", D("60"), True),
    ]
    result = count(register, [("DEV-B", "yes", None)], RULES, "ordinary")
    assert result.total_owners == 2 and result.total_area == D("300")
    assert result.participating_owners == 1 and result.participating_area == D("220")


def test_several_parts_one_owner_one_vote_all_area() -> None:
    register = [("u1", "o1", D("80"), False), ("u2", "o1", D("40.5"), False),
                ("u3", "o2", D("90"), False)]
    result = count(register, [("o1", "yes", None)], RULES, "ordinary")
    assert result.total_owners == 2
    assert result.yes_owners == 1 and result.yes_area == D("120.5")


def test_e_vote_beats_paper_in_either_order() -> None:
    register = units("10", "10", "10")
    for ballots in (
        [("o1", "no", "paper"), ("o1", "yes", "electronic"), ("o2", "yes", "paper")],
        [("o1", "yes", "electronic"), ("o2", "yes", "paper"), ("o1", "no", "paper")],
    ):
        result = count(register, ballots, RULES, "ordinary")
        assert result.superseded == 1 and result.yes_owners == 2 and result.participating_owners == 2


def test_duplicate_ballot_without_channel_names_the_row() -> None:
    with pytest.raises(BadInput) as raised:
        count(units("10", "10"), [("o1", "yes", None), ("o2", "no", None), ("o1", "no", None)],
              RULES, "ordinary")
    assert raised.value.code == "tally.second_ballot" and raised.value.params["owner_id"] == "o1"
    assert str(raised.value).startswith("第 3 张选票，owner_id 列：业主“o1”的第二张选票")
    assert describe(raised.value, "en").startswith(
        "ballot #3, column owner_id: a second ballot for owner “o1”")
    with pytest.raises(BadInput, match="第二张选票"):
        count(units("10", "10"), [("o1", "yes", "paper"), ("o1", "no", "paper")], RULES, "ordinary")


def test_unknown_owner_and_bad_vote_are_bad_input() -> None:
    with pytest.raises(BadInput, match="业主“zz”不在业主名册中"):
        count(units("10"), [("zz", "yes", None)], RULES, "ordinary")
    with pytest.raises(BadInput, match="vote 列：“maybe”"):
        count(units("10"), [("o1", "maybe", None)], RULES, "ordinary")
    with pytest.raises(BadInput, match="不是候选人"):
        count(units("10"), [("o1", "甲;丙", None)], RULES, "election", candidates=["甲", "乙"])
    with pytest.raises(BadInput, match="出现了两次"):
        count([("u1", "o1", D(1), False), ("u1", "o2", D(1), False)], [], RULES, "ordinary")


# ---------------------------------------------------------------- elected, seats, ties
def test_elected_ordered_by_votes_at_most_seats() -> None:
    register = units(*["10"] * 9)
    votes = ["甲;乙"] * 4 + ["甲;丙"] * 2 + ["乙;丙"] * 2 + ["丙"]
    ballots = [(f"o{i}", vote, None) for i, vote in enumerate(votes, 1)]
    result = count(register, ballots, RULES, "election", seats=2)
    assert [(c.name, c.yes_owners) for c in result.candidates] == [("乙", 6), ("甲", 6), ("丙", 5)]
    assert result.elected == ["乙", "甲"]  # 丙 passed too, but there are two seats
    assert all(c.passed for c in result.candidates)


def test_tie_across_last_seat_elects_none_of_the_tied() -> None:
    register = units(*["10"] * 5)
    votes = ["甲;乙", "甲;乙", "乙;丙", "甲;丙", "甲;丙"]
    ballots = [(f"o{i}", vote, None) for i, vote in enumerate(votes, 1)]
    result = count(register, ballots, RULES, "election", seats=2)
    assert result.elected == ["甲"] and sorted(result.tied) == sorted(["乙", "丙"])


def test_a_ballot_naming_more_than_the_seats_is_void_and_an_empty_one_abstains() -> None:
    """Both owners took part (the quorum counts them); neither ballot elects anybody."""
    register = units(*["10"] * 6)
    votes = ["甲;乙", "甲;乙", "甲", "甲;乙;丙", "", "乙"]
    ballots = [(f"o{i}", vote, None) for i, vote in enumerate(votes, 1)]
    result = count(register, ballots, RULES, "election", seats=2, candidates=["甲", "乙", "丙"])
    assert result.participating_owners == 6
    assert result.invalid_ballots == 1 and result.abstaining_ballots == 1
    assert {c.name: c.yes_owners for c in result.candidates} == {"甲": 3, "乙": 3, "丙": 0}
    shown = result.as_json()
    assert shown["invalid_ballots"] == 1 and shown["abstaining_ballots"] == 1
    assert result.elected == []  # 3 of 6 is not more than half


def test_json_areas_are_exact_strings() -> None:
    result = count(units("33.33", "33.33", "33.34"), yes_votes(1), RULES, "ordinary").as_json()
    assert result["total_area"] == "100.00" and result["participating_area"] == "33.33"
    assert result["missing_for_quorum"] == {"owners": 1, "area": "33.34"}
