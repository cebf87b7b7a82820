"""Filing (备案): the materials checklist and both bodies' receipts (指导规则第三十三条), and the
blocking checks of the elected committee ([term.checks])."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.committee import filing
from app.committee.seating import seat_committee
from app.errors import BadInput
from db.models import OwnersVote
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect
from tests.committee.test_seating import SEVEN


def _tick_all(committee, kind: str) -> None:
    for m in RULES.term.materials_for(kind):
        if m.required:
            filing.set_material(committee, m.key, True, RULES)


def test_checklist_then_receipts_from_both_bodies(store: Store, place: Place) -> None:
    """指导规则第三十三条: 选举情况、管理规约、议事规则 to 区房地产行政主管部门 AND 街道办事处;
    then the first assembly's statute votes and the result's objection period (PROCEDURE)."""
    later = VOTED + timedelta(days=20)
    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        committee = seat_committee(session, election, RULES, TODAY)
        problem = str(filing.filing_problem(session, election, RULES, later))
        assert "备案材料不全" in problem and "管理规约" in problem and "业主大会议事规则" in problem
        assert "其他重大事项" not in problem  # only when the assembly decided such matters
        _tick_all(committee, "first")
        assert "区住房建设部门、街道办事处" in str(filing.filing_problem(session, election, RULES, later))
        filing.record_receipt(committee, "housing", VOTED + timedelta(days=1), TODAY)
        assert "街道办事处" in str(filing.filing_problem(session, election, RULES, later))
        filing.record_receipt(committee, "street", TODAY, TODAY)
        assert filing.filed_complete_on(committee) == TODAY
        assert "首次业主大会还须表决通过" in str(filing.filing_problem(session, election, RULES, later))
        for subject in ("management_statute", "procedure_rules"):
            session.add(OwnersVote(
                compound_id=place.compound_id, election_id=election.id, subject=subject,
                title=subject, held_on=VOTED, total_owners=12, total_area_m2=Decimal("1107.25"),
                voted_owners=12, voted_area_m2=Decimal("1107.25"), yes_owners=12,
                yes_area_m2=Decimal("1107.25")))
        session.flush()
        assert filing.filing_problem(session, election, RULES, later) is None
        assert "异议期" in str(filing.filing_problem(session, election, RULES, VOTED + timedelta(days=2)))
        filing.set_material(committee, "statute", False, RULES)
        assert "管理规约" in str(filing.filing_problem(session, election, RULES, later))


def test_by_election_reports_its_own_list(store: Store, place: Place) -> None:
    """A by-election reports a change (指导规则第三十四条): election record and members' list, and
    the sitting committee's earlier receipts do not count for it."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        _tick_all(committee, "first")
        filing.record_receipt(committee, "housing", TODAY, TODAY)
        filing.record_receipt(committee, "street", TODAY, TODAY)
        by = elect(session, place, [("壬", 10, True)], seats=1, kind="by_election")
        seat_committee(session, by, RULES, TODAY)
        problem = str(filing.filing_problem(session, by, RULES, TODAY))
        assert "备案材料不全" in problem and "管理规约" not in problem and "委员名单" in problem
        assert committee.filing_housing_on is None


def test_receipts_and_materials_validated(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        with pytest.raises(BadInput, match="不在规则文件的清单"):
            filing.set_material(committee, "nonsense", True, RULES)
        with pytest.raises(BadInput, match="晚于今天"):
            filing.record_receipt(committee, "street", TODAY + timedelta(days=1), TODAY)
        with pytest.raises(BadInput, match="早于选举产生之日"):
            filing.record_receipt(committee, "street", VOTED - timedelta(days=1), TODAY)
        with pytest.raises(BadInput, match="未知的备案机关"):
            filing.record_receipt(committee, "police", TODAY, TODAY)
        committee.filing_materials_json = '{"not": "a list"}'
        assert filing.handed_in(committee) == set()


def test_filing_due_thirty_days(store: Store, place: Place) -> None:
    """指导规则第三十三条: within 30 days of the election ([filing] days)."""
    assert filing.filing_due(VOTED, RULES) == VOTED + timedelta(days=30)
    assert filing.filing_due(None, RULES) is None


def test_blocking_check_stops_filing(store: Store, place: Place) -> None:
    """[term.checks.property_staff] blocking: property-company staff on the committee stop filing."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN, property_staff=("乙",))
        committee = seat_committee(session, election, RULES, TODAY)
        _tick_all(committee, "first")
        filing.record_receipt(committee, "housing", TODAY, TODAY)
        filing.record_receipt(committee, "street", TODAY, TODAY)
        found = filing.filing_problem(session, election, RULES, TODAY)
        problem = str(found)
        assert found is not None and "物业服务企业" in problem and "乙" in problem


def test_receipt_before_this_election_is_not_its_filing(store: Store, place: Place) -> None:
    """Each election files its own result (指导规则第三十三条; a by-election's change, 第三十四条):
    a receipt dated before the result belongs to an earlier filing."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        by = elect(session, place, [("壬", 10, True)], seats=1, kind="by_election",
                   voted=VOTED + timedelta(days=10))
        seat_committee(session, by, RULES, TODAY)
        for m in RULES.term.materials_for("by_election"):
            filing.set_material(committee, m.key, True, RULES)
        committee.filing_housing_on = committee.filing_street_on = VOTED + timedelta(days=2)
        later = VOTED + timedelta(days=40)
        assert "早于本次选举结果" in str(filing.filing_problem(session, by, RULES, later))
        committee.filing_housing_on = committee.filing_street_on = VOTED + timedelta(days=12)
        assert filing.filing_problem(session, by, RULES, later) is None
