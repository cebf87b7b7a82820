"""Ctrl+N makes a new record of the page in view: on 议事 a new item (its own 新增事项 button),
elsewhere a new compound — never both at once, which Qt treats as an ambiguous shortcut and
ignores."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_ctrl_n_on_the_agenda_page_opens_a_new_item(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("agenda", {})
    page = window.page("agenda")
    qtbot.waitUntil(lambda: page.new_button.isVisible() and page.new_button.isEnabled(), timeout=20000)
    qtbot.wait(300)  # the page settles (offscreen) before a shortcut is matched
    page.search_edit.setFocus()
    qtbot.wait(50)
    QTest.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # a button's shortcut clicks it after its press animation
    qtbot.waitUntil(lambda: getattr(page, "last_dialog", None) is not None, timeout=2000)
    dialog = page.last_dialog
    assert dialog.isVisible()
    dialog.reject()
    window.show_page("compounds", {})
    assert window.new_compound_action.shortcut().toString() == "Ctrl+N"
    window.activateWindow()  # offscreen, closing the dialog does not give it back
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    compounds = window.page("compounds")
    qtbot.wait(300)
    compounds.view.setFocus()
    qtbot.wait(50)
    QTest.keyClick(compounds.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert compounds.new_dialog is not None and compounds.new_dialog.isVisible()
    compounds.new_dialog.reject()
