"""Dates a crafted push (the server holds the checkpoints, not seated/filed) or a stale record can
carry past the client's guards: a first meeting or a filing receipt dated before the election's
result. The audit names each — never counting it as a meeting held or a filing received in time."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.audit.committee import audit_committee
from app.audit.messages import message_zh
from app.audit.registry import Family, run_audit
from app.committee import filing
from app.committee.records import members
from app.committee.seating import seat_committee
from db.models import Election
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect, place

__all__ = ["place"]
MINE = (Family("committee", audit_committee),)
SEVEN = [("甲", 12, True), ("乙", 11, True), ("丙", 10, True), ("丁", 9, True), ("戊", 8, True),
         ("己", 7, True), ("庚", 6, True), ("辛", 2, False)]


def _codes(session: Session, today: date = TODAY) -> dict[str, str]:
    report = run_audit(session, RULES, today, MINE)
    for finding in report.findings:
        assert message_zh(finding) != finding.code  # every code is worded
    return {f.code: f.severity for f in report.findings}


def test_a_first_meeting_before_the_election_is_named(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        assert members(session, committee.id)
        committee.first_meeting_on = VOTED - timedelta(days=3)
        codes = _codes(session, VOTED + timedelta(days=20))
        assert codes.get("committee.first_meeting_early") == "violation", codes


def test_a_filing_receipt_before_the_result_is_named(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        committee.first_meeting_on = VOTED + timedelta(days=2)
        election = session.get_one(Election, committee.election_id)
        election.stage, election.filed_on = "filed", VOTED + timedelta(days=10)
        for m in RULES.term.materials_for("first"):
            filing.set_material(committee, m.key, True, RULES)
        committee.filing_housing_on = VOTED + timedelta(days=10)
        committee.filing_street_on = VOTED - timedelta(days=40)  # a receipt of an earlier filing
        codes = _codes(session, VOTED + timedelta(days=20))
        assert codes.get("committee.filing_receipt_early") == "violation", codes
        committee.filing_street_on = VOTED + timedelta(days=10)
        assert "committee.filing_receipt_early" not in _codes(session, VOTED + timedelta(days=20))
