"""A board column's new cards are drawn before it repaints (CardDelegate.prepare, a few per
event-loop turn), exactly as its paint would draw them: the repaint then only blits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.test_board_and_list import TODAY
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.agenda_widget import AgendaWidget, load
from ui.agenda.card_delegate import CardDelegate


def _page_with_cards(qtbot: QtBot, store: Store, district: District,
                     data_dir: Path) -> AgendaWidget:
    """听 holds six 楼道 cards and six 电梯 cards (with the 楼道 ones first)."""
    for n in range(6):
        item_at(store, district.garden, "listen", title=f"楼道堆物第{n}处")
        item_at(store, district.harbour, "listen", title=f"电梯故障第{n}部")
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.apply_loaded(load(store, TODAY))
    qtbot.waitUntil(lambda: all(v.updatesEnabled() for v in page.board.views.values()))
    return page


def _visible_rows(view: QListView) -> int:
    model = view.model()
    return sum(1 for row in range(model.rowCount())
               if view.visualRect(model.index(row, 0)).top() < view.viewport().height())


def test_new_cards_are_drawn_once_before_the_repaint(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    page = _page_with_cards(qtbot, store, district, data_dir)
    view = page.board.views["listen"]
    delegate = page.board.delegates["listen"]
    before = delegate.drawn
    page.search_edit.setText("电梯")
    qtbot.waitUntil(lambda: view.model().rowCount() == 6)  # the board follows on the next turn
    qtbot.waitUntil(view.updatesEnabled)  # held until its new cards are drawn
    qtbot.waitUntil(lambda: not view.viewport().visibleRegion().isEmpty())
    view.viewport().repaint()  # a paint of what was prepared draws nothing new
    visible = _visible_rows(view)
    assert visible >= 6
    # Each shown card drawn once: a prepared card that the paint did not recognise as its own
    # (another size, font or selection) would be drawn a second time.
    assert delegate.drawn - before <= visible
    assert delegate.drawn - before >= 6  # the 电梯 cards were not drawn before


def test_prepared_cards_look_as_painted(qtbot: QtBot, store: Store, district: District,
                                        data_dir: Path) -> None:
    page = _page_with_cards(qtbot, store, district, data_dir)
    view = page.board.views["listen"]
    page.search_edit.setText("电梯")
    qtbot.waitUntil(lambda: all(v.updatesEnabled() for v in page.board.views.values()))
    prepared = view.viewport().grab().toImage()
    page.board.texts.forget()  # the cached drawings are dropped: the paint draws afresh
    painted = view.viewport().grab().toImage()
    assert prepared.size() == painted.size() and prepared == painted


def test_prepare_stops_at_its_deadline(qtbot: QtBot, store: Store, district: District,
                                       data_dir: Path) -> None:
    page = _page_with_cards(qtbot, store, district, data_dir)
    view = page.board.views["listen"]
    delegate: CardDelegate = page.board.delegates["listen"]
    page.board.texts.forget()  # every card to draw again
    start = delegate.drawn
    assert not delegate.prepare(view, until=0.0)  # past its deadline: one card, then it stops
    assert delegate.drawn == start + 1
    calls = 1
    while not delegate.prepare(view, until=0.0):
        calls += 1
    assert delegate.drawn - start == calls + 1 == _visible_rows(view)
    assert delegate.prepare(view, until=0.0) and delegate.drawn - start == calls + 1


def test_whole_board_overdue_counts_come_from_the_index(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    for stage in ("doing", "doing", "decide", "listen"):  # deadline 4-01, overdue on 4-10
        item_at(store, district.garden, stage)
    page = _page_with_cards(qtbot, store, district, data_dir)
    assert page.index.overdue_counts(None) == {
        "listen": 0, "discuss": 0, "decide": 1, "doing": 2, "answered": 0, "closed": 0,
        "referred": 0}
    assert page.index.overdue_counts([0]) is None  # a filtered board counts its own
    page.search_edit.setText("夜间")
    assert page.board.headers["doing"].text() == "办  2\n逾期 2"
    page.search_edit.setText("")
    assert page.board.headers["doing"].text() == "办  2\n逾期 2"
    assert page.board.headers["decide"].text() == "定  1\n逾期 1"


def test_cards_drawn_from_remembered_lines_look_the_same(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    """Two identical overdue cards: the second is drawn from the lines the first measured (its
    cut title, date line and whether the 逾期 mark fits), and looks the same; the mark shows
    where the column is wide enough and not where it is narrow."""
    item_at(store, district.garden, "doing", title="地下车库漏水严重影响停车需要尽快处理")
    item_at(store, district.garden, "doing", title="地下车库漏水严重影响停车需要尽快处理")
    page = _page_with_cards(qtbot, store, district, data_dir)
    view = page.board.views["doing"]
    model = page.board.models["doing"]

    def cards() -> tuple[object, object, bool]:
        page.board.texts.forget()  # both drawn again, one after the other
        shot = view.viewport().grab().toImage()
        first, second = (shot.copy(view.visualRect(model.index(r, 0))) for r in (0, 1))
        right = view.visualRect(model.index(0, 0)).width() - 14  # the date line's right end
        red = any(first.pixelColor(x, y).red() > 150 and first.pixelColor(x, y).green() < 80
                  for x in range(right - 20, right) for y in range(first.height() - 22,
                                                                  first.height() - 6))
        return first, second, red

    page.resize(2600, 768)
    qtbot.waitUntil(lambda: view.viewport().width() > 200)
    first, second, marked = cards()
    assert first == second and marked
    page.resize(page.minimumSizeHint().width(), 768)  # the narrowest: 110 px columns
    qtbot.waitUntil(lambda: view.viewport().width() < 130)
    first, second, marked = cards()
    assert first == second and not marked
