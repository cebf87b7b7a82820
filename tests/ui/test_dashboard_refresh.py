"""F5 on the dashboard: the figures are worked out on a worker thread and handed over as a
Qt-side table model (painting it calls no Python); a refresh keeps the caseworker's column
widths and the selected row, and the widest text still fits its column."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel

from ui.pages.dashboard_page import VALUE_ROLE


def test_refresh_keeps_widths_and_row(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_page("dashboard", {})
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    assert isinstance(page.model, QStandardItemModel)
    header = page.table.horizontalHeader()
    metrics = page.table.fontMetrics()
    for column in range(page.model.columnCount()):  # every cell's text fits (bold rows too)
        widest = max(metrics.horizontalAdvance(str(page.model.index(r, column).data()))
                     for r in range(page.model.rowCount()))
        assert header.sectionSize(column) >= widest, column
    header.resizeSection(0, header.sectionSize(0) + 37)  # the caseworker widens 街道
    wide = header.sectionSize(0)
    page.table.setCurrentIndex(page.model.index(2, 0))
    first = page.model
    page.is_loaded = False
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: page.is_loaded and page.model is not first, timeout=20000)
    assert header.sectionSize(0) == wide
    assert page.table.currentIndex().row() == 2
    assert page.print_button.isEnabled()  # the selected street can still be printed
    assert page.model.index(0, 2).data(VALUE_ROLE) == page.board.streets[0].compounds
    assert page.model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()  # a street's total row
    assert page.status.text() == ""  # "正在统计…" gone once the figures are in
