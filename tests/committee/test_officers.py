"""The first meeting and its officers (指导规则第三十二条: within 7 days, 主任 and 副主任)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.committee.officers import (
    first_meeting_due,
    first_meeting_late_days,
    first_meeting_problem,
    record_first_meeting,
)
from app.committee.records import members
from app.committee.seating import seat_committee
from app.errors import BadInput
from db.store import Store
from tests.committee.conftest import RULES, TODAY, VOTED, Place, elect
from tests.committee.test_seating import SEVEN


def test_seated_needs_the_first_meeting_and_a_director(store: Store, place: Place) -> None:
    """指导规则第三十二条: the first meeting chooses the 主任 and 副主任 — no seating before it."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        assert "还没有业委会记录" in str(first_meeting_problem(session, election, RULES, TODAY))
        committee = seat_committee(session, election, RULES, TODAY)
        assert "尚未登记业委会首次会议" in str(first_meeting_problem(session, election, RULES, TODAY))
        rows = members(session, committee.id)
        record_first_meeting(session, committee, VOTED + timedelta(days=1), rows[0].id,
                             [rows[1].id, rows[2].id], TODAY)
        assert first_meeting_problem(session, election, RULES, TODAY) is None
        assert [m.role for m in rows[:4]] == ["director", "deputy", "deputy", "member"]
        rows[0].role = "member"  # no director any more
        assert "尚未推选业委会主任" in str(first_meeting_problem(session, election, RULES, TODAY))


def test_late_meeting_allowed_but_counted(store: Store, place: Place) -> None:
    """A meeting after the 7 days ([term.first_meeting] days) is recorded; the audit reports it."""
    with store.transaction() as session:
        election = elect(session, place, SEVEN)
        committee = seat_committee(session, election, RULES, TODAY)
        assert first_meeting_due(committee, RULES) == VOTED + timedelta(days=7)
        rows = members(session, committee.id)
        late = VOTED + timedelta(days=10)
        record_first_meeting(session, committee, late, rows[0].id, [], late)
        assert first_meeting_problem(session, election, RULES, late) is None
        assert first_meeting_late_days(committee, RULES) == 3
        committee.first_meeting_on = VOTED + timedelta(days=7)
        assert first_meeting_late_days(committee, RULES) == 0


def test_officers_must_be_seated_members(store: Store, place: Place) -> None:
    """An alternate holds no seat (深圳条例第四十一条) so cannot be an officer; dates are real."""
    with store.transaction() as session:
        committee = seat_committee(session, elect(session, place, SEVEN), RULES, TODAY)
        rows = members(session, committee.id)
        alternate = next(m for m in rows if m.role == "alternate")
        with pytest.raises(BadInput, match="主任须是在任委员"):
            record_first_meeting(session, committee, TODAY, alternate.id, [], TODAY)
        with pytest.raises(BadInput, match="主任不能同时是副主任"):
            record_first_meeting(session, committee, TODAY, rows[0].id, [rows[0].id], TODAY)
        with pytest.raises(BadInput, match="晚于今天"):
            record_first_meeting(session, committee, TODAY + timedelta(days=1), rows[0].id, [], TODAY)
        with pytest.raises(BadInput, match="早于选举产生之日"):
            record_first_meeting(session, committee, date(2026, 2, 1), rows[0].id, [], TODAY)
        assert committee.first_meeting_on is None
