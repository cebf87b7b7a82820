"""数据 → 备份与恢复 driven with pytest-qt on a real store: 立即备份 adds a row with its counts,
恢复… asks first and then brings the backed-up data back (the replaced data kept as a backup),
the rotation settings are saved, a damaged file is listed as such and cannot be restored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.backups.making import list_backups, make_backup, policy
from db.models import Compound
from db.store import Store
from tests.backups.test_backup_restore import fill_more
from ui.backups_dialog import BackupsDialog, date_text
from ui.context import UiContext, make_settings
from ui.operations import running_tasks


@pytest.fixture
def ctx(filled: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> Iterator[UiContext]:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    yield UiContext(store=filled, data_dir=data_dir, settings=make_settings())
    for task in running_tasks():
        task.wait(10)


def compounds(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Compound)) or 0)


def test_backup_now_then_restore_with_confirmation(ctx: UiContext, qtbot: QtBot) -> None:
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.isHidden() and not dialog.empty_label.isHidden()
    assert not dialog.restore_button.isEnabled()

    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20000)
    made = list_backups(ctx.data_dir)[0]
    assert made.created is not None
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row[0] == date_text(made.created) and "年" in row[0]
    assert row[1] == "手动" and row[3:] == ["3", "0", "0"]
    assert dialog.restore_button.isEnabled()

    fill_more(ctx.store)
    assert compounds(ctx.store) == 4
    dialog.restore_selected()
    box = dialog.confirm_box
    assert "替换当前数据" in box.text() and "3 个小区" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert compounds(ctx.store) == 4  # cancelled: nothing changed
    assert len(list_backups(ctx.data_dir)) == 1

    def accept_the_result() -> None:
        for widget in dialog.findChildren(QMessageBox):
            if widget.isVisible() and widget is not dialog.confirm_box:
                widget.accept()

    dialog.restore_selected()
    go = next(b for b in dialog.confirm_box.buttons()
              if dialog.confirm_box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.waitUntil(lambda: dialog.confirm_box.isVisible())
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, accept_the_result)  # the modal "已恢复" message
    go.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=20000)
    assert compounds(ctx.store) == 3  # the same Store object now reads the restored data
    kinds = {dialog.table.item(r, 1).text() for r in range(2)}
    assert kinds == {"手动", "恢复前保留"}


def test_keep_settings_are_saved_and_a_damaged_backup_cannot_be_restored(
    ctx: UiContext, qtbot: QtBot,
) -> None:
    made = make_backup(ctx.store, ctx.data_dir, kind="auto")
    data = bytearray(made.path.read_bytes())
    data[10] ^= 0xFF  # the magic: not a backup any more
    made.path.write_bytes(bytes(data))
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.keep["daily"].setValue(3)
    dialog.keep["monthly"].setValue(0)
    assert (policy(ctx.store).daily, policy(ctx.store).monthly) == (3, 0)
    assert dialog.table.item(0, 1).text() == "不是备份文件"
    assert not dialog.restore_button.isEnabled()


def test_automatic_backups_while_running_and_on_close(ctx: UiContext, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.backups_dialog import DailyBackups, automatic_backup

    owner = QWidget()
    qtbot.addWidget(owner)
    daily = DailyBackups(ctx, owner)
    daily.check()  # none yet: one is made, off the UI thread
    qtbot.waitUntil(lambda: len(list_backups(ctx.data_dir)) == 1, timeout=20000)
    for task in running_tasks():
        task.wait(10)
    daily.check()  # the last one is not a day old: nothing more
    for task in running_tasks():
        task.wait(10)
    assert [b.kind for b in list_backups(ctx.data_dir)] == ["auto"]
    made = automatic_backup(ctx)  # what closing the app does
    assert made is not None and made in {b.path for b in list_backups(ctx.data_dir)}


def test_restore_from_a_file_elsewhere_and_a_foreign_file_refused(
    ctx: UiContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import file_dialogs

    elsewhere = tmp_path / "usb" / "copy.cdbackup"
    elsewhere.parent.mkdir()
    make_backup(ctx.store, ctx.data_dir, kind="manual", target=elsewhere)
    foreign = tmp_path / "usb" / "photo.cdbackup"
    foreign.write_bytes(b"\xff\xd8\xff a photo, not a backup")
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    chosen = [foreign]
    monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileName",
                        lambda *_args, **_kw: (str(chosen[0]), ""))
    dialog.restore_from_file()
    refused = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert refused and "不是小区治理工作台的备份文件" in refused[-1].text()
    refused[-1].close()
    fill_more(ctx.store)
    chosen[0] = elsewhere
    dialog.restore_from_file()
    assert "3 个小区" in dialog.confirm_box.text()
    go = next(b for b in dialog.confirm_box.buttons()
              if dialog.confirm_box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    from PySide6.QtCore import QTimer

    def accept_the_result() -> None:
        for widget in dialog.findChildren(QMessageBox):
            if widget.isVisible() and widget is not dialog.confirm_box:
                widget.accept()

    QTimer.singleShot(0, accept_the_result)
    go.click()
    qtbot.waitUntil(lambda: compounds(ctx.store) == 3, timeout=20000)
