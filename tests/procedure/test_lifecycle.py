"""The lifecycle stage drives the expected work ([procedure.lifecycle], district settings):
拆迁改造期 no election; 孕育期/出生期 the first assembly is prepared (first elections only)."""

from __future__ import annotations

import pytest

from app.elections import service
from app.errors import BadInput
from app.lifecycle_work import election_start_problem, expected_work
from app.rules import load_rules
from db.models import Compound
from db.store import Store
from tests.procedure.conftest import TODAY, make_place

RULES = load_rules()


def test_no_election_while_demolished_or_rebuilt(store: Store) -> None:
    place = make_place(store, stage="拆迁改造期")
    with store.transaction() as session, pytest.raises(BadInput, match="拆迁改造期，不开展业委会选举"):
        service.create_election(session, place.compound_id, "first", 7, RULES, TODAY)


@pytest.mark.parametrize("stage", ["孕育期", "出生期"])
def test_early_stages_prepare_a_first_election_only(stage: str) -> None:
    compound = Compound(name="新盘", lifecycle_stage=stage)
    assert election_start_problem(compound, "first", RULES) is None
    problem = election_start_problem(compound, "reelection", RULES)
    assert problem is not None and "只可开展首次选举" in str(problem)
    english = problem.text("en")
    assert "only a first election can be held" in english.lower(), english
    assert any("筹备" in work for work in expected_work(compound, RULES))


def test_mature_compound_allows_every_kind() -> None:
    compound = Compound(name="老盘", lifecycle_stage="成熟期")
    for kind in ("first", "reelection", "by_election", "early"):
        assert election_start_problem(compound, kind, RULES) is None
