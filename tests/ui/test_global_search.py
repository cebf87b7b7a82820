"""The toolbar search: street and community names find their compounds; ↓/↑ move through the
hits with the cursor left in the box, Enter opens the highlighted hit (the top one by default)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.search import pinyin_forms


def _shown_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.proxy.compound_id(page.proxy.index(r, 0)) for r in range(page.proxy.rowCount())]


def test_arrows_and_enter_in_the_search_box(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    rows = page.model.rows
    street = rows[0].street_name
    of_street = {r.id for r in rows if r.street_name == street}
    assert 1 < len(of_street) < len(rows)
    box = window.search_box
    box.setFocus()
    qtbot.keyClicks(box, pinyin_forms(street)[1])  # the street's initials
    shown = set(_shown_ids(page))
    assert of_street <= shown, "a street's initials find every compound of that street"

    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert page.view.currentIndex().row() == 1
    assert QApplication.focusWidget() is box  # still typing
    qtbot.keyClick(box, Qt.Key.Key_Up)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    second = _shown_ids(page)[1]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.compound_id == second, timeout=10000)
    assert QApplication.focusWidget() is page.view

    # new text: Enter opens its top hit, whatever was highlighted before
    community = next(r for r in rows if r.id != second).community_name
    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, pinyin_forms(community)[0])  # the community in full pinyin
    top = _shown_ids(page)[0]
    assert {r.community_name for r in rows if r.id == top} == {community} or top in {
        r.id for r in rows if community in r.name}
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.detail.compound_id == top, timeout=10000)
