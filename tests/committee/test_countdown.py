"""The 换届 countdown: shown from [term.countdown] months before the term ends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.committee.countdown import compound_countdown, countdown, months_before
from app.committee.seating import seat_committee
from db.store import Store
from tests.committee.conftest import RULES, TODAY, Place, elect
from tests.committee.test_seating import SEVEN


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(date(2031, 5, 31), 3) == date(2031, 2, 28)
    assert months_before(date(2031, 3, 1), 3) == date(2030, 12, 1)
    assert months_before(date(2032, 5, 31), 3) == date(2032, 2, 29)


def test_countdown_shows_from_three_months_before(store: Store, place: Place) -> None:
    """Default 3 months (district setting, unverified: national practice holds the re-election
    assembly 3 months before the term ends)."""
    with store.transaction() as session:
        seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)  # term ends 2031-03-01
        assert compound_countdown(session, place.compound_id, RULES, date(2030, 11, 30)) is None
        shown = compound_countdown(session, place.compound_id, RULES, date(2030, 12, 1))
        assert shown is not None and shown.days_left == 90 and not shown.ended
        assert "还有 90 天" in shown.text_zh()
        ended = compound_countdown(session, place.compound_id, RULES, date(2031, 3, 3))
        assert ended is not None and ended.ended and "届满 2 天" in ended.text_zh()
        six = replace(RULES, term=replace(RULES.term, countdown_months=6))
        assert compound_countdown(session, place.compound_id, six, date(2030, 9, 1)) is not None


def test_no_term_end_no_countdown(store: Store, place: Place) -> None:
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        committee.term_end = None
        assert countdown(committee, RULES, TODAY) is None


def test_dashboard_counts_committees_in_their_countdown(store: Store, place: Place) -> None:
    """The dashboard's 换届 figures: in the countdown, ended, and with no re-election started."""
    from app import dashboard
    from db.models import Election

    with store.transaction() as session:
        seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)  # term ends 2031-03-01
        board = dashboard.compute(session, date(2031, 3, 5), RULES)
        assert len(board.terms) == 1 and board.terms_ended == 1 and board.terms_not_started == 1
        session.add(Election(compound_id=place.compound_id, kind="reelection", stage="application"))
        session.flush()
        board = dashboard.compute(session, date(2031, 3, 5), RULES)
        assert board.terms[0].under_way and board.terms_not_started == 0
        assert dashboard.compute(session, date(2030, 6, 1), RULES).terms == []


def test_term_ended_is_recorded_and_still_reminded(store: Store, place: Place) -> None:
    """指导规则第三十二条: a term ends; recording it stops the committee, the compound has none,
    and the countdown still asks for the re-election (the newest committee's term to renew)."""
    import pytest

    from app.audit.committee import audit_committee
    from app.audit.registry import Family, run_audit
    from app.committee.countdown import end_term
    from app.committee.deadlines import term_reminders
    from app.errors import BadInput
    from db.models import Compound

    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        with pytest.raises(BadInput, match="尚未到期"):
            end_term(session, committee, date(2031, 3, 1))
        end_term(session, committee, date(2031, 3, 2))
        assert committee.status == "expired"
        assert session.get(Compound, place.compound_id).committee_status == "expired"
        with pytest.raises(BadInput, match="已不在任"):
            end_term(session, committee, date(2031, 3, 2))
        reminders = term_reminders(session, RULES, date(2031, 3, 9))
        assert [(r.days_left, r.ended) for r in reminders] == [(-8, True)]
        report = run_audit(session, RULES, date(2031, 3, 9), (Family("c", audit_committee),))
        assert [f.code for f in report.violations] == ["committee.term_ended"]
