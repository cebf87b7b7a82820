"""Finding an election by typing: its compound's pinyin initials find it as in the global
search, and Enter (or ↓) goes from the search box to the hit, whose election is then shown;
Esc empties the box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.search import pinyin_forms


def _page(window):
    window.resize(1366, 768)
    window.activateWindow()
    window.show_page("elections", {})
    return window.page("elections")


def _shown(page) -> list[str]:
    return [page.model.record(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).compound
            for r in range(page.proxy.rowCount())]


def test_initials_find_the_election_and_enter_opens_the_top_hit(window, qtbot) -> None:
    page = _page(window)
    wanted = page.model.record(page.model.rowCount() - 1)
    _full, initials = pinyin_forms(wanted.compound)
    page.search.setFocus()
    QTest.keyClicks(page.search, initials)
    shown = _shown(page)
    assert wanted.compound in shown and len(shown) < page.model.rowCount()
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert window.focusWidget() is page.view
    top = page.model.record(page.proxy.mapToSource(page.proxy.index(0, 0)).row())
    qtbot.waitUntil(lambda: page.panel.election_id == top.election_id)
    assert page.panel.title.text().startswith(top.compound)


def test_down_moves_from_the_search_into_the_list(window, qtbot) -> None:
    page = _page(window)
    wanted = page.model.record(1)
    page.search.setFocus()
    page.search.setText(wanted.compound)
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    assert window.focusWidget() is page.view
    current = page.model.record(page.proxy.mapToSource(page.view.currentIndex()).row())
    assert current.compound == wanted.compound
    page.search.setText("没有这个小区")  # nothing found: the key stays in the box
    page.search.setFocus()
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert page.proxy.rowCount() == 0 and window.focusWidget() is page.search
    QTest.keyClick(page.search, Qt.Key.Key_Escape)  # Esc: the whole list again
    assert page.search.text() == "" and page.proxy.rowCount() == page.model.rowCount()
