"""A meeting from planned to printed minutes with the keyboard only: the compound typed as pinyin
initials in the 新建会议 form, the new meeting selected and opened with Enter, attendance ticked
(the cursor starts there), the meeting started (F5), items decided with a typed deadline
(Ctrl+Enter), one more item put on the table (Ctrl+I, Enter), the meeting ended (F8) and the
minutes printed (Ctrl+P). Every key goes to the widget that has the focus."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app import meetings
from db.models import AgendaItem, Meeting
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.typing import ime_type
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.meeting_mode import MeetingMode
from ui.agenda.meetings_widget import MeetingsWidget

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), k, modifier)


def test_meeting_from_planned_to_printed_minutes_by_keyboard(
        qtbot: QtBot, store: Store, district: District, data_dir: Path, tmp_path: Path) -> None:
    heard = item_at(store, district.garden, "listen", title="楼道堆物")
    discussed = item_at(store, district.garden, "discuss", title="夜间停车难")
    ctx = make_ctx(store, data_dir)
    page = MeetingsWidget(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.reload()

    # 新建会议: compound by initials + Enter, Tab through kind, day (+1), time, place, Enter.
    page.compound.setFocus()
    qtbot.keyClicks(focused(), "wkdwy")
    key(qtbot, Qt.Key.Key_Return)
    assert page.compound.compound_id() == district.garden
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.kind
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.held_on.field
    page.held_on.field.selectAll()
    qtbot.keyClicks(focused(), "+1")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.place
    qtbot.keyClicks(focused(), "Room 3")
    key(qtbot, Qt.Key.Key_Return)
    new = page.selected_meeting()
    assert new is not None and new.status == "planned" and focused() is page.table
    with store.session() as s:
        view = meetings.meeting_view(s, new.id)
    assert [i.agenda_item_id for i in view.items] == [heard, discussed]  # queued as the agenda
    assert {a.role for a in view.attendees} >= {"committee"}
    late = item_at(store, district.garden, "listen", title="垃圾分类点异味")  # raised after

    # Enter on the selected meeting opens meeting mode.
    key(qtbot, Qt.Key.Key_Return)
    mode = page.mode
    assert isinstance(mode, MeetingMode)
    qtbot.addWidget(mode)
    with qtbot.waitActive(mode):
        mode.activateWindow()
    assert focused() is mode.attendance_view  # the focus order starts at attendance
    key(qtbot, Qt.Key.Key_Space)  # tick the first attendee
    assert mode.attendance.rows[0].signed_in
    key(qtbot, Qt.Key.Key_F5)  # start: the cursor goes to the first item's first position
    assert mode.view.status == "open" and mode.view.started_at is not None
    assert focused() is next(iter(mode.position_edits.values()))

    # Item 1: a position, the decision, the responsible party, a typed deadline, Ctrl+Enter.
    ime_type(focused(), "支持清理")
    mode.decision.setFocus()
    ime_type(focused(), "物业三天内清理楼道")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is mode.responsible
    ime_type(focused(), "物业企业")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is mode.deadline.field
    qtbot.keyClicks(focused(), "+14")
    assert "年" in mode.deadline.shown.text()  # read before leaving the field
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert mode.item_title.text() == "夜间停车难"

    # Item 2 the same way, the deadline as 8 digits.
    ime_type(focused(), "同意划线")
    mode.decision.setFocus()
    ime_type(focused(), "东门划临时车位")
    key(qtbot, Qt.Key.Key_Tab)
    ime_type(focused(), "业委会")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "20270115")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert mode.item_error.text() == ""

    # Ctrl+I then Enter puts the item raised since on the table.
    key(qtbot, Qt.Key.Key_I, CTRL)
    assert focused() is mode.add_box
    key(qtbot, Qt.Key.Key_Return)
    assert [i.agenda_item_id for i in mode.view.items][-1] == late
    assert mode.item_title.text() == "垃圾分类点异味"

    # Minutes, end (F8), print (Ctrl+P).
    key(qtbot, Qt.Key.Key_J, CTRL)
    ime_type(focused(), "会议议定两项，一项转下次会议")
    key(qtbot, Qt.Key.Key_F8)
    assert mode.view.status == "closed" and focused() is mode.print_button
    from ui.printing.preview import _open_windows

    before = set(_open_windows)
    key(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(set(_open_windows) - before) == 1, timeout=30_000)
    window = next(iter(set(_open_windows) - before))
    qtbot.addWidget(window)
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(window.pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.replace(" ", "").replace("\n", "")
    assert "物业三天内清理楼道" in text and "东门划临时车位" in text
    assert "2027年1月15日" in text
    assert "定稿" not in text  # final minutes, not a draft

    with store.session() as s:
        meeting = s.get(Meeting, new.id)
        assert meeting is not None and meeting.status == "closed"
        assert meeting.started_at is not None and meeting.ended_at is not None
        assert meeting.minutes == "会议议定两项，一项转下次会议"
        stages = {i.id: i.stage for i in s.query(AgendaItem).filter(AgendaItem.id.in_([heard, discussed, late]))}
    assert stages == {heard: "decide", discussed: "decide", late: "listen"}


def test_tab_walks_the_numbered_parts_in_order(qtbot: QtBot, store: Store, district: District) -> None:
    """From attendance (①) Tab reaches the items (②), each party's position (③), the decision
    (④), the minutes (⑤) and the meeting's buttons, in that order."""
    from tests.agenda.ui_helpers import meeting_with_items

    meeting_id, _items = meeting_with_items(store, district)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    with qtbot.waitActive(mode):
        mode.show()
        mode.activateWindow()
    assert focused() is mode.attendance_view
    seen: list[QWidget] = []
    for _ in range(40):
        key(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    wanted = [mode.items_view, *mode.position_edits.values(), mode.decision, mode.responsible,
              mode.deadline.field, mode.decide_button, mode.minutes, mode.start_button,
              mode.large_text, mode.leave_button]
    positions = [seen.index(widget) for widget in wanted]
    assert positions == sorted(positions), [w.objectName() for w in seen]
