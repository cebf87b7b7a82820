"""表决安排: the vote period, place and e-voting that the election notice prints. Each rule at its
boundary in the app, nothing saved on bad input, and the panel's editor filled by keyboard until
the 打印 menu offers the election notice."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.elections import actions, service, vote_dates
from app.errors import BadInput
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.elections.conftest import TODAY, Place

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing")
OBJECTION_UNTIL = TODAY + timedelta(days=6)
# The candidate notice (TODAY) stands as the owners' assembly announcement: 15 days before the vote.
EARLIEST = TODAY + timedelta(days=15)
ROOT = Path(__file__).resolve().parents[2]


def noticed_election(store: Store, place: Place, stage: str = "candidate_notice",
                     objection_until: date | None = OBJECTION_UNTIL) -> str:
    """An election whose candidates are on public notice from TODAY (objection window 7 days)."""
    rules = load_rules()
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, rules, TODAY, TODAY)
        for name in ("甲", "乙", "丙", "丁", "戊", "己", "庚"):
            service.save_candidate(session, election, name)
        election.stage, election.stage_since = stage, TODAY
        if objection_until is not None:
            election.notice_published_on = TODAY
            election.objection_until = objection_until
        return election.id


def saved(store: Store, election_id: str) -> tuple[date | None, date | None, str, bool]:
    with store.session() as session:
        e = session.get(Election, election_id)
        return e.vote_start, e.vote_end, e.vote_place, e.e_vote


def save(store: Store, election_id: str, start: date | None, end: date | None, place: str = "会所",
         e_vote: bool = False) -> None:
    actions.save_vote_arrangements(store, election_id, start, end, place, e_vote, load_rules())


def refused(store: Store, election_id: str, *args: object, **kw: object) -> str:
    """Saving these values is refused and leaves the stored election as it was; the message."""
    before = saved(store, election_id)
    with pytest.raises(BadInput) as caught:
        save(store, election_id, *args, **kw)  # type: ignore[arg-type]
    assert saved(store, election_id) == before
    return str(caught.value)


def test_assembly_is_announced_15_days_before_the_vote(store: Store, place: Place) -> None:
    rules = load_rules()
    assert rules.assembly_notice_days == 15
    eid = noticed_election(store, place)  # the objection window closes long before
    day_14 = TODAY + timedelta(days=14)
    message = refused(store, eid, day_14, day_14 + timedelta(days=3))
    assert "《物业管理条例》第十四条" in message and str(EARLIEST) in message
    assert rules.assembly_notice_origin.label_zh() in message and str(TODAY) in message
    save(store, eid, EARLIEST, EARLIEST + timedelta(days=3), " 会所二楼 ", e_vote=True)
    assert saved(store, eid) == (EARLIEST, EARLIEST + timedelta(days=3), "会所二楼", True)


def test_start_must_follow_the_objection_window(store: Store, place: Place) -> None:
    until = TODAY + timedelta(days=20)  # a window longer than the assembly notice period
    eid = noticed_election(store, place, objection_until=until)
    message = refused(store, eid, until, until + timedelta(days=3))  # 20 days after the notice
    assert str(until) in message and str(until + timedelta(days=1)) in message
    assert load_rules().periods.origin.source in message  # names the rule it applies
    assert "第十四条" not in message  # the assembly notice period is met: not the reason
    save(store, eid, until + timedelta(days=1), until + timedelta(days=3))
    assert saved(store, eid)[0] == until + timedelta(days=1)


def test_the_later_rule_is_named_so_following_it_satisfies_both(store: Store, place: Place) -> None:
    eid = noticed_election(store, place)  # inside the objection window and the notice period
    message = refused(store, eid, OBJECTION_UNTIL, OBJECTION_UNTIL)
    assert "第十四条" in message and str(EARLIEST) in message


def test_end_may_equal_start_but_not_precede_it(store: Store, place: Place) -> None:
    eid = noticed_election(store, place)
    message = refused(store, eid, EARLIEST + timedelta(days=1), EARLIEST)
    assert "早于" in message
    refused(store, eid, EARLIEST, None)
    refused(store, eid, None, EARLIEST)
    save(store, eid, EARLIEST, EARLIEST)
    assert saved(store, eid)[:2] == (EARLIEST, EARLIEST)


def test_place_is_required_and_fits_its_column(store: Store, place: Place) -> None:
    eid = noticed_election(store, place)
    assert "地点" in refused(store, eid, EARLIEST, EARLIEST, "   ")
    assert "过长" in refused(store, eid, EARLIEST, EARLIEST, "会" * (vote_dates.VOTE_PLACE_MAX + 1))
    save(store, eid, EARLIEST, EARLIEST, "会" * vote_dates.VOTE_PLACE_MAX)
    assert saved(store, eid)[2] == "会" * vote_dates.VOTE_PLACE_MAX


def test_editable_from_the_notice_until_the_tally(store: Store, place: Place) -> None:
    early = noticed_election(store, place, stage="candidates_nominated", objection_until=None)
    assert "候选人公示" in refused(store, early, TODAY, TODAY)
    with store.transaction() as session:
        session.get(Election, early).stage = "tallied"
    assert "计票与结果公告" in refused(store, early, TODAY, TODAY)
    with store.transaction() as session:
        session.get(Election, early).stage = "voting"
    save(store, early, TODAY, TODAY + timedelta(days=1))  # no objection window on file (imported)
    assert saved(store, early)[0] == TODAY


def draft_reasons(store: Store, election_id: str) -> list[str]:
    from app.printing import build

    with store.session() as session:
        return build(session, "election-notice", election_id).draft_reasons


def test_editor_filled_by_keyboard_makes_the_election_notice_final(
        store: Store, place: Place, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from ui.context import UiContext, make_settings
    from ui.pages.elections_page import ElectionsPage

    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    before = noticed_election(store, place, stage="candidates_nominated", objection_until=None)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    page = ElectionsPage(ctx, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1400, 850)
    page.show()
    panel = page.panel
    tabs, editor = panel.tabs, panel.arrangements
    page.select(before)
    assert not tabs.isTabVisible(tabs.indexOf(panel.arrangements_page))  # nothing to arrange before the notice
    with store.transaction() as session:
        e = session.get(Election, before)
        e.stage, e.notice_published_on, e.objection_until = "candidate_notice", TODAY, OBJECTION_UNTIL
    page.select(before)
    notice = panel.print_button.actions_by_kind["election-notice"]
    assert notice.isEnabled()  # printable, but only as a draft until the vote is arranged
    assert {"投票时间未定", "投票地点未定"} <= set(draft_reasons(store, before))
    assert tabs.isTabVisible(tabs.indexOf(panel.arrangements_page))
    tabs.setCurrentWidget(panel.arrangements_page)
    assert editor.start.date().toPython() == EARLIEST  # proposed: the first day allowed

    def type_date(widget, text: str) -> None:  # type: ignore[no-untyped-def]
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(widget, text)

    type_date(editor.start, OBJECTION_UNTIL.isoformat())  # inside the objection window
    type_date(editor.end, (EARLIEST + timedelta(days=9)).isoformat())
    editor.place.setFocus()
    editor.place.insert("幸福花园会所二楼")  # as an input method commits Chinese
    assert not editor.save_button.isEnabled() and str(EARLIEST) in editor.problem.text()
    shots = ROOT / "screenshots"
    shots.mkdir(exist_ok=True)
    QApplication.processEvents()  # let the layout make room for the message
    assert editor.grab().toImage().save(str(shots / "elections_vote_arrangements_refused.png"))
    qtbot.keyClick(editor.place, Qt.Key.Key_Return)  # Enter saves only valid values
    assert saved(store, before)[0] is None and "投票时间未定" in draft_reasons(store, before)

    type_date(editor.start, EARLIEST.isoformat())
    type_date(editor.end, (EARLIEST - timedelta(days=1)).isoformat())  # before the start
    assert not editor.save_button.isEnabled() and "早于" in editor.problem.text()
    type_date(editor.end, (EARLIEST + timedelta(days=9)).isoformat())
    editor.place.clear()
    assert not editor.save_button.isEnabled() and "地点" in editor.problem.text()
    editor.place.insert("幸福花园会所二楼")
    editor.e_vote.setFocus()
    if editor.e_vote.isChecked():
        qtbot.keyClick(editor.e_vote, Qt.Key.Key_Space)  # paper only this time
    assert editor.save_button.isEnabled() and editor.problem.text() == ""
    assert page.grab().toImage().save(str(shots / "elections_vote_arrangements.png"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert saved(store, before) == (EARLIEST, EARLIEST + timedelta(days=9), "幸福花园会所二楼", False)
    QApplication.processEvents()
    notice = panel.print_button.actions_by_kind["election-notice"]
    assert notice.isEnabled(), notice.toolTip()
    reasons = draft_reasons(store, before)
    assert "投票时间未定" not in reasons and "投票地点未定" not in reasons, reasons
    assert tabs.currentWidget() is panel.arrangements_page and editor.place.text() == "幸福花园会所二楼"

    with store.transaction() as session:  # once tallied the arrangements are shown, not edited
        session.get(Election, before).stage = "tallied"
    page.select(before)
    assert tabs.isTabVisible(tabs.indexOf(panel.arrangements_page))
    assert not editor.start.isEnabled() and not editor.save_button.isEnabled()
    assert "不能再改" in editor.rule_note.text()
