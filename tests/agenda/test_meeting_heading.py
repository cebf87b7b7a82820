"""Meeting mode's heading shows a long meeting title whole at 1366×768 (it wraps, never cut)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from app import meetings
from db.store import Store
from tests.agenda.conftest import District
from tests.agenda.ui_helpers import meeting_with_items
from ui.agenda.meeting_mode import MeetingMode

LONG_TITLE = ("中央花园北区二〇二六年第四季度业主大会筹备工作暨物业服务质量评议"
              "与公共收益使用情况通报联席会议（第二次扩大会议）")


def test_long_title_is_shown_whole(qtbot: QtBot, store: Store, district: District,
                                   data_dir: Path) -> None:
    meeting_id, _items = meeting_with_items(store, district)
    with store.transaction() as s:
        meetings.update_meeting(s, meeting_id, title=LONG_TITLE)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    mode.resize(1366, 768)
    mode.show()
    qtbot.waitExposed(mode)
    heading = mode.heading
    assert LONG_TITLE in heading.text() and heading.toolTip() == heading.text()
    needed = heading.fontMetrics().boundingRect(
        QRect(0, 0, heading.contentsRect().width(), 10_000),
        int(Qt.TextFlag.TextWordWrap), heading.text())
    assert needed.height() <= heading.contentsRect().height()  # every line of it on screen
    assert mode.minimumSizeHint().width() <= 1366
