"""pytest-qt: one election walked from application to a seated committee through the page,
every item model checked with qtmodeltester, and screenshots saved to be looked at."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app.elections import service
from app.rules import load_rules
from db.models import CommitteeMember, Compound, Election, OwnersCommittee, Unit
from db.store import Store
from tests.elections.conftest import TODAY, Place
from tests.elections.test_workflow import RULES, hand_in_filing, hold_first_meeting

# The offscreen platform says so when a dialog opens; nothing to do with our code.
# (and the completer's popup asks for raise() and a keyboard grab it cannot have).
pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing"
)
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
CANDIDATES = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))


def grab(widget, name: str) -> Path:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().toImage().save(str(path))
    return path


def other_elections(store: Store, place: Place) -> None:
    """Two more compounds whose elections are late, so the district list has something to sort."""
    rules = load_rules()
    with store.transaction() as session:
        community_id = session.get(Compound, place.compound_id).community_id
        for name, kind, since in (("碧桂园", "reelection", TODAY - timedelta(days=45)),
                                  ("龙城花园", "by_election", TODAY - timedelta(days=3))):
            compound = Compound(community_id=community_id, name=name)
            session.add(compound)
            session.flush()
            session.add(Unit(compound_id=compound.id, building="1", room="101", owner_key="x",
                             area_m2=Decimal("90")))
            service.create_election(session, compound.id, kind, 5, rules, since, since)


class Ui:
    """Small helpers that drive the page as a caseworker would."""

    def __init__(self, page, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.page, self.qtbot, self.panel = page, qtbot, page.panel

    def click(self, name: str) -> None:
        from PySide6.QtWidgets import QPushButton

        QApplication.processEvents()  # buttons made for the new stage show on the next loop
        button = self.page.findChild(QPushButton, name)
        tabs = self.panel.tabs
        for i in range(tabs.count()):  # switch to the tab holding the button, as a user would
            if button is not None and tabs.widget(i).isAncestorOf(button):
                tabs.setCurrentIndex(i)
        assert button is not None and button.isVisible() and button.isEnabled(), name
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def stage(self) -> str:
        return self.panel.view_data.election.stage

    def sign(self, comment: str = "同意") -> None:
        dialog = self.panel.open_signoff()
        assert dialog is not None and not (dialog.approve.isChecked() or dialog.ret.isChecked())
        dialog.approve.setChecked(True)  # no decision is chosen beforehand
        self.type_into(dialog.comment, comment)
        assert not dialog.sign_button.isEnabled()  # until the signer confirms their name
        dialog.confirm.setChecked(True)
        assert dialog.sign_button.isEnabled(), dialog.notice.text()
        self.qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    def type_into(self, widget, text: str) -> None:  # type: ignore[no-untyped-def]
        """Keys for ASCII; Chinese arrives as an input method would commit it (QTest cannot type it)."""
        widget.clear()
        if text.isascii():
            self.qtbot.keyClicks(widget, text)
        else:
            widget.insert(text)


def test_walk_election_in_ui(store: Store, place: Place, qtbot, qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.context import UiContext, make_settings
    from ui.operations import running_tasks
    from ui.pages.elections_page import ElectionsPage

    other_elections(store, place)
    today = [TODAY]
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    from app import profile

    with store.transaction() as session:  # who signs: 本人信息, confirmed in each sign-off
        profile.save_own_profile(session, "张三", "党建指导员", "坂田街道办事处", user=store.actor)
    page = ElectionsPage(ctx, clock=lambda: today[0])
    qtbot.addWidget(page)
    page.resize(1500, 900)
    page.show()
    ui = Ui(page, qtbot)
    assert page.model.rowCount() == 2 and page.model.record(0).overdue

    # a new first election for 万科城
    dialog = page.new_election()
    qtbot.keyClicks(dialog.compound.edit, "wkc")  # the picker finds it by its initials
    qtbot.keyClick(dialog.compound.edit, Qt.Key.Key_Return)
    dialog.accept()
    assert page.panel.view_data is not None and ui.stage() == "application"
    assert page.model.rowCount() == 3 and page.model.record(0).overdue  # overdue still first

    panel = page.panel
    panel.applicant_owners.setValue(3)
    ui.type_into(panel.applicant_area, "265.50")
    ui.click("saveApplication")
    # 先建支部: the community party committee's opinion, typed on the application tab
    facts = panel.facts
    assert facts.isVisibleTo(panel) and not facts.trigger.isVisibleTo(panel)  # no trigger for a first election
    facts.opinion_known.setChecked(True)
    facts.opinion.setPlainText("同意启动首次业主大会筹备")
    ui.click("saveTimingFacts")
    assert panel.view_data.election.party_opinion == "同意启动首次业主大会筹备"
    ui.click("move_checkpoint_timing")
    assert ui.stage() == "checkpoint_timing"
    assert all(c.passed for c in panel.view_data.draft.checks)
    ui.sign()
    assert ui.stage() == "group_formed"

    group = panel.group
    officials = [("街道 周", "street_office", True), ("党委 吴", "party_committee", False),
                 ("民警 郑", "police", False), ("居委 冯", "residents_committee", False)]
    for name, role, leader in officials:
        ui.type_into(group.name, name)
        group.role.setCurrentIndex(group.role.findData(role))
        group.leader.setChecked(leader)
        ui.click("groupEditorAdd")
    for i in range(3):
        ui.type_into(group.name, f"代表{i}")
        group.role.setCurrentIndex(group.role.findData("owner_rep"))
        group.room.setCurrentIndex(group.room.findData(place.unit_ids[9 + i]))
        group.party.setChecked(i == 0)
        ui.click("groupEditorAdd")
    assert group.model.rowCount() == 7
    with store.transaction() as session:  # the representatives were published (深圳条例第二十条)
        session.get(Election, panel.election_id).reps_published_on = \
            TODAY - timedelta(days=RULES.procedure.reps_publication.days)
    page.select(panel.election_id)
    ui.click("move_checkpoint_group")
    ui.sign()
    assert ui.stage() == "candidates_nominated"

    editor = panel.candidates
    for i, name in enumerate(CANDIDATES):
        ui.type_into(editor.name, name)
        editor.room.setCurrentIndex(editor.room.findData(place.unit_ids[i]))
        editor.party.setChecked(i < 4)
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # Enter adds, like the button
    assert editor.model.rowCount() == 7
    ui.click("move_checkpoint_candidates")
    panel.tabs.setCurrentIndex(0)
    grab(page, "elections_page_checkpoint")
    dialog = panel.open_signoff()
    shown = dialog.content.toPlainText()  # in words: names and rooms, no JSON and no hash
    assert "甲" in shown and "1-101" in shown and '"甲"' not in shown
    assert dialog.draft.content_hash not in [w.text() for w in dialog.findChildren(type(panel.title))]
    grab(dialog, "elections_signoff_dialog")
    dialog.reject()
    ui.sign("候选人符合条件")
    assert ui.stage() == "candidate_notice"
    assert "还剩" in panel.countdown.text()

    today[0] = TODAY + timedelta(days=15)  # objection window over, assembly announced 15 days before
    ui.click("move_voting")
    assert ui.stage() == "voting"

    # paper ballots by keyboard: room, Enter, numbers, Enter
    panel.tabs.setCurrentWidget(panel.ballots)
    entry = panel.ballots
    for room in ["1-101", "1-102", "1-103", "1-104", "1-105", "1-106", "1-107", "1-108", "1-109", "1-110"]:
        qtbot.keyClicks(entry.room, room)
        qtbot.keyClick(entry.room, Qt.Key.Key_Return)
        qtbot.keyClicks(entry.vote, "*" if room != "1-102" else "1 2")
        qtbot.keyClick(entry.vote, Qt.Key.Key_Return)
        assert entry.room.text() == "", entry.status.text()
    # each ballot is written at once; the panel re-reads in the background
    qtbot.waitUntil(lambda: len(panel.view_data.paper_entered) == 10, timeout=10_000)
    qtbot.waitUntil(lambda: entry.status.text().startswith("已保存"), timeout=10_000)
    # a second ballot for 1-101: refused on the status line (no box), kept for the correction
    qtbot.keyClicks(entry.room, "1-101")
    qtbot.keyClick(entry.room, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.vote, "1")
    qtbot.keyClick(entry.vote, Qt.Key.Key_Return)
    assert not entry.status.text().startswith("已保存")  # not before the write
    qtbot.waitUntil(lambda: bool(entry.status.styleSheet()), timeout=10_000)
    assert "已有一张纸质选票" in entry.status.text() and "更正" in entry.status.text()
    assert entry.room.text() == "1-101" and entry.vote.text() == "1"
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    entry.room.clear()
    entry.vote.clear()
    # the e-vote export has 1-111 and also 1-102 (who voted on paper too: the e-vote counts)
    export = tmp_path / "evote.csv"
    export.write_text("owner_id,vote\n1-111,甲;乙;丙;丁;戊;己;庚\nk2,甲;乙;丙;丁;戊;己;庚\n",
                      encoding="utf-8")
    task = panel.import_file(export)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert task.succeeded, task.error
    panel.tabs.setCurrentWidget(panel.tally)
    qtbot.waitUntil(lambda: bool(panel.tally.model.records) and not any(
        not t.done for t in running_tasks()), timeout=10_000)
    assert [c.yes_owners for c in panel.tally.model.records] == [11] * 7
    assert "当选" in panel.tally.summary.text()
    grab(page, "elections_page_tally")

    ui.click("move_tallied")
    assert ui.stage() == "tallied"
    eid = panel.election_id
    hold_first_meeting(store, eid, today[0])  # the committee's own page records these
    page.select(eid)
    ui.click("move_seated")
    assert ui.stage() == "seated"
    today[0] += timedelta(days=RULES.procedure.result_objection.days + 1)
    hand_in_filing(store, eid, today[0])
    page.select(eid)
    ui.click("move_filed")
    assert ui.stage() == "filed"
    with store.session() as session:
        compound = session.get(Compound, place.compound_id)
        assert compound.committee_status == "active" and not compound.residents_committee_acting
        committee = session.scalar(select(OwnersCommittee).where(OwnersCommittee.compound_id == compound.id))
        names = sorted(session.scalars(select(CommitteeMember.name).where(
            CommitteeMember.committee_id == committee.id)))
        assert names == sorted(CANDIDATES)
        assert session.scalar(select(Election.stage).where(Election.compound_id == compound.id)) == "filed"
    panel.tabs.setCurrentIndex(0)
    grab(page, "elections_page")

    for model in (page.model, page.proxy, panel.checks, panel.history, group.model, editor.model,
                  panel.tally.model):
        qtmodeltester.check(model)
    for t in running_tasks():
        t.wait(10)
    QApplication.processEvents()


def test_signoff_dialog_refuses_law_and_asks_reason(store: Store, place: Place, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.elections.signoff import draft
    from ui.elections.signoff_dialog import SignoffDialog

    rules = load_rules()
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, rules, TODAY)
        election.stage = "checkpoint_group"
        service.save_group_member(session, election, "街道 周", "street_office", is_leader=True)
        group_draft = draft(session, election, "group", rules, date(2026, 3, 2))
    dialog = SignoffDialog(group_draft, "tester")
    qtbot.addWidget(dialog)
    assert group_draft.law_failures and not dialog.ret.isChecked()  # nothing chosen for the signer
    dialog.ret.setChecked(True)
    assert not dialog.sign_button.isEnabled() and "退回须写明理由" in dialog.notice.text()
    dialog.comment.insert("人员不齐")
    assert "本人信息" in dialog.notice.text()  # without a profile there is no name to confirm
    dialog.approve.setChecked(True)
    assert not dialog.sign_button.isEnabled() and "法定条件未满足" in dialog.notice.text()
    assert not dialog.override.isEnabled()
