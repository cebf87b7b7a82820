"""The elections page at 特大 text (130 %) in English fits 1366 pixels without scrolling
sideways: the panel's header and its widest form rows (a label, a check box, a date, a button
and a hint on one line) had asked for more than the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import finish_background_work
from tests.ui.test_fits_small_screen import SCREEN, SHOTS, _needed_width


@pytest.fixture
def english_130(qapp: QApplication) -> Iterator[None]:
    from ui import i18n
    from ui.font_size import DEFAULT_SCALE, apply_font_scale

    i18n.install_translators(qapp, "en")
    apply_font_scale(qapp, 130)
    yield
    apply_font_scale(qapp, DEFAULT_SCALE)
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()


def _widest(widget: QWidget, depth: int = 0) -> list[str]:
    """The chain of widest minimum sizes under `widget` (what to fix when this fails)."""
    children = [c for c in widget.findChildren(QWidget) if c.parentWidget() is widget and c.isVisible()]
    if not children or depth > 12:
        return []
    top = max(children, key=lambda c: c.minimumSizeHint().width())
    return [f"{type(top).__name__}#{top.objectName()} {top.minimumSizeHint().width()}",
            *_widest(top, depth + 1)]


def test_elections_page_fits_unscrolled(english_130: None, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    window.show_page("elections", {})
    page = window.page("elections")
    qtbot.waitUntil(lambda: bool(getattr(page, "is_loaded", True)), timeout=20000)
    page.select(page.model.record(0).election_id)  # a title and a countdown on show
    qtbot.waitUntil(lambda: page.panel.view_data is not None, timeout=20000)
    qtbot.wait(300)
    finish_background_work()
    needed = _needed_width(window)
    assert needed <= SCREEN[0], "\n".join([str(needed), *_widest(window.stack)])
    assert window.page_scroll.horizontalScrollBar().maximum() == 0
    for tab in range(page.panel.tabs.count()):  # every tab, not only the one on show
        assert page.panel.tabs.widget(tab).minimumSizeHint().width() <= 700, tab
    SHOTS.mkdir(exist_ok=True)
    for tab in (0, 2, 3, 4):
        page.panel.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
        assert window.page_scroll.horizontalScrollBar().maximum() == 0, tab
        window.grab().save(str(SHOTS / f"fit_en_130_elections_tab{tab}.png"))
