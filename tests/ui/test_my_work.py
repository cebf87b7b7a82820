"""我的待办: the rows of the caseworker's street, grouped by when they fall due, and each row
opening its record — on a real store, through the real widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import my_scope, my_work
from app.agenda_rules import local_today, local_zone
from app.elections import service, workflow
from app.errors import BadInput
from app.meetings import create_meeting
from app.profile import save_own_profile
from app.rules import load_rules
from db.models import AgendaItem, Community, Compound, Election, Street
from db.store import Store

TODAY = local_today()


@pytest.fixture(autouse=True)
def _today_of_the_test() -> None:
    """TODAY as the test starts, not as the module was collected: a run that crosses midnight
    where the caseworker works (16:00 UTC) would build its records a day before the app's today."""
    global TODAY
    TODAY = local_today()


@dataclass
class Work:
    compound_id: str
    other_compound_id: str
    overdue_item: str
    other_item: str
    election: str
    meeting: str


@pytest.fixture
def work(store: Store) -> Work:
    """龙城街道 (the caseworker's, by the profile's office) with an overdue agenda item, an
    election whose stage is due in two days and a meeting planned in three; 坂田街道 with an
    overdue item that is not theirs."""
    rules = load_rules()
    with store.transaction() as session:
        ids = {}
        for street_name, compound_name in (("龙城街道", "紫薇花园"), ("坂田街道", "万科城")):
            street = Street(name=street_name)
            session.add(street)
            session.flush()
            community = Community(street_id=street.id, name=f"{street_name[:2]}社区")
            session.add(community)
            session.flush()
            compound = Compound(community_id=community.id, name=compound_name,
                                delivered_on=date(2020, 1, 1))
            session.add(compound)
            session.flush()
            ids[street_name] = compound.id
        mine, theirs = ids["龙城街道"], ids["坂田街道"]
        save_own_profile(session, "孙思桂", "党建指导员", "龙城街道办事处")
        items = []
        for compound_id, title in ((mine, "电梯频繁故障需维修"), (theirs, "绿化带被改作菜地")):
            item = AgendaItem(compound_id=compound_id, title=title, raised_on=TODAY - timedelta(days=30),
                              stage="doing", deadline=TODAY - timedelta(days=3),
                              responsible_party="物业服务企业")
            session.add(item)
            session.flush()
            items.append(item.id)
        election = service.create_election(session, mine, "first", 7, rules, TODAY, TODAY)
        due = workflow.deadline(election, rules)
        assert due is not None
        election.stage_since = TODAY - (due - TODAY) + timedelta(days=2)  # due in two days
        meeting = create_meeting(
            session, compound_id=mine, kind="joint", place="党群服务站",
            held_at=datetime.combine(TODAY + timedelta(days=3), time(15), tzinfo=local_zone()))
        return Work(mine, theirs, items[0], items[1], election.id, meeting.id)


def test_my_work_lists_the_own_streets_overdue_item_due_election_and_planned_meeting(
        store: Store, work: Work) -> None:
    with store.session() as session:
        found = my_work.my_work(session, load_rules(), TODAY)
    assert found.scope.kind == my_scope.STREET and found.scope.street_name == "龙城街道"
    by_kind = {row.what: row for row in found.rows}
    item = by_kind[my_work.AGENDA_DEADLINE]
    assert item.filters["item_id"] == work.overdue_item and item.group(TODAY) == my_work.OVERDUE
    election = by_kind[my_work.ELECTION_STAGE]
    assert election.due == TODAY + timedelta(days=2) and election.group(TODAY) == my_work.WEEK
    assert election.filters == {"election_id": work.election}
    meeting = by_kind[my_work.MEETING_PLANNED]
    assert meeting.filters == {"meeting_id": work.meeting} and meeting.group(TODAY) == my_work.WEEK
    assert all(row.compound_id == work.compound_id for row in found.rows)  # not 坂田's item


def test_choosing_compounds_changes_the_scope_and_an_unknown_one_is_refused(
        store: Store, work: Work) -> None:
    with store.transaction() as session:
        my_scope.choose_compounds(session, [work.other_compound_id])
    with store.session() as session:
        found = my_work.my_work(session, load_rules(), TODAY)
    assert found.scope.kind == my_scope.CHOSEN
    assert [r.filters.get("item_id") for r in found.rows] == [work.other_item]
    with pytest.raises(BadInput, match="没有这个小区"), store.transaction() as session:
        my_scope.choose_compounds(session, [work.compound_id, "no-such-compound"])
    with store.session() as session:
        assert my_scope.chosen_ids(session) == [work.other_compound_id]  # nothing changed


def _window(store: Store, qtbot: Any) -> Any:
    from ui.context import UiContext, make_settings
    from ui.main_window import MainWindow

    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _row_of(page: Any, wanted: str) -> int:
    for row in range(page.model.rowCount()):
        found = page.model.work_row(row)
        if found is not None and found.what == wanted:
            return row
    raise AssertionError(f"no {wanted} row")


def test_my_work_is_the_start_page_grouped_and_each_row_opens_its_record(
        store: Store, work: Work, qtbot: Any) -> None:
    window = _window(store, qtbot)
    assert window.current_key() == "my_work"
    page = window.page("my_work")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=60_000)
    texts = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert texts[0] == "已逾期（1）" and "本周到期（2）" in texts
    item_row = _row_of(page, my_work.AGENDA_DEADLINE)
    assert page.model.index(item_row, 1).data() == "逾期 3 天"
    assert page.model.index(item_row, 3).data() == "议事“电梯频繁故障需维修”（办）办理期限"
    assert "龙城街道" in page.scope_label.text()

    # Enter on the overdue item: the 议事 page, that item in the detail
    page.table.setCurrentIndex(page.model.index(item_row, 0))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_key() == "agenda"
    agenda = window.page("agenda")
    qtbot.waitUntil(lambda: agenda.detail.item_id == work.overdue_item, timeout=60_000)

    # a double-click on the election: the 选举 page with it in the panel
    window.show_page("my_work", {})
    election_row = _row_of(page, my_work.ELECTION_STAGE)
    rect = page.table.visualRect(page.model.index(election_row, 2))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_key() == "elections", timeout=10_000)
    assert window.page("elections").panel.election_id == work.election

    # Enter on the planned meeting: the 会议 page, that meeting selected
    window.show_page("my_work", {})
    page.table.setCurrentIndex(page.model.index(_row_of(page, my_work.MEETING_PLANNED), 0))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_key() == "meetings"
    assert window.page("meetings").selected_meeting().id == work.meeting


def test_a_heading_row_opens_nothing(store: Store, work: Work, qtbot: Any) -> None:
    window = _window(store, qtbot)
    page = window.page("my_work")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=60_000)
    assert page.model.work_row(0) is None
    assert not page.open_index(page.model.index(0, 0))
    assert window.current_key() == "my_work"


def test_an_ended_election_stage_leaves_the_list_after_the_edit(
        store: Store, work: Work, qtbot: Any) -> None:
    """The page re-reads when the data changes while it is shown."""
    window = _window(store, qtbot)
    page = window.page("my_work")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=60_000)
    with store.transaction() as session:
        session.get(Election, work.election).deleted_at = datetime.now(UTC)
    with qtbot.waitSignal(page.loaded, timeout=60_000):
        window.ctx.changed("elections")
    assert all(page.model.work_row(r) is None or page.model.work_row(r).what
               != my_work.ELECTION_STAGE for r in range(page.model.rowCount()))
