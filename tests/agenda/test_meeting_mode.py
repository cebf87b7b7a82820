"""Meeting mode: a whole meeting typed at the table without the mouse, every field autosaved,
and the typed text surviving a SIGKILL of the process mid-entry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app import agenda, meetings
from db.models import AgendaItem, MeetingItem
from db.models.local import OutboxEntry
from db.store import Store, open_store
from tests.agenda.conftest import District
from tests.agenda.typing import ime_type
from tests.agenda.ui_helpers import make_ctx, meeting_with_items
from ui.agenda.meeting_mode import MeetingMode
from ui.agenda.meetings_widget import MeetingsWidget

ROOT = Path(__file__).resolve().parents[2]


def test_full_meeting_by_keyboard(qtbot: QtBot, qtmodeltester, store: Store, district: District,
                                  data_dir: Path) -> None:
    meeting_id, (heard, discussed) = meeting_with_items(store, district)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    with qtbot.waitActive(mode):  # shortcuts (Ctrl+Enter) go to the active window
        mode.show()
        mode.activateWindow()
    qtmodeltester.check(mode.attendance)
    qtmodeltester.check(mode.items_model)
    # Attendance: tick the first attendee with the space bar.
    mode.attendance_view.setFocus()
    mode.attendance_view.setCurrentIndex(mode.attendance.index(0))
    qtbot.keyClick(mode.attendance_view, Qt.Key.Key_Space)
    # Item 1 (楼道堆物, still at 听): positions, Enter moves to the next field.
    assert mode.item_title.text() == "楼道堆物"
    first = mode.position_edits["party_branch"]
    first.setFocus()
    ime_type(first, "支持清理")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert mode.focusWidget() is mode.position_edits["committee"]
    ime_type(mode.position_edits["committee"], "同意")
    mode.decision.setFocus()
    ime_type(mode.decision, "物业三天内清理楼道")
    qtbot.keyClick(mode.decision, Qt.Key.Key_Tab)
    assert mode.focusWidget() is mode.responsible
    ime_type(mode.responsible, "物业企业")
    qtbot.keyClick(mode.responsible, Qt.Key.Key_Return)
    assert mode.focusWidget() is mode.deadline.field
    mode.deadline.setDate(QDate(2026, 3, 20))
    qtbot.keyClick(mode.deadline, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # Decided: the item is at 定 with the meeting linked; mode moved on to item 2.
    with store.session() as s:
        item = s.get(AgendaItem, heard)
        assert item is not None
        assert (item.stage, item.meeting_id, item.decision, item.responsible_party, item.deadline) == (
            "decide", meeting_id, "物业三天内清理楼道", "物业企业", date(2026, 3, 20))
        assert agenda.positions_of(item) == {"committee": "同意", "party_branch": "支持清理"}
    assert mode.item_title.text() == "夜间停车难"
    # Item 2: deciding without a deadline is refused and shown; nothing moves.
    ime_type(mode.decision, "东门划临时车位")
    ime_type(mode.responsible, "业委会")
    qtbot.keyClick(mode.responsible, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "办理期限" in mode.item_error.text()
    mode.deadline.setDate(QDate(2026, 3, 1))  # the raised date itself is allowed
    qtbot.keyClick(mode.deadline, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # Minutes typed last; leaving the field (Ctrl+L to the sign-in list) saves them at once.
    mode.minutes.setFocus()
    ime_type(mode.minutes, "会议议定两项")
    qtbot.keyClick(mode.minutes, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert mode.focusWidget() is mode.attendance_view and not mode.has_pending()
    with store.session() as s:
        view = meetings.meeting_view(s, meeting_id)
        second = s.get(AgendaItem, discussed)
        assert second is not None and second.stage == "decide" and second.deadline == date(2026, 3, 1)
    assert view.minutes == "会议议定两项"
    first_listed = mode.attendance.rows[0].name  # the one ticked with the space bar
    assert {a.name: a.signed_in for a in view.attendees} == {
        "李主任": first_listed == "李主任", "王书记": first_listed == "王书记"}
    assert [i.stage for i in view.items] == ["decide", "decide"]
    assert not mode.decide_button.isEnabled()  # a decided item is read-only at the table


def test_deadline_before_raised_date_is_shown_not_saved(qtbot: QtBot, store: Store,
                                                        district: District) -> None:
    meeting_id, _items = meeting_with_items(store, district)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    mode.deadline.setDate(QDate(2026, 2, 1))  # raised 2026-03-01
    assert "早于提出日期" in mode.item_error.text()
    with store.session() as s:
        row = s.get(MeetingItem, mode.view.items[0].id)
        assert row is not None and row.deadline is None


def test_refused_deadline_is_not_shown_as_set_and_deciding_repeats_why(
        qtbot: QtBot, store: Store, district: District) -> None:
    """A typed deadline the item refuses leaves the field and the item without one, the reason
    on screen; Ctrl+Enter then says that reason, not "需要填写办理期限"."""
    meeting_id, _items = meeting_with_items(store, district)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    with qtbot.waitActive(mode):
        mode.show()
        mode.activateWindow()
    mode.deadline.field.setFocus()
    qtbot.keyClicks(mode.deadline.field, "20260201")  # raised 2026-03-01
    qtbot.keyClick(mode.deadline.field, Qt.Key.Key_Return)
    refusal = mode.item_error.text()
    assert "早于提出日期" in refusal
    assert mode.current_item() is not None and mode.current_item().deadline is None  # type: ignore[union-attr]
    assert mode.deadline.value() is None and mode.deadline.field.text() == ""
    assert "早于提出日期" in mode.deadline.message()
    mode.decision.setFocus()
    ime_type(mode.decision, "清理楼道")
    qtbot.keyClick(mode.decision, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert mode.item_error.text() == refusal
    with store.session() as s:
        row = s.get(MeetingItem, mode.view.items[0].id)
        assert row is not None and row.deadline is None


def test_meetings_page_lists_and_opens(qtbot: QtBot, qtmodeltester, store: Store,
                                       district: District, data_dir: Path) -> None:
    meeting_id, _items = meeting_with_items(store, district)
    page = MeetingsWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.reload()
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 1
    page.place.setText("第五园党群服务站")
    assert page.create_meeting() is None and "小区" in page.error.text()  # no compound picked
    page.compound.set_compound(district.garden)
    new_id = page.create_meeting()
    assert new_id is not None and page.model.rowCount() == 2
    assert page.selected_meeting() is not None and page.selected_meeting().id == new_id  # type: ignore[union-attr]
    mode = page.open_meeting_mode(meeting_id, full_screen=False)
    qtbot.addWidget(mode)
    assert mode.view.id == meeting_id and len(mode.view.items) == 2


def test_typing_is_saved_once_typing_pauses_or_focus_leaves(
        qtbot: QtBot, store: Store, district: District) -> None:
    """Autosave is debounced: keystrokes do not each commit (and fill the outbox); leaving the
    field, or the idle timer, commits the whole text once."""
    meeting_id, _items = meeting_with_items(store, district)
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    heard = mode.view.items[0].id  # the meeting's row for the first item
    with store.session() as s:
        before = s.scalar(select(func.count()).select_from(OutboxEntry))
    mode.decision.setFocus()
    ime_type(mode.decision, "物业三天内清理")
    assert mode.has_pending()
    with store.session() as s:
        row = s.get(MeetingItem, heard)
        assert row is not None and row.decision == ""  # nothing committed per keystroke
    mode.flush_pending()  # what the idle timer, a focus-out or closing the window does
    assert not mode.has_pending()
    with store.session() as s:
        row = s.get(MeetingItem, heard)
        assert row is not None and row.decision == "物业三天内清理"
        after = s.scalar(select(func.count()).select_from(OutboxEntry))
    assert after is not None and before is not None and after - before <= 3
    ime_type(mode.responsible, "物业")
    qtbot.waitUntil(lambda: not mode.has_pending(), timeout=5000)  # the idle timer fired
    with store.session() as s:
        row = s.get(MeetingItem, heard)
        assert row is not None and row.responsible_party == "物业"


def test_typed_text_survives_sigkill(store: Store, district: District, data_dir: Path) -> None:
    """The typist pauses after 9 characters (see meeting_mode_entry); the kill comes in that
    pause, AFTER the 400 ms autosave debounce has passed but with the field still focused."""
    meeting_id, _items = meeting_with_items(store, district)
    store.close()
    text = "由物业在东门划定临时停车位并公示"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.agenda.meeting_mode_entry", str(data_dir), meeting_id, text],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    typed = 0
    with process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("typed "):
                typed = int(line.split()[1])
                if typed == 9:  # mid-entry: focus still in the field, nothing closed
                    break
        time.sleep(1.5)  # past the 400 ms debounce, inside the typist's 5 s pause
        process.send_signal(signal.SIGKILL)
        _out, errors = process.communicate(timeout=30)
    assert typed == 9, errors
    assert process.returncode == -signal.SIGKILL
    reopened = open_store(data_dir, actor="tester")
    try:
        with reopened.session() as s:
            view = meetings.meeting_view(s, meeting_id)
    finally:
        reopened.close()
    saved = view.items[0].decision
    assert saved.startswith(text[:9]) and text.startswith(saved)
