"""The deadline fields of the stage dialog (转到「定」) and of the item detail (办理期限): what
is typed is read and shown beside the field before anything is saved, and saving takes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from db.models import AgendaItem
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.test_board_and_list import _page
from ui.agenda.stage_dialog import StageDialog
from ui.date_edit import DateEdit


def _deadline(store: Store, item_id: str) -> date | None:
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        return item.deadline


def _type(edit: DateEdit, text: str) -> None:
    edit.field.setFocus()
    edit.field.selectAll()
    QTest.keyClicks(edit.field, text)


def test_stage_dialog_shows_the_typed_deadline_before_saving(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "discuss", title="楼道堆物")
    page = _page(qtbot, store, data_dir)
    dialog = page.request_move(item_id, "decide")
    assert isinstance(dialog, StageDialog)
    qtbot.waitExposed(dialog)
    edit = dialog.fields["deadline"]
    assert isinstance(edit, DateEdit)
    _type(edit, "20270115")
    assert edit.shown.text() == "2027年1月15日 周五" and edit.shown.isVisible()  # before leaving
    assert _deadline(store, item_id) is None  # nothing saved yet
    decision, party = dialog.fields["decision"], dialog.fields["responsible_party"]
    assert isinstance(decision, QPlainTextEdit) and isinstance(party, QLineEdit)
    decision.setPlainText("物业三天内清理")
    party.setText("物业企业")
    dialog.try_accept()
    assert _deadline(store, item_id) == date(2027, 1, 15)


def test_detail_shows_the_typed_deadline_before_saving(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "doing")  # deadline 2026-04-01
    page = _page(qtbot, store, data_dir)
    page.show_detail(item_id)
    edit = page.detail.deadline
    _type(edit, "2026-5-4")
    assert edit.shown.text() == "2026年5月4日 周一" and edit.shown.isVisible()
    assert _deadline(store, item_id) == date(2026, 4, 1)  # not saved by typing
    _type(edit, "2026-3-1")  # earlier than the deadline: refused as typed
    assert "只能延后" in page.detail.progress_error.text()
    _type(edit, "2026-5-4")
    qtbot.mouseClick(page.detail.save_progress, Qt.MouseButton.LeftButton)
    assert _deadline(store, item_id) == date(2026, 5, 4)
