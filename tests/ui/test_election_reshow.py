"""The election panel shown again with the same election (after each ballot) keeps its stage
chips and step buttons; a changed stage rebuilds them (ui/elections/timeline.py, panel.py)."""

from __future__ import annotations

from app.elections.stages import STAGE_NAMES
from ui.elections.timeline import StageTimeline


def test_the_same_stages_keep_their_chips(qtbot) -> None:
    timeline = StageTimeline()
    qtbot.addWidget(timeline)
    stages = tuple(STAGE_NAMES)
    timeline.show_stages(stages, stages[3], False)
    chips = list(timeline.chips)
    timeline.show_stages(stages, stages[3], False)
    assert timeline.chips == chips  # the same label objects
    timeline.show_stages(stages, stages[4], False)
    assert timeline.chips != chips
    assert timeline.chips[4].objectName() == f"stage_{stages[4]}"
    late = list(timeline.chips)
    timeline.show_stages(stages, stages[4], True)  # overdue now: restyled
    assert timeline.chips != late


def test_a_reloaded_election_keeps_its_step_buttons(window, qtbot) -> None:
    window.show_page("elections", {})
    page = window.page("elections")
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view_data is not None)
    buttons, chips = list(panel.move_buttons), list(panel.timeline.chips)
    assert buttons
    shown = panel.view_data
    panel.load_later(panel.election_id)
    qtbot.waitUntil(lambda: panel.view_data is not shown)
    assert panel.move_buttons == buttons and panel.timeline.chips == chips
    assert [b.objectName() for b in panel.move_buttons] == [
        f"move_{m.target}" for m in panel.view_data.moves]
