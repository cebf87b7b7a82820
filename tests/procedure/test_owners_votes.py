"""Owners' votes (业主表决): the dual-threshold tally of Civil Code Art. 278(2) on recorded
figures, exact at every boundary, and the recording rules (yes ≤ voted ≤ total)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.errors import BadInput
from app.owners_votes.outcome import outcome_of
from app.owners_votes.records import VoteInput, list_votes, record_vote, register_totals
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.procedure.conftest import REGISTER_AREA, REGISTER_OWNERS, Place

RULES = load_rules()
D = Decimal


def decide(voted: int, yes: int, matter: str, *, voted_area: str = "900", yes_area: str = "800",
           total: int = 12, total_area: str = "1200") -> bool:
    return outcome_of(total, D(total_area), voted, D(voted_area), yes, D(yes_area), matter,
                      RULES).passed


def test_quorum_two_thirds_of_owners_includes_the_bound() -> None:
    """民法典第二百七十八条第二款: 人数占比三分之二以上的业主参与表决 — 8 of 12 is exactly 2/3 (met),
    7 of 12 is not."""
    assert decide(8, 8, "ordinary", voted_area="1200", yes_area="1200")
    assert not decide(7, 7, "ordinary", voted_area="1200", yes_area="1200")


def test_quorum_two_thirds_of_area_includes_the_bound() -> None:
    """民法典第二百七十八条第二款: 专有部分面积占比三分之二以上 — 800 of 1200 m² is exactly 2/3,
    799.99 is not."""
    assert decide(12, 12, "ordinary", voted_area="800", yes_area="800")
    assert not decide(12, 12, "ordinary", voted_area="799.99", yes_area="799.99")


def test_ordinary_matter_needs_strictly_more_than_half() -> None:
    """民法典第二百七十八条第二款: 其他事项经参与表决人数过半数、面积过半数同意 — exactly half fails."""
    assert not decide(10, 5, "ordinary", voted_area="1000", yes_area="600")  # 5/10 owners
    assert decide(10, 6, "ordinary", voted_area="1000", yes_area="600")
    assert not decide(10, 6, "ordinary", voted_area="1000", yes_area="500")  # 500/1000 m²
    assert decide(10, 6, "ordinary", voted_area="1000", yes_area="500.01")


def test_major_matter_needs_three_quarters_inclusive() -> None:
    """民法典第二百七十八条第二款: 第六项至第八项经参与表决面积四分之三以上且人数四分之三以上同意 —
    exactly 3/4 passes, just under fails, on each count."""
    assert decide(12, 9, "major", voted_area="1200", yes_area="900")  # 9/12, 900/1200
    assert not decide(12, 8, "major", voted_area="1200", yes_area="900")
    assert not decide(12, 9, "major", voted_area="1200", yes_area="899.99")
    # the same figures pass as an ordinary matter: the threshold, not the figures, differs
    assert decide(12, 8, "ordinary", voted_area="1200", yes_area="899.99")


def test_figures_out_of_order_never_pass() -> None:
    """A colleague's row with yes > voted (not enterable here) is not a passed vote."""
    assert not decide(9, 10, "ordinary", voted_area="1000", yes_area="900")
    assert not outcome_of(12, D(1200), 12, D(1200), 12, D(1200), "unknown", RULES).passed


def test_reason_names_each_failed_count() -> None:
    outcome = outcome_of(12, D(1200), 7, D(700), 7, D(700), "ordinary", RULES)
    reason = outcome.reason_zh()
    assert "参与表决人数未达" in reason and "参与表决面积未达" in reason


def test_totals_come_from_the_register(store: Store, place: Place) -> None:
    """Owners and area counted as the tally counts them (法释〔2009〕7号: one buyer one owner, the
    developer's unsold parts one owner)."""
    with store.transaction() as session:
        assert register_totals(session, place.compound_id, RULES) == (REGISTER_OWNERS, REGISTER_AREA)
        vote = record_vote(session, VoteInput(
            compound_id=place.compound_id, subject="other", title="增设充电桩",
            voted_owners=9, voted_area_m2="1000", yes_owners=7, yes_area_m2="800"), RULES)
        assert (vote.total_owners, vote.total_area_m2) == (REGISTER_OWNERS, REGISTER_AREA)


@pytest.mark.parametrize(("changes", "field"), [
    ({"yes_owners": 10}, "yes_owners"),
    ({"voted_owners": 14}, "voted_owners"),
    ({"yes_area_m2": "1000.01"}, "yes_area_m2"),
    ({"voted_area_m2": "9999"}, "voted_area_m2"),
    ({"voted_owners": "九"}, "voted_owners"),
    ({"yes_area_m2": "NaN"}, "yes_area_m2"),
    ({"title": "  "}, "title"),
    ({"matter": "huge"}, "matter"),
    ({"subject": "whatever"}, "subject"),
    ({"subject": "agenda"}, "agenda_item_id"),
    ({"subject": "management_statute"}, "election_id"),
])
def test_a_wrong_figure_is_refused_naming_its_field(store: Store, place: Place,
                                                    changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"compound_id": place.compound_id, "subject": "other", "title": "事项",
                                 "voted_owners": 9, "voted_area_m2": "1000", "yes_owners": 7,
                                 "yes_area_m2": "800", **changes}
    with store.transaction() as session, pytest.raises(BadInput, match=f"（{field}）"):
        record_vote(session, VoteInput(**values), RULES)  # type: ignore[arg-type]


def test_statutes_are_ordinary_matters_of_an_election(store: Store, place: Place) -> None:
    """民法典第二百七十八条第一款第一项、第二项 are decided by 过半数, not as major matters."""
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first")
        session.add(election)
        session.flush()
        with pytest.raises(BadInput, match="（matter）"):
            record_vote(session, VoteInput(
                compound_id=place.compound_id, subject="management_statute", title="管理规约",
                matter="major", election_id=election.id, voted_owners=9, voted_area_m2="1000",
                yes_owners=7, yes_area_m2="800"), RULES)


def test_list_per_compound_and_election_with_outcome(store: Store, place: Place) -> None:
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first")
        session.add(election)
        session.flush()
        for title, yes in (("管理规约", 7), ("议事规则", 4)):
            record_vote(session, VoteInput(
                compound_id=place.compound_id, subject="management_statute" if yes == 7 else "procedure_rules",
                title=title, held_on=date(2026, 3, 1), election_id=election.id, voted_owners=9,
                voted_area_m2="1000", yes_owners=yes, yes_area_m2="800"), RULES)
        record_vote(session, VoteInput(compound_id=place.compound_id, subject="other", title="别的",
                                       voted_owners=9, voted_area_m2="1000", yes_owners=7,
                                       yes_area_m2="800"), RULES)
        by_election = list_votes(session, RULES, election_id=election.id)
        assert [(r.vote.title, r.passed) for r in by_election] == [("管理规约", True), ("议事规则", False)]
        assert len(list_votes(session, RULES, compound_id=place.compound_id)) == 3


def test_correcting_a_vote_keeps_its_id(store: Store, place: Place) -> None:
    with store.transaction() as session:
        data = VoteInput(compound_id=place.compound_id, subject="other", title="事项",
                         voted_owners=9, voted_area_m2="1000", yes_owners=4, yes_area_m2="400")
        vote = record_vote(session, data, RULES)
        data.yes_owners, data.yes_area_m2 = 7, "800"
        again = record_vote(session, data, RULES, vote_id=vote.id)
        assert again.id == vote.id and again.yes_owners == 7
        assert len(list_votes(session, RULES, compound_id=place.compound_id)) == 1


def test_a_huge_number_text_is_refused_unparsed(store: Store, place: Place) -> None:
    with store.transaction() as session, pytest.raises(BadInput, match=r"（voted_area_m2）.*不是合理的面积"):
        record_vote(session, VoteInput(compound_id=place.compound_id, subject="other", title="事项",
                                       voted_owners=9, voted_area_m2="9" * 100_000, yes_owners=7,
                                       yes_area_m2="800"), RULES)


EVERYONE = ["developer", *(f"k{i}" for i in range(1, 13))]  # 13 owners, 1407.25 m²


@pytest.mark.parametrize(("voters", "yes", "matter", "passes"), [
    # all 13 vote; the developer (300 m²), 业主1 (133.75 m²) and 5 more agree: 7/13 and 876.25 m²
    (EVERYONE, EVERYONE[:7], "ordinary", True),
    # 6/13 owners agree although 787.75 m² > half: both counts must pass
    (EVERYONE, EVERYONE[:6], "ordinary", False),
    # 10/13 ≥ 3/4 and 1141.75 m² ≥ 3/4 of 1407.25: passes; 9/13 does not
    (EVERYONE, EVERYONE[:10], "major", True),
    (EVERYONE, EVERYONE[:9], "major", False),
    # 8 of 13 owners take part: below 2/3, no quorum however they vote
    (EVERYONE[:8], EVERYONE[:8], "ordinary", False),
])
def test_a_vote_counted_by_the_tally_is_recorded_with_the_same_outcome(
        store: Store, place: Place, voters: list[str], yes: list[str], matter: str,
        passes: bool) -> None:
    """民法典第二百七十八条: a matter counted from its ballots by the election tally and recorded as
    an owners' vote passes exactly when the tally says it did (one register, one set of
    thresholds)."""
    from app.elections.register import register_rows
    from app.elections.tally import build_register, choose_ballots, tally
    from app.owners_votes.records import from_tally

    with store.transaction() as session:
        register = build_register(register_rows(session, place.compound_id).units, RULES)
        ballots = [(key, "yes" if key in yes else "no", None) for key in voters]
        result = tally(register, choose_ballots(register, ballots, RULES), RULES, matter)
        assert result.passed is passes
        data = from_tally(result, VoteInput(compound_id=place.compound_id, subject="other", title="事项"))
        vote = record_vote(session, data, RULES)
        assert list_votes(session, RULES, compound_id=place.compound_id)[0].passed is passes
        assert (vote.voted_owners, vote.yes_owners) == (len(voters), len(yes))
