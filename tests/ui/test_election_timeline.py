"""The stage timeline of a long election kind (换届: eleven stages) wraps onto more lines rather
than widening the window past a 1366×768 screen."""

from __future__ import annotations

from app.elections.stages import STAGE_NAMES
from ui.elections.timeline import StageTimeline


def test_a_long_timeline_wraps_instead_of_widening(qtbot) -> None:
    timeline = StageTimeline()
    qtbot.addWidget(timeline)
    stages = tuple(STAGE_NAMES)
    timeline.show_stages(stages, stages[3], False)
    one_line = sum(chip.sizeHint().width() for chip in timeline.chips)
    assert timeline.minimumSizeHint().width() < 400 < one_line
    assert timeline.hasHeightForWidth()
    narrow, wide = timeline.heightForWidth(500), timeline.heightForWidth(one_line + 100)
    assert narrow > wide  # more lines when narrower
    timeline.resize(500, narrow)
    timeline.show()
    qtbot.wait(10)
    assert all(chip.geometry().right() <= 500 for chip in timeline.chips)
    assert [c.objectName() for c in timeline.chips] == [f"stage_{s}" for s in stages]


def test_the_window_fits_1366_with_a_reelection_open(window, qtbot) -> None:
    window.resize(1366, 768)
    window.show_page("elections", {})
    page = window.page("elections")
    model = page.proxy
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "换届选举")
    page.view.setCurrentIndex(model.index(row, 0))
    qtbot.waitUntil(lambda: page.panel.view_data is not None)
    qtbot.wait(50)
    assert len(page.panel.timeline.chips) >= 10
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366


def test_the_window_fits_1366_on_the_agenda_page(window, qtbot) -> None:
    """The board's seven columns and the item detail fit beside the navigation."""
    window.resize(1366, 768)
    window.show_page("agenda", {})
    page = window.page("agenda")
    qtbot.waitUntil(lambda: page.loaded, timeout=20000)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1366
    assert window.width() <= 1366


def test_the_window_fits_1366_with_first_elections_open(window, qtbot) -> None:
    """A first election shows the 筹备组 tab (its 业主代表公示 hint wraps) and the 业主表决 tab
    page stays inside its tab (never drawn over the current one)."""
    window.resize(1366, 768)
    window.show_page("elections", {})
    page = window.page("elections")
    model = page.proxy
    rows = [r for r in range(model.rowCount()) if model.index(r, 2).data() == "首次选举"][:4]
    assert rows
    for row in rows:
        page.panel.view_data = None
        page.view.setCurrentIndex(model.index(row, 0))
        qtbot.waitUntil(lambda: page.panel.view_data is not None)
        qtbot.wait(30)
        assert window.minimumSizeHint().width() <= 1366
        votes = page.panel.owners_votes
        assert votes.isVisible() == (page.panel.tabs.currentWidget() is votes)
