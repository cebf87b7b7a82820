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
        width = window.minimumSizeHint().width()
        if width > SCREEN[0] or window.width() > SCREEN[0]:
            problems.append(f"{spec.key}: minimum width {width}, window {window.width()}")
        problems += [f"{spec.key}: {cut}" for cut in _clipped_headers(page)]
        assert window.grab().save(str(SHOTS / f"fit_{language}_{spec.key}.png"))
    finish_background_work()
    assert not problems, "\n".join(problems)
