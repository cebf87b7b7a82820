"""Opening the board progressively: the head (complete counts + first cards per stage) agrees
with the whole table, the page shows it first, and filters asked for before the table arrives
are kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app import agenda
from db.models import Compound
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.agenda_widget import AgendaWidget, load, load_head
from ui.agenda.filtering import AgendaFilter, FilterIndex
from ui.operations import running_tasks
from ui.pages import agenda_page

TODAY = date(2026, 4, 10)


def _mixed_district(store: Store, district: District) -> None:
    """Several cards per stage, with equal raised dates and due dates (ties), overdue and not,
    and one item of a compound that is then deleted (never counted)."""
    for n in range(4):
        item_at(store, district.garden, "listen", title=f"听{n}", raised_on=date(2026, 3, 1 + n % 2))
    for n in range(3):
        item_at(store, district.harbour, "doing", title=f"办{n}")  # deadline 2026-04-01: overdue
    later = {item_at(store, district.hill, "doing", title=f"新办{n}"): deadline
             for n, deadline in enumerate((date(2026, 5, 1), date(2026, 4, 20), date(2026, 4, 20)))}
    with store.transaction() as s:
        for item_id, deadline in later.items():
            agenda.update_progress(s, item_id, deadline=deadline)
    item_at(store, district.garden, "referred")
    item_at(store, district.hill, "closed")
    gone = Compound(community_id=store_community(store, district), name="已撤销小区")
    with store.transaction() as s:
        s.add(gone)
        s.flush()
        gone_id = gone.id
    item_at(store, gone_id, "listen", title="撤销小区的事项")
    with store.transaction() as s:
        s.delete(s.get(Compound, gone_id))


def store_community(store: Store, district: District) -> str:
    with store.session() as s:
        compound = s.get(Compound, district.garden)
        assert compound is not None
        return compound.community_id


def test_head_agrees_with_the_whole_table(store: Store, district: District) -> None:
    _mixed_district(store, district)
    with store.session() as s:
        table = agenda.load_item_table(s, today=TODAY)
        head = agenda.load_board_head(s, per_stage=2, today=TODAY)
    order = FilterIndex(table).card_order
    assert "撤销小区的事项" not in table.titles
    for stage, rows in order.items():
        assert head.totals[stage] == len(rows), stage
        assert head.overdue[stage] == sum(table.overdue[i] for i in rows), stage
        assert [head.table.ids[i] for i in head.columns[stage]] == [table.ids[i] for i in rows[:2]]
    assert head.totals["listen"] == 4 and head.totals["doing"] == 6
    assert head.overdue["doing"] == 3
    # Overdue cards first, then the nearest due date.
    assert [head.table.titles[i] for i in head.columns["doing"]] == ["办0", "办1"]
    assert len(head.table) == sum(len(c) for c in head.columns.values())


def test_head_of_an_empty_store(store: Store) -> None:
    with store.session() as s:
        head = agenda.load_board_head(s, per_stage=5, today=TODAY)
    assert set(head.totals.values()) == {0} and len(head.table) == 0


def test_page_shows_head_then_table(qtbot: QtBot, qtmodeltester, store: Store,
                                    district: District, data_dir: Path) -> None:
    _mixed_district(store, district)
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    page.apply_head(load_head(store, TODAY))
    assert page.head_shown and not page.loaded
    assert page.board.count("doing") == 6
    assert page.board.headers["doing"].text() == "办  6\n逾期 3"
    assert page.board.models["doing"].rowCount() == 6
    for model in page.board.models.values():
        qtmodeltester.check(model)
    assert "载入中" in page.count_label.text()
    # no new item before the compound list is in: its 小区 box would be empty
    assert not page.new_button.isEnabled()
    page.search_edit.setText("办")  # typed before the table is in: applied when it arrives
    page.apply_loaded(load(store, TODAY))
    assert page.loaded and not page.head_shown
    assert page.new_button.isEnabled()
    assert page.count_label.text() == "6 / 12 项"
    assert page.board.count("doing") == 6 and page.board.count("listen") == 0


def test_filters_asked_before_the_table_are_kept(qtbot: QtBot, store: Store, district: District,
                                                  data_dir: Path) -> None:
    _mixed_district(store, district)
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.apply_filters({"compound_id": district.hill})  # the dashboard, before any load
    page.apply_head(load_head(store, TODAY))  # unfiltered: not shown
    assert not page.head_shown and page.board.count("doing") == 0
    page.apply_loaded(load(store, TODAY))
    assert page.compound_box.currentData() == district.hill
    assert page.wanted == AgendaFilter(compound_id=district.hill)
    assert page.board.count("doing") == 3 and page.board.count("closed") == 1


def test_create_page_loads_head_then_table_in_background(
    qtbot: QtBot, store: Store, district: District, data_dir: Path
) -> None:
    _mixed_district(store, district)
    page = agenda_page.create_page(make_ctx(store, data_dir))
    assert isinstance(page, AgendaWidget)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert page.board.count("listen") == 4
    assert page.source_model.rowCount() == 12
    for task in running_tasks():
        task.wait(5)
