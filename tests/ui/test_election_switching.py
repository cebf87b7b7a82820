"""Moving from one election to another by keyboard: nothing of the last one stays on the panel
(a half-typed ballot, its status, its tally delivered late), and Tab goes through the step bar
in the order it reads (ui/elections/panel.py, ballots_tab.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def _elections(window, qtbot):
    """The page, a voting election with owners and candidates, and an election not voting."""
    window.resize(1366, 768)
    window.activateWindow()
    window.show_page("elections", {})
    page = window.page("elections")
    records = [page.model.record(r) for r in range(page.model.rowCount())]
    voting = next(r.election_id for r in records if r.stage == "voting" and not r.bad)
    other = next(r.election_id for r in records if r.stage != "voting" and not r.bad)
    return page, voting, other


def _show(page, qtbot, election_id: str) -> None:
    page.select(election_id)
    qtbot.waitUntil(lambda: page.panel.view_data is not None
                    and page.panel.view_data.election.id == election_id)


def test_a_half_typed_ballot_does_not_follow_to_another_election(window, qtbot) -> None:
    page, voting, other = _elections(window, qtbot)
    _show(page, qtbot, voting)
    entry = page.panel.ballots
    owner = next(o for o in page.panel.view_data.owners if o.key not in page.panel.view_data.paper_entered)
    entry.room.setText(owner.rooms[0])
    QTest.keyClick(entry.room, Qt.Key.Key_Return)
    assert owner.name in entry.owner_label.text()
    entry.vote.setText("1")
    entry.replace.setChecked(True)
    _show(page, qtbot, other)
    assert (entry.room.text(), entry.vote.text(), entry.owner_label.text()) == ("", "", "")
    assert not entry.replace.isChecked() and entry.current is None
    assert entry.status.text() == "投票阶段才能录入选票。"
    _show(page, qtbot, voting)  # back: its own count, not the other election's refusal
    assert entry.status.text() == f"已录入纸质票 {len(page.panel.view_data.paper_entered)} 张。"
    assert entry.room.text() == ""


def test_a_tally_delivered_after_leaving_its_election_is_not_shown(window, qtbot) -> None:
    page, voting, other = _elections(window, qtbot)
    _show(page, qtbot, voting)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.tally.model.records != [])
    task = panel.refresh_tally()  # still to deliver when the caseworker moves on
    assert task is not None
    _show(page, qtbot, other)
    qtbot.waitUntil(lambda: task.done)  # delivered
    assert panel.tally.model.records == []
    assert panel.tally.summary.text() == "投票开始后在此显示实时计票。"
    assert panel.ballots.quorum_owners.format() == "—"


def test_tab_from_the_list_reaches_the_steps_before_the_tabs(window, qtbot) -> None:
    page, voting, _other = _elections(window, qtbot)
    _show(page, qtbot, voting)
    panel = page.panel
    assert panel.move_buttons
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Tab)
    first = panel.sign_button if panel.sign_button.isVisible() else panel.move_buttons[0]
    assert window.focusWidget() is first
    for button in panel.move_buttons[panel.move_buttons.index(first) + 1 if first in panel.move_buttons else 0:]:
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert window.focusWidget() is button
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.focusWidget() is panel.print_button
