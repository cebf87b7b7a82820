"""Meetings: attendance, positions, decisions moving items to 定 with the meeting linked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app import agenda, meetings
from app.errors import BadInput
from db.models import AgendaItem, Meeting
from db.store import Store
from tests.agenda.conftest import NOW, District, item_at
from tests.agenda.ui_helpers import meeting_with_items

HELD = datetime(2026, 3, 12, 11, 30, tzinfo=UTC)


def _meeting(store: Store, compound_id: str) -> str:
    with store.transaction() as s:
        return meetings.create_meeting(
            s, compound_id=compound_id, kind="三方联席会议", held_at=HELD, place="党群服务中心"
        ).id


def test_full_meeting_decides_items(store: Store, district: District) -> None:
    heard = item_at(store, district.garden, "listen", title="楼道堆物")
    discussed = item_at(store, district.garden, "discuss", title="夜间停车难")
    meeting_id = _meeting(store, district.garden)
    with store.transaction() as s:
        a = meetings.add_attendee(s, meeting_id, name="王书记", role="party_branch")
        meetings.add_attendee(s, meeting_id, name="李主任", role="业委会")
        meetings.set_signed_in(s, a.id, True)
        first = meetings.add_item(s, meeting_id, heard).id
        second = meetings.add_item(s, meeting_id, discussed).id
    with store.transaction() as s:
        meetings.set_position(s, first, "property", "三天内清理")
        meetings.set_position(s, first, "committee", "同意")
        meetings.update_meeting_item(
            s, first, decision="物业三天内清理楼道", responsible_party="物业企业",
            deadline=date(2026, 3, 15),
        )
        meetings.update_meeting(s, meeting_id, minutes="议题一：楼道堆物……", status="open")
    with store.transaction() as s:
        meetings.decide_item(s, first, now=NOW)
    with store.session() as s:
        item = s.get(AgendaItem, heard)
        assert item is not None
        assert (item.stage, item.meeting_id, item.decision, item.deadline) == (
            "decide", meeting_id, "物业三天内清理楼道", date(2026, 3, 15),
        )
        assert agenda.positions_of(item) == {"committee": "同意", "property": "三天内清理"}
        assert [e.to_stage for e in agenda.timeline(s, heard)] == ["listen", "discuss", "decide"]
        view = meetings.meeting_view(s, meeting_id)
    assert [i.title for i in view.items] == ["楼道堆物", "夜间停车难"]
    assert [(a.name, a.signed_in) for a in view.attendees] == [("李主任", False), ("王书记", True)]
    assert view.minutes.startswith("议题一")
    # The second item has no decision yet: the state machine refuses, nothing moves.
    with pytest.raises(BadInput, match="决定内容"), store.transaction() as s:
        meetings.decide_item(s, second, now=NOW)
    with store.session() as s:
        item = s.get(AgendaItem, discussed)
        assert item is not None and item.stage == "discuss"


def test_decided_item_cannot_be_decided_again(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "discuss")
    meeting_id = _meeting(store, district.garden)
    with store.transaction() as s:
        row = meetings.add_item(s, meeting_id, item_id)
        meetings.update_meeting_item(
            s, row.id, decision="d", responsible_party="物业", deadline=date(2026, 3, 20)
        )
        meetings.decide_item(s, row.id, now=NOW)
    with pytest.raises(BadInput, match="不能再由会议决定"), store.transaction() as s:
        meetings.decide_item(s, row.id, now=NOW)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, m, i: meetings.add_attendee(s, m, name=" ", role="police"), "姓名不能为空"),
        (lambda s, m, i: meetings.add_attendee(s, m, name="张", role="mayor"), "未知的参会身份"),
        (lambda s, m, i: meetings.update_meeting(s, m, kind="茶话会"), "未知的会议类型"),
        (lambda s, m, i: meetings.add_item(s, m, i), "只有「听」「议」"),
    ],
)
def test_meeting_bad_input(store: Store, district: District, call, message: str) -> None:  # type: ignore[no-untyped-def]
    meeting_id = _meeting(store, district.garden)
    closed = item_at(store, district.garden, "closed")
    with pytest.raises(BadInput, match=message), store.transaction() as s:
        call(s, meeting_id, closed)


def test_item_of_other_compound_refused(store: Store, district: District) -> None:
    meeting_id = _meeting(store, district.garden)
    other = item_at(store, district.hill, "listen")
    with pytest.raises(BadInput, match="不属于"), store.transaction() as s:
        meetings.add_item(s, meeting_id, other)


def test_meeting_deadline_before_raised_refused(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "listen", raised_on=date(2026, 3, 8))
    meeting_id = _meeting(store, district.garden)
    with store.transaction() as s:
        row_id = meetings.add_item(s, meeting_id, item_id).id
    with pytest.raises(BadInput, match="早于提出日期"), store.transaction() as s:
        meetings.update_meeting_item(s, row_id, deadline=date(2026, 3, 1))


def test_list_meetings(store: Store, district: District) -> None:
    meeting_id = _meeting(store, district.garden)
    with store.session() as s:
        rows = meetings.list_meetings(s, compound_id=district.garden)
        assert [r.id for r in rows] == [meeting_id]
        assert rows[0].title == "万科第五园三方联席会议"
        assert meetings.list_meetings(s, compound_id=district.hill) == []
        assert s.get(Meeting, meeting_id) is not None


def test_status_set_as_a_field_records_its_times(store: Store, district: District) -> None:
    """update_meeting(status=...) goes through start/end: the times are kept, backwards refused."""
    opened = datetime(2026, 3, 12, 11, 35, tzinfo=UTC)
    closed = datetime(2026, 3, 12, 12, 40, tzinfo=UTC)
    meeting_id, _items = meeting_with_items(store, district)
    with store.transaction() as s:
        meetings.update_meeting(s, meeting_id, status="open", now=opened)
    with store.transaction() as s:
        meetings.update_meeting(s, meeting_id, status="closed", now=closed, minutes="散会")
    with store.session() as s:
        meeting = meetings.get_meeting(s, meeting_id)
        assert (meeting.status, meeting.started_at, meeting.ended_at, meeting.minutes) == (
            "closed", opened, closed, "散会")
    for status, code in (("planned", "meeting.cannot_replan"), ("open", "meeting.cannot_start_closed")):
        with pytest.raises(BadInput) as refused, store.transaction() as s:
            meetings.update_meeting(s, meeting_id, status=status, minutes="改了")
        assert refused.value.code == code
    with store.session() as s:
        assert meetings.get_meeting(s, meeting_id).minutes == "散会"  # nothing changed
    other, _ = meeting_with_items(store, district)
    with store.transaction() as s:  # planned straight to ended: both times recorded
        meetings.update_meeting(s, other, status="closed", now=closed)
    with store.session() as s:
        meeting = meetings.get_meeting(s, other)
        assert (meeting.started_at, meeting.ended_at) == (closed, closed)


def test_ended_meeting_is_in_my_work_until_two_weeks_after(store: Store, district: District) -> None:
    """我的待办: an ended meeting's minutes are due a week after it, listed for two weeks."""
    from datetime import timedelta

    from app import my_work
    from app.rules import load_rules
    from ui.my_work.model import what_text

    recent, _ = meeting_with_items(store, district)
    old, _ = meeting_with_items(store, district)
    today = date(2026, 3, 20)
    for meeting_id, ended_on in ((recent, date(2026, 3, 17)), (old, date(2026, 3, 5))):
        end = datetime.combine(ended_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=4)
        with store.transaction() as s:
            meetings.start_meeting(s, meeting_id, now=end - timedelta(hours=2))
            meetings.end_meeting(s, meeting_id, now=end)
    with store.session() as s:
        work = my_work.my_work(s, load_rules(), today)
    due = [r for r in work.rows if r.what == my_work.MINUTES_DUE]
    assert [(r.filters["meeting_id"], r.due) for r in due] == [(recent, date(2026, 3, 24))]
    assert what_text(due[0]).endswith("会议纪要待打印")
