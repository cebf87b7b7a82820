"""Every page fits a 1366×768 laptop at 100 % scale, in Chinese and in English: after opening each
page the window's minimum width stays within 1,366 pixels (a page that asked for more would force
the window wider than the screen), and no table header's words are cut. Screenshots of every page
in both languages go to screenshots/ (gitignored), to be looked at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from tests.ui.conftest import finish_background_work
from ui import pages

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
SCREEN = (1366, 768)


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from ui import i18n

    i18n.install_translators(qapp, request.param)
    yield request.param
    for translator in i18n._installed:  # back to the source texts for the tests after this one
        qapp.removeTranslator(translator)
    i18n._installed.clear()


def _clipped_headers(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Headers of shown tables narrower than their own words (a stretched last column aside)."""
    cut = []
    for view in page.findChildren(QTableView):
        if not view.isVisible() or view.model() is None:
            continue
        header = view.horizontalHeader()
        for column in range(header.count()):
            if header.isSectionHidden(column):
                continue
            if header.sectionSize(column) + 1 < header.sectionSizeHint(column):
                text = view.model().headerData(column, header.orientation())
                cut.append(f"{view.objectName()}[{column}] {text!r}: "
                           f"{header.sectionSize(column)} < {header.sectionSizeHint(column)}")
    return cut


def _needed_width(window) -> int:  # type: ignore[no-untyped-def]
    """The width the window needs with the shown page unscrolled: at 100 % no page may lean on
    the page area's scrolling (that is for larger text sizes)."""
    return max(window.minimumSizeHint().width(),
               window.nav.width() + window.stack.minimumSizeHint().width())


@pytest.mark.parametrize("language", ["zh_CN", "en"], indirect=True)
def test_every_page_fits_1366_by_768(language: str, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for spec in pages.PAGES:
        window.show_page(spec.key, {})
        page = window.page(spec.key)

        def loaded(page=page) -> bool:  # type: ignore[no-untyped-def]
            return bool(getattr(page, "is_loaded", getattr(page, "loaded", True)))

        qtbot.waitUntil(loaded, timeout=20000)
        qtbot.wait(150)
        width = _needed_width(window)
        if width > SCREEN[0] or window.width() > SCREEN[0]:
            problems.append(f"{spec.key}: minimum width {width}, window {window.width()}")
        problems += [f"{spec.key}: {cut}" for cut in _clipped_headers(page)]
        assert window.grab().save(str(SHOTS / f"fit_{language}_{spec.key}.png"))
    finish_background_work()
    assert not problems, "\n".join(problems)


@pytest.fixture
def font_scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    from ui.font_size import DEFAULT_SCALE, apply_font_scale

    apply_font_scale(qapp, request.param)
    yield request.param
    apply_font_scale(qapp, DEFAULT_SCALE)


@pytest.mark.parametrize("font_scale", [115, 130], indirect=True)
@pytest.mark.parametrize("language", ["zh_CN", "en"], indirect=True)
def test_larger_text_still_fits_1366(language: str, font_scale: int, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 大 and 特大 (设置 → 显示 → 字号) the window still fits a 1366-pixel screen on every
    page: at 大 every page fits unscrolled; at 特大 a page wider than the screen scrolls instead
    of widening the window, and nothing is cut off (the page area's scroll bar reaches it all)."""
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    SHOTS.mkdir(exist_ok=True)
    problems = []
    for spec in pages.PAGES:
        window.show_page(spec.key, {})
        page = window.page(spec.key)
        qtbot.waitUntil(lambda page=page: bool(getattr(page, "is_loaded", True)), timeout=20000)
        qtbot.wait(100)
        width = window.minimumSizeHint().width()
        if width > SCREEN[0] or window.width() > SCREEN[0]:
            problems.append(f"{spec.key}: minimum width {width}, window {window.width()}")
        if font_scale <= 115 and _needed_width(window) > SCREEN[0]:  # 大 fits without scrolling
            problems.append(f"{spec.key}: needs {_needed_width(window)} px unscrolled")
        scroll = window.page_scroll
        if scroll.horizontalScrollBar().maximum() + scroll.viewport().width() < \
                window.stack.minimumSizeHint().width():
            problems.append(f"{spec.key}: part of the page cannot be scrolled to")
        assert window.grab().save(str(SHOTS / f"fit_{language}_{font_scale}_{spec.key}.png"))
    finish_background_work()
    assert not problems, "\n".join(problems)
