"""Properties of the tally that hold for any register and any ballots."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.elections.tally import count
from app.rules import load_rules

RULES = load_rules()
NAMES = ["甲", "乙", "丙", "丁", "戊"]

unit_rows = st.lists(
    st.tuples(
        st.integers(0, 14),  # owner number (several parts may share one)
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
        st.booleans(),  # developer unsold
    ),
    min_size=1, max_size=40,
)


@st.composite
def elections(draw: st.DrawFn) -> tuple[list, list]:
    rows = draw(unit_rows)
    # The developer's unsold parts carry one id, so each owner id is one voter.
    register = [
        (f"u{i}", "DEV" if unsold else f"o{owner}", area, unsold)
        for i, (owner, area, unsold) in enumerate(rows)
    ]
    owners = sorted({owner_id for _, owner_id, _, _ in register})
    voters = draw(st.lists(st.sampled_from(owners), unique=True)) if owners else []
    ballots = [
        (owner_id, ";".join(draw(st.lists(st.sampled_from(NAMES), unique=True))), None)
        for owner_id in voters
    ]
    return register, ballots


@settings(max_examples=150, deadline=None)
@given(elections())
def test_counts_never_exceed_the_register(case: tuple[list, list]) -> None:
    register, ballots = case
    result = count(register, ballots, RULES, "election", seats=5)
    assert result.participating_owners <= result.total_owners <= len(register)
    assert result.participating_area <= result.total_area == sum(a for _, _, a, _ in register)
    for candidate in result.candidates:
        assert candidate.yes_owners <= result.participating_owners
        assert candidate.yes_area <= result.participating_area
    assert len(result.elected) <= 5


@settings(max_examples=150, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_ballots_and_units_changes_nothing(case: tuple[list, list], rnd: random.Random) -> None:
    register, ballots = case
    expected = count(register, ballots, RULES, "election", seats=3).as_json()
    register2, ballots2 = list(register), list(ballots)
    rnd.shuffle(register2)
    rnd.shuffle(ballots2)
    assert count(register2, ballots2, RULES, "election", seats=3).as_json() == expected


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(NAMES), st.data())
def test_adding_a_yes_vote_never_unpasses_a_candidate(
    case: tuple[list, list], name: str, data: st.DataObject
) -> None:
    register, ballots = case
    before = {c.name: c.passed for c in count(register, ballots, RULES, "election").candidates}
    voted = {owner_id for owner_id, _, _ in ballots}
    owner_ids = sorted({owner_id for _, owner_id, _, _ in register})
    # A yes for `name`: either a new voter approving only `name`, or an existing voter adding it.
    target = data.draw(st.sampled_from(owner_ids))
    if target in voted:
        ballots = [
            (o, v if o != target or name in v.split(";") else ";".join([*filter(None, v.split(";")), name]), c)
            for o, v, c in ballots
        ]
    else:
        ballots = [*ballots, (target, name, None)]
    after = {c.name: c.passed for c in count(register, ballots, RULES, "election").candidates}
    if before.get(name):
        assert after[name]

