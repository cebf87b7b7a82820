"""The owners' vote screens: an agenda item that is an owners' matter shows its votes and the
dialog that records one (figures from the register, outcome as typed, a wrong figure marked);
the dialog's outcome follows Art. 278's thresholds exactly; the representatives' row."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from app import agenda
from app.owners_votes.records import list_votes
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.procedure.conftest import REGISTER_AREA, REGISTER_OWNERS, Place
from ui.agenda.detail import ItemDetail
from ui.owners_votes.reps_row import RepsPublishedRow

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
RULES = load_rules()


def _item(store: Store, place: Place, category: str) -> str:
    with store.transaction() as s:
        return agenda.create_item(s, compound_id=place.compound_id, title="筹集维修资金",
                                  raised_on=date(2026, 3, 1), category=category, source="visit",
                                  now=NOW).id


def test_owners_matter_detail_records_a_vote(qtbot: QtBot, store: Store, place: Place) -> None:
    detail = ItemDetail(store)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_item(_item(store, place, "fund_raise"))
    assert detail.votes.isVisible() and "须经业主表决通过" in detail.votes.note.text()
    dialog = detail.votes.open_dialog()
    assert dialog is not None
    assert dialog.figures["total_owners"].text() == str(REGISTER_OWNERS)
    assert dialog.figures["total_area_m2"].text() == str(REGISTER_AREA)
    assert dialog.matter.count() == 1 and dialog.matter.currentData() == "major"
    for name, value in {"voted_owners": "12", "voted_area_m2": "1200", "yes_owners": "8",
                        "yes_area_m2": "1000"}.items():
        dialog.figures[name].setText(value)
    assert "同意人数未达" in dialog.outcome.text()  # 8/12 < 3/4
    dialog.figures["yes_owners"].setText("13")
    dialog.try_accept()
    assert "同意人数" in dialog.error.text() and "yes_owners" not in dialog.error.text()
    assert "b3261e" in dialog.figures["yes_owners"].styleSheet()
    dialog.figures["yes_owners"].setText("9")  # exactly 3/4: 以上 includes it
    assert dialog.outcome.text().endswith("通过") and "未通过" not in dialog.outcome.text()
    dialog.try_accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with store.session() as s:
        assert [r.passed for r in list_votes(s, RULES, compound_id=place.compound_id)] == [True]
    assert detail.votes.list.count() == 1


def test_other_items_show_no_votes(qtbot: QtBot, store: Store, place: Place) -> None:
    detail = ItemDetail(store)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_item(_item(store, place, "parking"))
    assert not detail.votes.isVisible()


def test_reps_row_says_when_the_group_may_act(qtbot: QtBot) -> None:
    saved: list[date | None] = []

    def save(day: date | None) -> bool:
        saved.append(day)
        return True

    row = RepsPublishedRow(save)
    qtbot.addWidget(row)
    election = Election(kind="first", stage="group_formed", reps_published_on=date(2026, 3, 1))
    row.show_election(election, RULES, date(2026, 3, 2))
    assert "2026年3月6日起可审核" in row.hint.text()  # a plain date, no developer note
    assert "待核实" in row.hint.toolTip()  # the rule's standing is in the tooltip
    row.known.setChecked(False)
    assert row.save() and saved == [None]


def test_meeting_mode_seats_the_residents_committee(qtbot: QtBot, store: Store) -> None:
    """以居代业: the position grid and the attendee roles offer the residents' committee, not a
    业委会 the compound does not have."""
    from app import meetings
    from tests.procedure.conftest import make_place
    from ui.agenda.meeting_mode import MeetingMode

    place = make_place(store, committee_status="none", acting=True)
    with store.transaction() as s:
        meeting_id = meetings.create_meeting(s, compound_id=place.compound_id, kind="joint",
                                             held_at=NOW).id
    mode = MeetingMode(store, meeting_id)
    qtbot.addWidget(mode)
    assert "committee" not in mode.position_edits and "residents_cmte" in mode.position_edits
    roles = [mode.new_role.itemData(i) for i in range(mode.new_role.count())]
    assert "committee" not in roles and "residents_cmte" in roles


def test_compound_page_shows_the_stage_work(qtbot: QtBot, store: Store, data_dir: Path) -> None:
    """[procedure.lifecycle]: 拆迁改造期 shows its work and that no election is held there."""
    from tests.agenda.ui_helpers import make_ctx
    from tests.procedure.conftest import make_place
    from ui.compounds.overview import CompoundOverview

    page = CompoundOverview(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.load(make_place(store, stage="拆迁改造期").compound_id)
    assert "配合拆迁改造" in page.expected_label.text()
    assert "不开展业委会选举" in page.expected_label.text()
    page.load(make_place(store, stage="成熟期", name="老盘花园").compound_id)
    assert "三方议事" in page.expected_label.text() and "不开展" not in page.expected_label.text()


def test_compound_detail_records_a_removal_vote(qtbot: QtBot, store: Store, place: Place,
                                                data_dir: Path) -> None:
    """罢免、更换委员 (民法典第二百七十八条第一款第三项, ordinary: 过半数) is recorded on the compound."""
    from tests.agenda.ui_helpers import make_ctx
    from ui.compounds.detail import CompoundDetail

    detail = CompoundDetail(make_ctx(store, data_dir))
    qtbot.addWidget(detail)
    detail.load(place.compound_id)
    box = detail.owners_votes
    dialog = box.open_dialog()
    assert dialog is not None and dialog.subject.currentData() == "removal"
    for name, value in {"voted_owners": "10", "voted_area_m2": "1000", "yes_owners": "6",
                        "yes_area_m2": "600"}.items():
        dialog.figures[name].setText(value)
    dialog.try_accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert box.list.count() == 1 and "罢免业委会委员" in box.list.item(0).text()


def test_moving_an_owners_matter_to_decide_says_why_at_once(qtbot: QtBot, store: Store, place: Place,
                                                             data_dir: Path) -> None:
    """民法典第二百七十八条: the board refuses 定 for an owners' matter without a passed vote before
    the caseworker types a decision; once the owners voted, the 定 dialog opens."""
    from app.owners_votes.records import VoteInput, record_vote
    from tests.agenda.ui_helpers import make_ctx
    from ui.agenda.agenda_widget import AgendaWidget
    from ui.agenda.stage_dialog import StageDialog

    item_id = _item(store, place, "property_hire")
    with store.transaction() as s:
        agenda.advance(s, item_id, "discuss", agenda.StageChange(positions={"committee": "同意"}), now=NOW)
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    assert page.request_move(item_id, "decide") is None
    assert "选聘解聘物业服务企业" in page.last_error and "不能代替业主" in page.last_error
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="解聘",
                                 agenda_item_id=item_id, voted_owners=10, voted_area_m2="1000",
                                 yes_owners=6, yes_area_m2="600"), RULES)
    assert isinstance(page.request_move(item_id, "decide"), StageDialog)


def test_board_card_marks_an_owners_matter(store: Store, place: Place) -> None:
    from app.agenda_rules import local_today
    from ui.agenda.agenda_widget import load
    from ui.agenda.model import StageColumnModel

    _item(store, place, "fund_raise")
    _item(store, place, "parking")
    model = StageColumnModel("listen")
    table = load(store, local_today()).table
    model.set_rows(table, range(len(table.ids)))
    places = sorted(model.card(r)[1] for r in range(model.rowCount()))
    assert places == ["万科城 · 停车", "万科城 · 筹集维修资金 · 业主表决"]


def test_a_listed_vote_is_corrected_in_place(qtbot: QtBot, store: Store, place: Place) -> None:
    """A figure typed wrong is corrected (the same vote, its id kept), not recorded twice."""
    from app.owners_votes.records import VoteInput, record_vote

    item_id = _item(store, place, "fund_use")
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="使用",
                                 held_on=date(2026, 3, 5), agenda_item_id=item_id, voted_owners=10,
                                 voted_area_m2="1000", yes_owners=5, yes_area_m2="600"), RULES)
    detail = ItemDetail(store)
    qtbot.addWidget(detail)
    detail.show()
    detail.show_item(item_id)
    dialog = detail.votes.open_dialog(0)
    assert dialog is not None and dialog.windowTitle() == "更正业主表决结果"
    assert dialog.figures["yes_owners"].text() == "5" and dialog.figures["voted_area_m2"].text() == "1000"
    assert dialog.held_on.date().toPython() == date(2026, 3, 5)
    dialog.figures["yes_owners"].setText("6")
    dialog.try_accept()
    with store.session() as s:
        rows = list_votes(s, RULES, agenda_item_id=item_id)
    assert [(r.vote.yes_owners, r.passed) for r in rows] == [(6, True)]
