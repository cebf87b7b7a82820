"""Keyboard through an election: after a step or a sign-off the panel rebuilds its buttons, and
the focus lands on the next thing to do (the sign-off button, the next step), never nowhere."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_focus_follows_the_steps_of_an_election(window, qtbot) -> None:
    from app import profile

    with window.ctx.store.transaction() as session:  # the signer's name, confirmed when signing
        profile.save_own_profile(session, "张三", "党建指导员", "坂田街道办事处",
                                 user=window.ctx.store.actor)
    window.resize(1366, 768)
    window.activateWindow()
    window.show_page("elections", {})
    page = window.page("elections")
    model = page.proxy
    row = next(r for r in range(model.rowCount())
               if model.index(r, 2).data() == "换届选举" and model.index(r, 3).data() == "申请")
    page.view.setCurrentIndex(model.index(row, 0))
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view_data is not None)
    step = panel.move_buttons[0]
    step.setFocus()
    QTest.keyClick(step, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.sign_button.isVisible())
    assert QApplication.focusWidget() is panel.sign_button
    sign = panel.sign_button
    assert sign is not None
    QTest.keyClick(sign, Qt.Key.Key_Space)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.sign_button.isEnabled()  # no decision chosen beforehand
    if dialog.draft.law_failures or dialog.draft.district_failures:  # the demo's data fails it
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        assert window.focusWidget() is panel.sign_button
        return
    dialog.approve.setChecked(True)
    dialog.confirm.setChecked(True)
    assert dialog.sign_button.isEnabled(), dialog.notice.text()
    QTest.keyClick(dialog.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    focus = window.focusWidget()  # offscreen, the window is not re-activated after the dialog
    assert focus is not None and focus.isVisible()
    assert focus is (panel.move_buttons[0] if panel.move_buttons else panel.tabs.tabBar())
