"""Correcting the ballot just typed, by keyboard: the ballots saved at this desk head the list
of entered ballots, the latest selected, so Tab to the list and Enter puts it back in the entry
line, the status line saying whose ballot is being corrected; the others follow in register
order (ui/elections/ballots_tab.py)."""

from __future__ import annotations

import re
import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.elections import actions


def _enter(entry, room: str, vote: str) -> None:
    entry.room.setFocus()
    QTest.keyClicks(entry.room, re.sub(r"\D+", "-", room))  # "1栋-101" typed as "1-101"
    QTest.keyClick(entry.room, Qt.Key.Key_Return)
    QTest.keyClicks(entry.vote, vote)
    QTest.keyClick(entry.vote, Qt.Key.Key_Return)


def _voting_panel(window, qtbot):
    """The elections page's panel showing an election open for voting."""
    window.show_page("elections", {})
    page = window.page("elections")
    voting = next(page.model.record(r).election_id for r in range(page.model.rowCount())
                  if page.model.record(r).stage == "voting" and not page.model.record(r).bad)
    page.select(voting)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view_data is not None and panel.view_data.election.id == voting)
    return panel


def test_the_ballot_just_saved_heads_the_list_and_enter_corrects_it(window, qtbot) -> None:
    window.resize(1366, 768)
    window.activateWindow()
    panel = _voting_panel(window, qtbot)
    view = panel.view_data
    entry = panel.ballots
    panel.tabs.setCurrentWidget(entry)
    waiting = [o for o in reversed(view.owners)  # from the end of the register: not on top by order
               if o.key not in view.paper_entered and o.key not in view.e_voted]
    first, second = waiting[0], waiting[1]
    _enter(entry, first.rooms[0], "1")
    _enter(entry, second.rooms[0], "1")
    qtbot.waitUntil(lambda: second.key in panel.view_data.paper_entered
                    and [r.key for r in entry.entered_model.rows[:2]] == [second.key, first.key])
    paper = [r.key for r in entry.entered_model.rows[2:] if r.paper]
    places = {o.key: n for n, o in enumerate(view.owners)}
    assert [places[k] for k in paper] == sorted(places[k] for k in paper)
    assert entry.entered_view.currentIndex().row() == 0
    entry.replace.setFocus()  # Tab on from the entry line's last field
    QTest.keyClick(entry.replace, Qt.Key.Key_Tab)
    assert window.focusWidget() is entry.entered_view
    QTest.keyClick(entry.entered_view, Qt.Key.Key_Return)
    assert entry.room.text() == second.rooms[0] and entry.replace.isChecked()
    assert window.focusWidget() is entry.vote
    assert entry.status.text() == f"更正 {second.name} 的选票：改好编号后回车保存。"


def test_a_read_finishing_late_does_not_hide_the_next_ballot(window, qtbot, monkeypatch) -> None:
    """Each saved ballot makes the panel read the election again in the background; two ballots
    typed quickly make two reads, which may finish out of order. The first read is held here
    until the second has been shown: the view stays the second's, with both ballots."""
    panel = _voting_panel(window, qtbot)
    view = panel.view_data
    first, second = [o for o in view.owners
                     if o.key not in view.paper_entered and o.key not in view.e_voted][:2]
    real_load, read, release, returned = actions.load_view, threading.Event(), threading.Event(), []

    def first_read_held(*args, **kwargs):
        found = real_load(*args, **kwargs)
        if threading.current_thread() is not threading.main_thread() and not read.is_set():
            read.set()
            release.wait(10)
            returned.append(found)
        return found

    monkeypatch.setattr(actions, "load_view", first_read_held)
    panel.tabs.setCurrentWidget(panel.ballots)
    _enter(panel.ballots, first.rooms[0], "1")
    qtbot.waitUntil(read.is_set)
    _enter(panel.ballots, second.rooms[0], "1")
    qtbot.waitUntil(lambda: second.key in panel.view_data.paper_entered)
    release.set()
    qtbot.waitUntil(lambda: bool(returned))
    assert second.key not in returned[0].paper_entered  # the held read was the stale one
    qtbot.wait(300)  # its result is delivered to the UI thread
    assert {first.key, second.key} <= set(panel.view_data.paper_entered)
