"""The 议事 page: board columns and counts, moves through the state machine, list filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from db.models import AgendaItem
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.typing import ime_type
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.agenda_widget import AgendaWidget, load
from ui.agenda.model import MIME_TYPE, AgendaFilter
from ui.agenda.stage_dialog import StageDialog

TODAY = date(2026, 4, 10)


def _page(qtbot: QtBot, store: Store, data_dir: Path) -> AgendaWidget:
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.apply_loaded(load(store, TODAY))
    page.resize(1400, 800)
    page.show()
    return page


def _stage(store: Store, item_id: str) -> str:
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        return item.stage


def test_board_counts_and_models(qtbot: QtBot, qtmodeltester, store: Store, district: District,
                                 data_dir: Path) -> None:
    for stage in ("listen", "listen", "discuss", "doing", "closed", "referred"):
        item_at(store, district.garden, stage)
    page = _page(qtbot, store, data_dir)
    counts = {s: page.board.count(s) for s in page.board.models}
    assert counts == {"listen": 2, "discuss": 1, "decide": 0, "doing": 1, "answered": 0,
                      "closed": 1, "referred": 0 + 1}
    assert page.board.headers["doing"].text().startswith("办  1")
    assert "逾期 1" in page.board.headers["doing"].text()  # deadline 4-01 < 4-10
    qtmodeltester.check(page.source_model)
    qtmodeltester.check(page.proxy)
    for model in page.board.models.values():
        qtmodeltester.check(model)


def test_keyboard_advance_opens_dialog_and_moves(qtbot: QtBot, store: Store, district: District,
                                                 data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "listen")
    page = _page(qtbot, store, data_dir)
    assert page.board.select(item_id)
    view = page.board.views["listen"]
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    dialog = page.last_dialog
    assert isinstance(dialog, StageDialog)
    # Nothing typed: the guard refuses, the dialog stays with the message.
    dialog.try_accept()
    assert dialog.isVisible() and "至少记录一方的意见" in dialog.error.text()
    edit = dialog.fields["position:property"]
    assert isinstance(edit, QLineEdit)
    ime_type(edit, "同意东门划线")
    dialog.try_accept()
    assert _stage(store, item_id) == "discuss"
    assert page.board.count("discuss") == 1 and page.board.count("listen") == 0
    assert page.detail.timeline.count() == 2


def test_decide_dialog_checks_deadline(qtbot: QtBot, store: Store, district: District,
                                       data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "discuss", raised_on=date(2026, 3, 5))
    page = _page(qtbot, store, data_dir)
    dialog = page.request_move(item_id, "decide")
    assert dialog is not None
    decision = dialog.fields["decision"]
    party = dialog.fields["responsible_party"]
    assert isinstance(decision, QPlainTextEdit) and isinstance(party, QLineEdit)
    ime_type(decision, "东门划临时车位")
    ime_type(party, "物业企业")
    deadline = dialog.fields["deadline"]
    deadline.setDate(deadline.date().addYears(-1))  # type: ignore[attr-defined]
    dialog.try_accept()
    assert "早于提出日期" in dialog.error.text() and _stage(store, item_id) == "discuss"
    deadline.setDate(deadline.date().addYears(2))  # type: ignore[attr-defined]
    dialog.try_accept()
    assert _stage(store, item_id) == "decide"
    assert page.board.count("decide") == 1


def test_drop_on_illegal_column_is_refused(qtbot: QtBot, store: Store, district: District,
                                           data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "listen")
    page = _page(qtbot, store, data_dir)
    mime = QMimeData()
    mime.setData(MIME_TYPE, item_id.encode())
    assert page.board.models["answered"].canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    page.board.models["answered"].dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert "不能从「听」直接转到「回音」" in page.last_error
    assert _stage(store, item_id) == "listen" and page.board.count("listen") == 1
    # A legal drop opens the dialog for what 议 needs.
    page.board.models["discuss"].dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert isinstance(page.last_dialog, StageDialog)


def test_list_filters(qtbot: QtBot, qtmodeltester, store: Store, district: District,
                      data_dir: Path) -> None:
    item_at(store, district.garden, "listen", title="楼道堆物")
    item_at(store, district.garden, "doing", title="电梯维修")  # responsible 物业企业, overdue
    item_at(store, district.harbour, "listen", title="垃圾分类")
    item_at(store, district.hill, "answered", title="路灯不亮")
    page = _page(qtbot, store, data_dir)
    page.tabs.setCurrentIndex(1)
    assert page.proxy.rowCount() == 4

    def shown(**wanted: object) -> list[str]:
        page.set_filter(AgendaFilter(**wanted))  # type: ignore[arg-type]
        titles = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
        qtmodeltester.check(page.proxy)
        return sorted(titles)

    assert shown(compound_id=district.garden) == ["楼道堆物", "电梯维修"]
    assert shown(street_id=district.street_b) == ["路灯不亮"]
    assert shown(stage="listen") == ["垃圾分类", "楼道堆物"]
    assert shown(category="parking") == ["垃圾分类", "楼道堆物", "电梯维修", "路灯不亮"]
    assert shown(category="fees") == []
    assert shown(overdue_only=True) == ["电梯维修"]
    assert shown(responsible="物业") == ["电梯维修", "路灯不亮"]
    assert shown(search="垃圾") == ["垃圾分类"]
    assert shown(search="zhyc") == ["垃圾分类"]  # pinyin initials of 中海怡翠
    assert shown(street_id=district.street_a, stage="listen", search="楼道") == ["楼道堆物"]
    # Typing in the real filter widgets does the same.
    page.set_filter(AgendaFilter())
    ime_type(page.search_edit, "路灯")
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "1 / 4 项"
    # Selecting a row in the list shows its detail with the timeline.
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    assert page.detail.title.text().startswith("路灯不亮")
    assert page.detail.timeline.count() == 5


def test_board_caps_cards_but_counts_all(qtbot: QtBot, monkeypatch, store: Store,
                                         district: District, data_dir: Path) -> None:
    import ui.agenda.board

    monkeypatch.setattr(ui.agenda.board, "CARD_LIMIT", 2)
    for n in range(3):
        item_at(store, district.garden, "listen", title=f"事项{n}")
    page = _page(qtbot, store, data_dir)
    assert page.board.count("listen") == 3
    assert page.board.models["listen"].rowCount() == 2
    assert page.board.headers["listen"].text().startswith("听  3")
    assert "全部 3 项" in page.board.headers["listen"].toolTip()


def test_detail_edits_progress_and_later_deadline(qtbot: QtBot, store: Store, district: District,
                                                  data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "doing")  # deadline 2026-04-01, progress 20
    page = _page(qtbot, store, data_dir)
    page.show_detail(item_id)
    detail = page.detail
    assert detail.progress_box.isVisible() and not detail.save_progress.isEnabled()
    # An earlier deadline is refused as it is picked, and cannot be saved.
    detail.deadline.setDate(detail.deadline.date().addDays(-3))
    assert "只能延后" in detail.progress_error.text() and not detail.save_progress.isEnabled()
    detail.deadline.setDate(detail.deadline.date().addDays(30))
    detail.progress.setValue(60)
    ime_type(detail.progress_note, "已完成东门划线")
    assert detail.progress_error.text() == "" and detail.save_progress.isEnabled()
    qtbot.mouseClick(detail.save_progress, Qt.MouseButton.LeftButton)
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        assert (item.progress, item.progress_note, item.deadline, item.stage) == (
            60, "已完成东门划线", date(2026, 4, 28), "doing")
    # The board row was reloaded: no longer overdue against 2026-04-10.
    assert "逾期" not in page.board.headers["doing"].text()


def test_progress_refused_outside_doing(store: Store, district: District) -> None:
    from app import agenda
    from app.errors import BadInput

    item_id = item_at(store, district.garden, "decide")
    try:
        with store.transaction() as s:
            agenda.update_progress(s, item_id, progress=50)
    except BadInput as exc:
        assert "只有「办」阶段" in str(exc)
    else:
        raise AssertionError("progress at 定 was accepted")
    with store.transaction() as s:  # a later deadline is fine at 定
        agenda.update_progress(s, item_id, deadline=date(2026, 5, 1))
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.deadline == date(2026, 5, 1) and item.progress == 0


def _red_pixels_in_title_column(page: AgendaWidget) -> int:
    """Pixels of the overdue colour in the list's 事项 column, as painted (cell delegate)."""
    from ui.agenda.model import OVERDUE_COLOR

    page.table.viewport().repaint()
    image = page.table.viewport().grab().toImage()
    width = page.table.columnWidth(0)
    red = 0
    for y in range(0, image.height(), 2):
        for x in range(0, width, 2):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - OVERDUE_COLOR.red()) < 40 and pixel.green() < 90
                    and pixel.blue() < 90):
                red += 1
    return red


def test_list_paints_overdue_titles_red_and_the_rest_in_the_text_colour(
    qtbot: QtBot, store: Store, district: District, data_dir: Path,
) -> None:
    item_at(store, district.garden, "doing", title="电梯维修电梯维修")  # overdue
    item_at(store, district.harbour, "listen", title="垃圾分类垃圾分类")
    page = _page(qtbot, store, data_dir)
    page.tabs.setCurrentIndex(1)
    page.set_filter(AgendaFilter(overdue_only=True))
    qtbot.wait(20)
    assert page.proxy.rowCount() == 1 and _red_pixels_in_title_column(page) > 20
    page.set_filter(AgendaFilter(stage="listen"))
    qtbot.wait(20)
    assert page.proxy.rowCount() == 1 and _red_pixels_in_title_column(page) == 0
