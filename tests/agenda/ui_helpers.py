"""Shared set-up for the agenda UI tests: a UiContext on the test store, a meeting with items."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSettings

from app import meetings
from db.store import Store
from tests.agenda.conftest import District, item_at
from ui.context import UiContext


def make_ctx(store: Store, data_dir: Path) -> UiContext:
    settings = QSettings(str(data_dir / "ui-settings.ini"), QSettings.Format.IniFormat)
    return UiContext(store=store, data_dir=data_dir, settings=settings)


def meeting_with_items(store: Store, district: District) -> tuple[str, list[str]]:
    items = [
        item_at(store, district.garden, "listen", title="楼道堆物"),
        item_at(store, district.garden, "discuss", title="夜间停车难"),
    ]
    with store.transaction() as s:
        meeting = meetings.create_meeting(
            s, compound_id=district.garden, kind="joint", place="党群服务站",
            held_at=datetime(2026, 3, 12, 11, 30, tzinfo=UTC),
        )
        meetings.add_attendee(s, meeting.id, name="王书记", role="party_branch")
        meetings.add_attendee(s, meeting.id, name="李主任", role="committee")
        for item_id in items:
            meetings.add_item(s, meeting.id, item_id)
        return meeting.id, items
