"""Keys: no shortcut is ambiguous on any page (Qt ignores both and warns "Ambiguous shortcut
overload", which fails a test through pytest-qt's log capture), and Ctrl+Z / Ctrl+Shift+Z
typed inside a form field undo and redo the saved change."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from db.models import Compound
from ui import pages


def _bound(window: QWidget) -> dict[str, list[QObject]]:
    """Every key sequence bound in the window (actions, buttons, QShortcuts) → its owners."""
    found: dict[str, list[QObject]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            found[sequence.toString()].append(action)
    for button in window.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty():
            found[button.shortcut().toString()].append(button)
    for shortcut in window.findChildren(QShortcut):
        for sequence in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            found[sequence.toString()].append(shortcut)
    return found


def _live(owner: QObject) -> bool:
    """Would Qt match this owner's shortcut now (enabled, and its widget shown)?"""
    if isinstance(owner, QAction):
        widgets = [w for w in owner.associatedObjects() if isinstance(w, QWidget)]
        shown = owner.shortcutContext() != Qt.ShortcutContext.WidgetShortcut or any(
            w.isVisible() for w in widgets)
        return owner.isEnabled() and shown
    if isinstance(owner, QAbstractButton):
        return owner.isEnabled() and owner.isVisible()
    if isinstance(owner, QShortcut):
        parent = owner.parent()
        return owner.isEnabled() and isinstance(parent, QWidget) and parent.isVisible()
    return False


def _close_new_windows(window: QWidget) -> None:
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and widget.isWindow():
            widget.close()
    QApplication.processEvents()


def test_no_ambiguous_shortcut_on_any_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for spec in pages.PAGES:
        window.show_page(spec.key, {})
        page = window.page(spec.key)

        def loaded(page=page) -> bool:  # type: ignore[no-untyped-def]
            # a page's own keys count once its data is in (议事 enables 新增事项 then)
            return bool(getattr(page, "is_loaded", getattr(page, "loaded", True)))

        qtbot.waitUntil(loaded, timeout=20000)
        qtbot.wait(50)
        bound = _bound(window)
        live = {keys: [o for o in owners if _live(o)] for keys, owners in bound.items()}
        clashes = {keys: owners for keys, owners in live.items() if len(owners) > 1}
        assert not clashes, (spec.key, clashes)
        # press every key bound twice anywhere: Qt itself would warn if both were live
        for keys, owners in bound.items():
            if len(owners) < 2 or not keys:
                continue
            combination = QKeySequence(keys)[0]
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
            target = QApplication.focusWidget() or window
            QTest.keyClick(target, combination.key(), combination.keyboardModifiers())
            qtbot.wait(30)
            _close_new_windows(window)


def test_ctrl_z_in_a_form_field_undoes_the_saved_change(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.page("compounds")
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.compound_id is not None, timeout=10000)
    compound_id = page.detail.compound_id
    field = page.detail.overview.editors["address"]
    with window.ctx.store.session() as session:
        before = session.get(Compound, compound_id).address
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    field.end(False)
    QTest.keyClicks(field, " No.8")
    QTest.keyClick(field, Qt.Key.Key_Return)  # saved (written in the background)

    def stored() -> str:
        with window.ctx.store.session() as session:
            return session.get(Compound, compound_id).address or ""

    changed = (before or "") + " No.8"
    qtbot.waitUntil(lambda: stored() == changed, timeout=10000)
    qtbot.waitUntil(lambda: field.text() == changed, timeout=10000)
    assert QApplication.focusWidget() is field

    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored() == (before or ""), timeout=10000)
    qtbot.waitUntil(lambda: field.text() == (before or ""), timeout=10000)

    QTest.keyClick(field, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored() == changed, timeout=10000)
    qtbot.waitUntil(lambda: field.text() == changed, timeout=10000)

    # typing not yet saved is the field's own to undo first
    QTest.keyClicks(field, "X")
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == changed
    qtbot.wait(200)
    assert stored() == changed


def test_delivery_date_is_the_shared_date_field_saved_and_undone(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """交付日期 reads a typed date as every date field does (what it read shown beside it), is
    saved when taken, and Ctrl+Z in it undoes the saved change."""
    from datetime import date

    from ui.date_edit import DateEdit

    window.resize(1366, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page = window.page("compounds")
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.compound_id is not None, timeout=10000)
    compound_id = page.detail.compound_id
    edit = page.detail.overview.editors["delivered_on"]
    assert isinstance(edit, DateEdit)
    with window.ctx.store.session() as session:
        before = session.get(Compound, compound_id).delivered_on

    def stored() -> date | None:
        with window.ctx.store.session() as session:
            return session.get(Compound, compound_id).delivered_on

    field = edit.field
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    field.selectAll()
    QTest.keyClicks(field, "2019-3-7")
    assert edit.shown.text() == "2019年3月7日 周四"  # read before leaving the field
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored() == date(2019, 3, 7), timeout=10000)
    assert field.text() == "2019-03-07" and QApplication.focusWidget() is field

    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored() == before, timeout=10000)
    qtbot.waitUntil(lambda: edit.value() == before, timeout=10000)
    QTest.keyClick(field, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored() == date(2019, 3, 7), timeout=10000)
    qtbot.waitUntil(lambda: edit.value() == date(2019, 3, 7), timeout=10000)
