"""The branch's yearly evaluations (评价权) and the dashboard figures."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from app import evaluations
from app.errors import BadInput
from db.models import BranchCompound
from db.store import Store
from tests.ratings.conftest import Place

FULL = {"W1": "20", "W2": "18", "W3": "20", "W4": "15.5", "W5": "16"}


def test_record_update_and_dashboard_figures(store: Store, place: Place) -> None:
    with store.transaction() as session:
        first = evaluations.record_evaluation(
            session, compound_id=place.compound_id, target="committee", year=2025, answers=FULL,
            comments="履职规范", evaluator="王书记", evaluated_on=date(2025, 12, 20))
        assert first.score == Decimal("89.5") and first.branch_id == place.branch_id
        again = evaluations.record_evaluation(
            session, compound_id=place.compound_id, target="committee", year=2025,
            answers={**FULL, "W5": "6"}, comments="满意度下降", evaluator="王书记",
            evaluated_on=date(2025, 12, 28))
        assert again.id == first.id and again.score == Decimal("79.5")
        assert json.loads(again.answers_json)["W5"] == "6"
        evaluations.record_evaluation(
            session, compound_id=place.other_compound_id, target="company", year=2025,
            answers={"P1": "10", "P2": "10", "P3": "10", "P4": "10", "P5": "10"}, comments="",
            evaluator="张委员", evaluated_on=date(2026, 1, 5))
    with store.session() as session:
        figures = evaluations.dashboard_figures(session, 2025)
        assert figures.compounds_with_branch == 2
        assert (figures.committee_evaluated, figures.company_evaluated) == (1, 1)
        assert figures.committee_average == Decimal("79.50")
        assert figures.low_scores == ((place.other_compound_id, "第五园二期", "company",
                                       Decimal("50")),)
        assert evaluations.dashboard_figures(session, 2024).committee_average is None
        assert [e.target for e in evaluations.evaluations_for_compound(
            session, place.compound_id)] == ["committee"]


@pytest.mark.parametrize(
    ("answers", "message"),
    [({**FULL, "W3": "21"}, "W3 项得分须在 0 至 20 之间"),
     ({k: v for k, v in FULL.items() if k != "W2"}, "W2 项“重大事项提交业主大会表决"),
     ({**FULL, "W9": "1"}, "没有这些题目：W9"),
     ({**FULL, "W1": "二十"}, "“二十”不是数字")],
)
def test_bad_answers_are_refused(store: Store, place: Place, answers: dict[str, str],
                                 message: str) -> None:
    with store.transaction() as session, pytest.raises(BadInput, match=message):
        evaluations.record_evaluation(
            session, compound_id=place.compound_id, target="committee", year=2025,
            answers=answers, comments="", evaluator="王书记", evaluated_on=date(2025, 12, 1))


def test_a_compound_without_a_branch_cannot_be_evaluated(store: Store, place: Place) -> None:
    with store.transaction() as session:
        for link in session.query(BranchCompound).filter_by(compound_id=place.compound_id):
            session.delete(link)
    with store.transaction() as session, pytest.raises(BadInput, match="没有党支部"):
        evaluations.record_evaluation(
            session, compound_id=place.compound_id, target="company", year=2025,
            answers={"P1": "10", "P2": "10", "P3": "10", "P4": "10", "P5": "10"}, comments="",
            evaluator="王书记", evaluated_on=date(2025, 12, 1))
        assert [c[0] for c in evaluations.compounds_with_branch(session)] == [
            place.other_compound_id]
