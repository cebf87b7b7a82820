"""A first election's assembly adopts the 管理规约 and the 业主大会议事规则 (民法典第二百七十八条
第一款第一项、第二项; both are filed with the committee, 指导规则第三十三条): each needs a passed
owners' vote linked to the election."""

from __future__ import annotations

from app.owners_votes.first_assembly import first_assembly_problem
from app.owners_votes.records import VoteInput, record_vote
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.procedure.conftest import Place

RULES = load_rules()


def _election(session, place: Place, kind: str = "first") -> Election:
    election = Election(compound_id=place.compound_id, kind=kind)
    session.add(election)
    session.flush()
    return election


def _statute(session, place: Place, election: Election, subject: str, yes: int = 7) -> None:
    record_vote(session, VoteInput(compound_id=place.compound_id, subject=subject, title=subject,
                                   election_id=election.id, voted_owners=9, voted_area_m2="1000",
                                   yes_owners=yes, yes_area_m2="800"), RULES)


def test_both_statutes_missing_are_named(store: Store, place: Place) -> None:
    with store.transaction() as session:
        problem = str(first_assembly_problem(session, _election(session, place), RULES))
    assert "管理规约" in problem and "业主大会议事规则" in problem


def test_one_passed_statute_leaves_the_other(store: Store, place: Place) -> None:
    with store.transaction() as session:
        election = _election(session, place)
        _statute(session, place, election, "management_statute")
        problem = str(first_assembly_problem(session, election, RULES))
    assert "业主大会议事规则" in problem and "管理规约、" not in problem


def test_a_failed_vote_does_not_adopt(store: Store, place: Place) -> None:
    """过半数 is strict: 4 of 9 owners agreeing does not adopt the rules of procedure."""
    with store.transaction() as session:
        election = _election(session, place)
        _statute(session, place, election, "management_statute")
        _statute(session, place, election, "procedure_rules", yes=4)
        assert "业主大会议事规则" in str(first_assembly_problem(session, election, RULES))
        _statute(session, place, election, "procedure_rules", yes=5)
        assert first_assembly_problem(session, election, RULES) is None


def test_a_vote_of_another_election_does_not_count(store: Store, place: Place) -> None:
    with store.transaction() as session:
        other, election = _election(session, place, "reelection"), _election(session, place)
        _statute(session, place, other, "management_statute")
        _statute(session, place, other, "procedure_rules")
        assert first_assembly_problem(session, election, RULES) is not None
        assert first_assembly_problem(session, other, RULES) is None  # only first elections ask
