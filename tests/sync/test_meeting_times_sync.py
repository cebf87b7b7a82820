"""A meeting's start and end (status and both times) travel to a colleague's laptop through a
real server (SQLite and PostgreSQL), as every other field of a meeting does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from app import meetings
from db.models import Meeting
from tests.sync.conftest import Device
from tests.sync.test_sync_basics import add_compound


def test_start_and_end_times_reach_the_other_device(make_device: Callable[[str], Device]) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    started, ended = datetime(2026, 3, 12, 11, 32, tzinfo=UTC), datetime(2026, 3, 12, 13, 5, tzinfo=UTC)
    with a.store.transaction() as s:
        meeting_id = meetings.create_meeting(
            s, compound_id=compound_id, kind="joint", held_at=datetime(2026, 3, 12, 11, 30, tzinfo=UTC)).id
    with a.store.transaction() as s:
        meetings.start_meeting(s, meeting_id, now=started)
    with a.store.transaction() as s:
        meetings.end_meeting(s, meeting_id, now=ended)
    a.sync()
    b.sync()
    with b.store.session() as s:
        row = s.get(Meeting, meeting_id)
        assert row is not None
        assert (row.status, row.started_at, row.ended_at) == ("closed", started, ended)
