"""The 打印 menu by keyboard: the arrow keys skip a document that is not ready and its tooltip
never shows, so its text says why (ui/elections/printing.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest


def test_a_document_not_ready_says_why_in_the_menu(window, qtbot) -> None:
    window.resize(1366, 768)
    window.activateWindow()
    window.show_page("elections", {})
    page = window.page("elections")
    tallied = next(page.model.record(r).election_id for r in range(page.model.rowCount())
                   if page.model.record(r).stage == "tallied")
    page.select(tallied)
    qtbot.waitUntil(lambda: page.panel.view_data is not None
                    and page.panel.view_data.election.id == tallied)
    button = page.panel.print_button
    menu = button.menu()
    seen: list[tuple[str, bool]] = []

    def opened() -> None:  # what the caseworker reads in the open menu; then Esc
        seen.extend((a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator())
        QTimer.singleShot(0, lambda: QTest.keyClick(menu, Qt.Key.Key_Escape))

    menu.aboutToShow.connect(opened)
    qtbot.waitActive(window)
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)  # opens the menu
    qtbot.waitUntil(lambda: bool(seen) and not menu.isVisible())
    assert ("打印选票（每位纸质投票业主一张）：投票已结束，不再发放选票", False) in seen
    assert ("打印所选审核记录的关口审核表：先在审核记录中选中一条签署记录", False) in seen
    assert ("打印选举结果公告…", True) in seen
