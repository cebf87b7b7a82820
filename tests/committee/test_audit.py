"""The audit of sitting committees against [term] (app/audit/committee.py): each violation kind
on a store built to break it."""

from __future__ import annotations

from datetime import date, timedelta

from app.audit.committee import audit_committee
from app.audit.messages import message_zh
from app.audit.registry import FAMILIES, Family, run_audit
from app.committee import filing
from app.committee.officers import record_first_meeting
from app.committee.records import members
from app.committee.seating import seat_committee
from app.committee.vacancies import leave
from db.models import Election
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect
from tests.committee.test_seating import SEVEN

MINE = (Family("committee", audit_committee),)


def _codes(session, today: date = TODAY) -> dict[str, str]:
    report = run_audit(session, RULES, today, MINE)
    for finding in report.findings:
        assert message_zh(finding) != finding.code  # every code is worded
    return {f.code: f.severity for f in report.findings}


def _seat(session, place: Place, **kw):
    committee = seat_committee(session, elect(session, place, SEVEN, **kw), RULES, TODAY)
    rows = members(session, committee.id)
    return committee, rows


def test_registered() -> None:
    assert any(f.run is audit_committee for f in FAMILIES)


def test_first_meeting_late_or_missing(store: Store, place: Place) -> None:
    """指导规则第三十二条: first meeting within 7 days of the election."""
    with store.transaction() as session:
        committee, rows = _seat(session, place, party=("甲", "乙", "丙"))
        assert "committee.first_meeting_missing" not in _codes(session, VOTED + timedelta(days=7))
        assert _codes(session, VOTED + timedelta(days=8))["committee.first_meeting_missing"] == "violation"
        record_first_meeting(session, committee, VOTED + timedelta(days=9), rows[0].id, [], TODAY + timedelta(days=30))
        codes = _codes(session, VOTED + timedelta(days=20))
        assert codes["committee.first_meeting_late"] == "violation"
        assert "committee.first_meeting_missing" not in codes
        committee.first_meeting_on = VOTED + timedelta(days=7)
        assert "committee.first_meeting_late" not in _codes(session, VOTED + timedelta(days=20))


def test_filing_incomplete_once_filed(store: Store, place: Place) -> None:
    """指导规则第三十三条: a committee on record as filed has the materials and both receipts."""
    with store.transaction() as session:
        committee, _ = _seat(session, place)
        assert "committee.filing_incomplete" not in _codes(session)
        election = session.get(Election, committee.election_id)
        election.stage = "filed"
        assert _codes(session)["committee.filing_incomplete"] == "violation"
        for m in RULES.term.materials_for("first"):
            filing.set_material(committee, m.key, m.required, RULES)
        filing.record_receipt(committee, "housing", TODAY, TODAY)
        assert "committee.filing_incomplete" in _codes(session)
        filing.record_receipt(committee, "street", TODAY, TODAY)
        assert "committee.filing_incomplete" not in _codes(session)
        election.filed_on = TODAY
        late = VOTED + timedelta(days=31)
        committee.filing_street_on = late
        assert _codes(session, late)["committee.filing_receipt_late"] == "violation"
        committee.filing_street_on = VOTED + timedelta(days=30)
        assert "committee.filing_receipt_late" not in _codes(session, late)
        election.historical = True
        committee.filing_street_on = None
        assert _codes(session)["committee.filing_incomplete"] == "info"


def test_property_staff_and_party_hints(store: Store, place: Place) -> None:
    """[term.checks]: property staff blocking → violation; party share and 交叉任职 hints → info."""
    with store.transaction() as session:
        _seat(session, place, property_staff=("乙",))
        codes = _codes(session)
        assert codes["committee.property_staff"] == "violation"
        assert codes["committee.party_share"] == "info"
        assert codes["committee.cross_serving"] == "info"


def test_vacancy_open_while_alternates_wait(store: Store, place: Place) -> None:
    """深圳条例第四十一条: a vacancy is filled from the alternates."""
    with store.transaction() as session:
        _, rows = _seat(session, place)
        rows[0].left_on, rows[0].left_reason = VOTED, "resigned"  # recorded past the service
        assert _codes(session)["committee.vacancy_unfilled"] == "violation"


def test_below_half_calls_for_reelection(store: Store, place: Place) -> None:
    """深圳条例第四十一条: below half after all alternates stepped in → re-election; a by-election
    need is information only (district setting)."""
    with store.transaction() as session:
        committee, rows = _seat(session, place)
        for m in rows[:3]:  # 己 and 庚 step in for two of them
            leave(session, committee, m.id, VOTED, "resigned", RULES, TODAY)
        assert _codes(session)["committee.by_election_due"] == "info"
        for m in rows[3:5]:
            leave(session, committee, m.id, VOTED, "resigned", RULES, TODAY)
        assert _codes(session)["committee.early_reelection_due"] == "violation"
        session.add(Election(compound_id=place.compound_id, kind="early", stage="application"))
        session.flush()
        assert _codes(session)["committee.early_reelection_due"] == "info"


def test_term_ended_without_reelection(store: Store, place: Place) -> None:
    """指导规则第三十二条: a term is at most five years; an active committee past it is a finding."""
    with store.transaction() as session:
        _seat(session, place)
        assert "committee.term_ended" not in _codes(session, date(2031, 3, 1))
        assert _codes(session, date(2031, 3, 2))["committee.term_ended"] == "violation"
        seat_committee(session, elect(session, place, SEVEN, kind="reelection",
                                      voted=date(2031, 2, 1)), RULES, TODAY)
        assert "committee.term_ended" not in _codes(session, date(2031, 3, 2))
