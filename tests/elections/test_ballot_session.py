"""The ballot session view driven through the real entry widget on a real store: a room typed in
each notation finds its owner, the entered ballots are listed and can be corrected or taken back,
who has not voted shrinks as ballots come in, the quorum bars follow the live tally (owners and
area), and an error stays only until the next good entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.elections import actions, service
from app.elections.ballot_progress import quorum_progress
from app.elections.rooms import room_key
from app.errors import BadInput
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.agenda.typing import ime_type
from tests.elections.conftest import TODAY, Place
from tests.elections.test_workflow import nominate
from ui.elections.ballots_tab import BallotEntry, vote_words
from ui.operations import error_text

RULES = load_rules()


@pytest.mark.parametrize("typed", ["1-101", "1栋101", "1 101", "1#101", "1栋-101", "1幢101室",
                                   "１－１０１", " 1-101 "])
def test_room_notations_reduce_to_one_key(typed: str) -> None:
    assert room_key(typed) == room_key("1栋-101") == room_key("1-101") == "1-101"


@given(st.integers(1, 99), st.integers(1, 9999),
       st.sampled_from(["-", "栋", "栋-", " ", "#", "幢", "号楼 ", "－", "座"]), st.sampled_from(["", "室", "房"]))
def test_any_building_and_room_typed_any_way_finds_the_register_room(
        building: int, room: int, separator: str, suffix: str) -> None:
    assert room_key(f"{building}{separator}{room}{suffix}") == room_key(f"{building}栋-{room}")


def voting_election(store: Store, place: Place) -> str:
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, RULES, TODAY)
        nominate(session, election, place)
        election.stage = "voting"
        return election.id


class Session:
    """The entry widget wired to the app as the election panel wires it."""

    def __init__(self, store: Store, election_id: str) -> None:
        self.store, self.election_id = store, election_id
        self.errors: list[str] = []
        self.saves = 0
        self.entry = BallotEntry(self.save, lambda: None, self.remove)
        self.load()

    def save(self, owner_key: str, vote: str, replace: bool) -> bool:
        """Written at once here; the panel writes on a worker and reports back the same way."""
        try:
            actions.enter_paper(self.store, self.election_id, owner_key, vote, RULES,
                                TODAY + timedelta(days=20), replace)
        except BadInput as exc:
            self.errors.append(str(exc))
            self.entry.ballot_refused(owner_key, vote, replace, error_text(exc),
                                      exc.code == "ballot.duplicate_paper")
            return True
        self.saves += 1
        self.entry.ballot_saved(owner_key, vote, self.saves)
        self.load()
        return True

    def remove(self, owner_key: str) -> bool:
        actions.remove_paper(self.store, self.election_id, owner_key)
        self.load()
        return True

    def load(self) -> None:
        view = actions.load_view(self.store, self.election_id, RULES, TODAY)
        self.entry.set_data(view.owners, [c.name for c in view.candidates], view.paper_entered,
                            True, view.e_voted)
        self.entry.show_quorum(actions.live_tally(self.store, self.election_id, RULES))


def type_room(qtbot: QtBot, entry: BallotEntry, room: str) -> None:
    """ASCII as key clicks, 栋/# and the rest as an input method commits them (QTest knows
    only ASCII keys)."""
    for char in room:
        if char.isascii():
            qtbot.keyClicks(entry.room, char)
        else:
            ime_type(entry.room, char)


def enter(qtbot: QtBot, entry: BallotEntry, room: str, vote: str) -> None:
    entry.room.setFocus()
    type_room(qtbot, entry, room)
    qtbot.keyClick(entry.room, Qt.Key.Key_Return)
    qtbot.keyClicks(entry.vote, vote)
    qtbot.keyClick(entry.vote, Qt.Key.Key_Return)


def test_ballots_in_each_room_notation_listed_corrected_and_taken_back(
        qtbot: QtBot, qtmodeltester, store: Store, place: Place) -> None:  # type: ignore[no-untyped-def]
    session = Session(store, voting_election(store, place))
    entry = session.entry
    qtbot.addWidget(entry)
    entry.show()
    owners_total = len(entry.owners)
    assert entry.missing_model.rowCount() == owners_total
    assert entry.quorum_owners.value() == 0 and "需" in entry.quorum_owners.format()

    for room, vote in [("1-101", "*"), ("1栋102", "1 2"), ("1 103", "0"), ("1#104", "135")]:
        enter(qtbot, entry, room, vote)
        assert entry.room.text() == "" and not entry.status.styleSheet(), entry.status.text()
    assert session.errors == []
    assert entry.entered_model.rowCount() == 4
    assert entry.missing_model.rowCount() == owners_total - 4
    rooms = [entry.entered_model.text(r, 0) for r in range(4)]
    assert any("1-102" in r for r in rooms) and any("1-104" in r for r in rooms)
    votes = {entry.entered_model.text(r, 0): entry.entered_model.text(r, 2)
             for r in range(4)}
    assert votes["1-104"] == "1 3 5（甲、丙、戊）" and votes["1-103"] == "都不同意"
    assert entry.quorum_owners.value() == 4
    view = actions.load_view(store, session.election_id, RULES, TODAY)
    assert view.paper_entered == {"k1": "甲;乙;丙;丁;戊;己;庚", "k2": "甲;乙", "k3": "", "k4": "甲;丙;戊"}

    # Correct 1-102: select its row, Enter puts it back in the entry line as a correction.
    row = rooms.index(next(r for r in rooms if "1-102" in r))
    entry.entered_view.setFocus()
    entry.entered_view.setCurrentIndex(entry.entered_model.index(row, 0))
    qtbot.keyClick(entry.entered_view, Qt.Key.Key_Return)
    assert entry.replace.isChecked() and entry.vote.text() == "1 2" and entry.focusWidget() is entry.vote
    entry.vote.selectAll()
    qtbot.keyClicks(entry.vote, "7")
    qtbot.keyClick(entry.vote, Qt.Key.Key_Return)
    assert actions.load_view(store, session.election_id, RULES, TODAY).paper_entered["k2"] == "庚"

    # Delete 1-103's ballot with the Delete key: listed as not voted again.
    rooms = [entry.entered_model.text(r, 0) for r in range(entry.entered_model.rowCount())]
    entry.entered_view.setFocus()
    entry.entered_view.setCurrentIndex(entry.entered_model.index(rooms.index("1-103"), 0))
    answer_box(qtbot, "取消")  # Del asks first: 取消 keeps the ballot
    qtbot.keyClick(entry.entered_view, Qt.Key.Key_Delete)
    assert "k3" in actions.load_view(store, session.election_id, RULES, TODAY).paper_entered
    answer_box(qtbot, "删除")
    qtbot.keyClick(entry.entered_view, Qt.Key.Key_Delete)
    assert "k3" not in actions.load_view(store, session.election_id, RULES, TODAY).paper_entered
    assert entry.entered_model.rowCount() == 3
    assert any("1-103" in text for text in entry.missing_model.stringList())
    assert entry.quorum_owners.value() == 3
    qtmodeltester.check(entry.entered_model)


def answer_box(qtbot: QtBot, button: str) -> None:
    """Once the confirmation opens: Tab to `button` and press Space, as a keyboard user does."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        target = next(b for b in box.findChildren(QPushButton) if b.text() == button)
        assert box.defaultButton().text() == "取消"  # a stray Del then Enter deletes nothing
        for _ in range(4):
            if box.focusWidget() is target:
                break
            qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Tab)
        assert box.focusWidget() is target
        qtbot.keyClick(target, Qt.Key.Key_Space)

    QTimer.singleShot(0, press)


def test_a_duplicate_is_refused_on_the_status_line_and_offers_the_correction(
        qtbot: QtBot, store: Store, place: Place) -> None:
    session = Session(store, voting_election(store, place))
    entry = session.entry
    qtbot.addWidget(entry)
    entry.show()
    enter(qtbot, entry, "1-101", "1")
    assert entry.status.text().startswith("已保存")
    entry.room.clear()
    enter(qtbot, entry, "1-101", "2")
    assert "已保存" not in entry.status.text() and entry.status.styleSheet()
    assert "已有一张纸质选票" in entry.status.text() and "更正" in entry.status.text()
    assert entry.room.text() == "1-101" and entry.vote.text() == "2"  # kept for the correction
    entry.replace.setChecked(True)
    qtbot.keyClick(entry.vote, Qt.Key.Key_Return)
    assert entry.status.text().startswith("已保存") and not entry.status.styleSheet()
    assert actions.load_view(store, session.election_id, RULES, TODAY).paper_entered["k1"] == "乙"


def test_reports_arriving_out_of_turn_keep_the_typing_order(
        qtbot: QtBot, store: Store, place: Place) -> None:
    """The panel writes each ballot on a worker in its turn, but the two workers' reports may
    reach the UI thread the other way round: the list and status line follow the turn."""
    session = Session(store, voting_election(store, place))
    entry = session.entry
    qtbot.addWidget(entry)
    first, second = entry.owners[0], entry.owners[1]
    vote = entry.names[0]
    for owner in (first, second):
        actions.enter_paper(store, session.election_id, owner.key, vote, RULES,
                            TODAY + timedelta(days=20), False)
    entry.ballot_saved(second.key, vote, 8)  # typed second, reported first
    entry.ballot_saved(first.key, vote, 7)
    session.load()
    assert [r.key for r in entry.entered_model.rows[:2]] == [second.key, first.key]
    assert entry.entered_view.currentIndex().row() == 0
    assert second.name in entry.status.text() and first.name not in entry.status.text()


def test_names_are_joined_with_the_language_separator(qtbot: QtBot) -> None:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install_translators(app, "en")
    try:
        words = vote_words("甲;丙", ["甲", "乙", "丙"])
    finally:
        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed.clear()
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    assert "甲, 丙" in words and "、" not in words
    assert vote_words("甲;丙", ["甲", "乙", "丙"]) == "1 3（甲、丙）"


def test_an_error_is_cleared_by_the_next_good_entry(qtbot: QtBot, store: Store, place: Place) -> None:
    session = Session(store, voting_election(store, place))
    entry = session.entry
    qtbot.addWidget(entry)
    entry.show()
    entry.room.setFocus()
    qtbot.keyClicks(entry.room, "9-999")
    qtbot.keyClick(entry.room, Qt.Key.Key_Return)
    assert "名册中没有" in entry.owner_label.text()
    entry.room.clear()
    enter(qtbot, entry, "1-105", "9")  # candidate 9 does not exist
    assert "候选人编号" in entry.status.text() and entry.status.styleSheet()
    entry.room.clear()
    qtbot.keyClicks(entry.room, "1 106")
    qtbot.keyClick(entry.room, Qt.Key.Key_Return)
    assert "杨六" in entry.owner_label.text() and not entry.owner_label.styleSheet()
    assert entry.status.text() == "" and not entry.status.styleSheet()


def test_quorum_bars_need_both_owners_and_area(store: Store, place: Place, qtbot: QtBot) -> None:
    session = Session(store, voting_election(store, place))
    qtbot.addWidget(session.entry)
    result = actions.live_tally(store, session.election_id, RULES)
    progress = quorum_progress(result)
    assert progress.owners_total == result.total_owners and progress.area_total == result.total_area
    assert result.quorum.met(progress.owners_needed, progress.owners_total)
    assert not result.quorum.met(progress.owners_needed - 1, progress.owners_total)
    assert result.quorum.met(progress.area_needed, progress.area_total)
    assert not result.quorum.met(progress.area_needed - progress.area_needed.__class__("0.01"),
                                 progress.area_total)
    with store.session() as s:
        assert s.get(Election, session.election_id) is not None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_ballot_session_screens(language: str, qtbot: QtBot, store: Store, place: Place) -> None:
    """The entry tab with ballots in, a correction under way and the quorum bars, at 1366×768 in
    both languages: it fits, and the picture goes to screenshots/ to be looked at."""
    from pathlib import Path

    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install_translators(app, language)
    try:
        session = Session(store, voting_election(store, place))
        entry = session.entry
        qtbot.addWidget(entry)
        entry.resize(1366, 768)
        entry.show()
        for room, vote in [("1-101", "*"), ("1-102", "1 2"), ("1-103", "0"), ("1-104", "135"),
                           ("1-105", "2 4 6"), ("1-106", "*"), ("1-107", "7")]:
            enter(qtbot, entry, room, vote)
        entry.room.setFocus()
        qtbot.keyClicks(entry.room, "9-999")
        qtbot.keyClick(entry.room, Qt.Key.Key_Return)  # a room not in the register, on show
        qtbot.waitExposed(entry)
        assert entry.minimumSizeHint().width() <= 1366
        shots = Path(__file__).resolve().parents[2] / "screenshots"
        shots.mkdir(exist_ok=True)
        assert entry.grab().save(str(shots / f"meet_ballot_session_{language}.png"))
    finally:
        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed.clear()
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
