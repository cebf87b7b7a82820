"""The two pages as the shell builds them: create_page(ctx), background load, filters from
show_page."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.ui_helpers import make_ctx, meeting_with_items
from ui.agenda.agenda_widget import AgendaWidget
from ui.agenda.meetings_widget import MeetingsWidget
from ui.operations import running_tasks
from ui.pages import agenda_page, meetings_page


def test_agenda_page_loads_in_background_and_takes_filters(
    qtbot: QtBot, store: Store, district: District, data_dir: Path
) -> None:
    item_at(store, district.garden, "doing")
    item_at(store, district.hill, "listen")
    page = agenda_page.create_page(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    assert isinstance(page, AgendaWidget)
    qtbot.waitUntil(lambda: page.loaded, timeout=10_000)
    assert page.source_model.rowCount() == 2
    page.apply_filters({"compound_id": district.hill, "unknown": 1})
    assert page.count_label.text() == "1 / 2 项"
    assert page.compound_box.currentData() == district.hill
    for task in running_tasks():
        task.wait(5)


def test_meetings_page(qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    meeting_with_items(store, district)
    page = meetings_page.create_page(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    assert isinstance(page, MeetingsWidget)
    assert page.model.rowCount() == 1
