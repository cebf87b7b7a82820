"""The 打印 actions of the pages: each opens the preview with a PDF of its kind, an action whose
document is not ready is disabled with a reason, and the elections page prints a street's result
notices as a batch in the background."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app import meetings
from db.models import AgendaItem, Election, RatingInspection
from db.store import Store
from tests.printing.conftest import PrintData, run_tool
from ui.context import UiContext, make_settings

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support grabbing")


@pytest.fixture
def ctx(store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UiContext:
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    return UiContext(store=store, data_dir=data_dir, settings=make_settings())


@pytest.fixture
def demo(store: Store) -> Store:
    """The small demo district: tallied elections with results, finished rating inspections."""
    from app.demo import generate

    generate(store, "small")
    return store


def previewed(qtbot: Any, task: Any, tmp_path: Path, kind: str) -> Any:
    """Wait for the task an action started; the preview it opened shows a PDF of `kind`."""
    from ui.printing.preview import _open_windows

    assert task is not None, "the action did not start"
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.succeeded, task.error
    window = max(_open_windows, key=id) if len(_open_windows) == 1 else None
    assert window is not None, f"expected one preview window, found {len(_open_windows)}"
    qtbot.addWidget(window)
    assert window.isVisible() and window.page_count() >= 1
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(window.pdf)
    assert f"Subject:         {kind}" in run_tool("pdfinfo", pdf)
    window.close()
    return window


def test_election_panel_prints_its_notices_and_the_selected_checkpoint_form(
        qtbot: Any, ctx: UiContext, printed: PrintData, tmp_path: Path) -> None:
    from ui.pages.elections_page import ElectionsPage

    page = ElectionsPage(ctx)
    qtbot.addWidget(page)
    page.select(printed.election_id)
    button = page.panel.print_button
    actions = button.actions_by_kind
    for kind in ("preparatory-notice", "candidates-notice", "election-notice", "result-notice"):
        assert actions[kind].isEnabled(), (kind, actions[kind].toolTip())
    previewed(qtbot, button.trigger("result-notice"), tmp_path, "result-notice")

    form = actions["checkpoint-form"]
    assert not form.isEnabled() and "选中" in form.toolTip()
    assert button.trigger("checkpoint-form") is None
    page.panel.history_view.setCurrentIndex(page.panel.history.index(0, 0))
    assert form.isEnabled(), form.toolTip()
    previewed(qtbot, button.trigger("checkpoint-form"), tmp_path, "checkpoint-form")


def test_election_panel_disables_notices_whose_data_is_not_ready(
        qtbot: Any, ctx: UiContext, printed: PrintData, tmp_path: Path) -> None:
    from ui.pages.elections_page import ElectionsPage

    page = ElectionsPage(ctx)
    qtbot.addWidget(page)
    page.select(printed.voting_election_id)  # voting: no group members, not tallied
    actions = page.panel.print_button.actions_by_kind
    assert not actions["result-notice"].isEnabled()
    assert "计票" in actions["result-notice"].toolTip()
    assert not actions["preparatory-notice"].isEnabled()
    # a re-election's group is its 换届小组 ([kinds.reelection].organiser), named so everywhere
    assert actions["preparatory-notice"].toolTip() == "换届小组还没有成员"
    assert "筹备组" not in actions["preparatory-notice"].text()
    assert page.panel.print_button.trigger("result-notice") is None
    assert actions["election-notice"].isEnabled()  # vote date, place and candidates are there
    previewed(qtbot, page.panel.print_button.trigger("election-notice"), tmp_path, "election-notice")


def test_batch_prints_the_result_notices_of_a_streets_tallied_elections(
        qtbot: Any, ctx: UiContext, demo: Store, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.printing.batch import compound_elections_of_street
    from ui import file_dialogs
    from ui.pages import elections_page
    from ui.pages.elections_page import ElectionsPage

    street, ids, tallied = "", [], 0
    for name in ("布吉", "坂田", "平湖", "龙城", "横岗", "南湾"):
        ids = compound_elections_of_street(demo, name)
        with demo.session() as session:
            stages = session.scalars(select(Election.stage).where(Election.id.in_(ids))).all()
        tallied = sum(1 for s in stages if s in ("tallied", "filed", "seated"))
        if tallied >= 2 and tallied < len(ids):
            street = name
            break
    assert street, "the demo should have a street with tallied and untallied elections"

    page = ElectionsPage(ctx)
    qtbot.addWidget(page)
    page.search.setText(street)
    asked: list[tuple[list[str], int]] = []

    def get_item(_parent: Any, _title: str, _label: str, names: list[str], current: int,
                 _editable: bool) -> tuple[str, bool]:
        asked.append((names, current))
        return names[current], True

    folder = tmp_path / "notices"
    monkeypatch.setattr(elections_page.QInputDialog, "getItem", get_item)
    monkeypatch.setattr(file_dialogs.QFileDialog, "getExistingDirectory",
                        lambda *_args, **_kw: str(folder))
    task = page.batch_result_notices()
    assert asked and street in asked[0][0][asked[0][1]]  # the filter preselected the street
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert task.succeeded, task.error
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == tallied
    assert "选举结果公告" in run_tool("pdftotext", files[0], "-")
    status = page.batch_status.text()
    assert f"已生成 {tallied} 份" in status and f"{len(ids) - tallied} 个小区" in status

    monkeypatch.setattr(file_dialogs.QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    assert page.batch_result_notices() is None  # cancelled folder choice: nothing starts


def test_meetings_page_prints_signin_sheet_and_minutes(
        qtbot: Any, ctx: UiContext, printed: PrintData, store: Store, tmp_path: Path) -> None:
    from ui.pages import meetings_page

    with store.transaction() as s:
        item = s.get(AgendaItem, printed.item_id)
        assert item is not None
        planned = meetings.create_meeting(
            s, compound_id=item.compound_id, kind="joint",
            held_at=datetime(2030, 1, 1, 2, tzinfo=UTC), place="会所").id
    page: Any = meetings_page.create_page(ctx)  # the page's own widget (MeetingsWidget)
    qtbot.addWidget(page)
    assert not page.print_signin.isEnabled() and not page.print_minutes.isEnabled()
    assert "选择" in page.print_minutes.toolTip()

    def select(meeting_id: str) -> None:
        row = next(n for n, r in enumerate(page.model.rows) if r.id == meeting_id)
        page.table.setCurrentIndex(page.model.index(row, 0))

    select(planned)
    assert page.print_signin.isEnabled()
    assert not page.print_minutes.isEnabled() and "结束后" in page.print_minutes.toolTip()
    assert page.print_selected("minutes") is None

    select(printed.meeting_id)
    assert page.print_minutes.isEnabled()
    previewed(qtbot, page.print_selected("signin-sheet"), tmp_path, "signin-sheet")
    previewed(qtbot, page.print_selected("minutes"), tmp_path, "minutes")


def test_agenda_item_detail_prints_the_answer_notice_once_answered(
        qtbot: Any, ctx: UiContext, printed: PrintData, store: Store, tmp_path: Path) -> None:
    from ui.agenda.agenda_widget import AgendaWidget

    with store.transaction() as s:
        item = s.get(AgendaItem, printed.item_id)
        assert item is not None
        open_item = AgendaItem(compound_id=item.compound_id, title="楼道堆物", category="hygiene",
                               raised_on=item.raised_on, stage="listen")
        s.add(open_item)
        s.flush()
        open_id = open_item.id
    widget = AgendaWidget(ctx)  # the detail finds the page's context through its parent
    qtbot.addWidget(widget)
    detail = widget.detail
    detail.show_item(open_id)
    assert not detail.print_answer.isEnabled() and "回音" in detail.print_answer.toolTip()
    assert detail.print_answer_notice() is None
    detail.show_item(printed.item_id)
    assert detail.print_answer.isEnabled()
    previewed(qtbot, detail.print_answer_notice(), tmp_path, "answer-notice")


def test_ratings_page_prints_the_report_of_the_selected_finished_inspection(
        qtbot: Any, ctx: UiContext, demo: Store, tmp_path: Path) -> None:
    from ui.pages.ratings_page import RatingsPage

    page = RatingsPage(ctx)
    qtbot.addWidget(page)
    ranking = page.ranking
    assert ranking.model.rowCount() > 0
    printer = ranking.printer
    assert not printer.button.isEnabled() and "选择" in printer.button.toolTip()
    assert printer.print_selected() is None
    ranking.view.setCurrentIndex(ranking.model.index(0, 0))
    assert printer.button.isEnabled()
    inspection_id = printer.selected()
    with demo.session() as session:
        inspection = session.get(RatingInspection, inspection_id)
        assert inspection is not None and inspection.status == "final"
    previewed(qtbot, printer.print_selected(), tmp_path, "rating-report")

    history = page.company
    assert not history.printer.button.isEnabled()
    history.history_view.setCurrentIndex(history.history.index(0, 0))
    assert history.printer.button.isEnabled()
    ranking.refresh()  # a reload clears the selection, and with it the action
    assert not printer.button.isEnabled()
