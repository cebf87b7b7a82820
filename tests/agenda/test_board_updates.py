"""The board after a filter change: it follows a typed filter on the next event-loop turn (the
count and the list at once); only the columns whose cards changed are reset, and they repaint in
later turns, left to right; an edited card is read again."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db.models import AgendaItem
from db.store import Store
from tests.agenda.conftest import District, item_at
from tests.agenda.test_board_and_list import TODAY
from tests.agenda.ui_helpers import make_ctx
from ui.agenda.agenda_widget import AgendaWidget, load
from ui.agenda.filtering import AgendaFilter


def _shown_page(qtbot: QtBot, store: Store, data_dir: Path) -> AgendaWidget:
    page = AgendaWidget(make_ctx(store, data_dir))
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    page.apply_loaded(load(store, TODAY))
    qtbot.waitUntil(lambda: all(v.updatesEnabled() for v in page.board.views.values()))
    return page


def test_search_resets_changed_columns_and_paints_them_in_turns(
        qtbot: QtBot, store: Store, district: District, data_dir: Path) -> None:
    item_at(store, district.garden, "listen", title="楼道堆物")
    item_at(store, district.garden, "discuss", title="楼道照明")
    item_at(store, district.harbour, "doing", title="垃圾分类")
    page = _shown_page(qtbot, store, data_dir)
    board = page.board
    resets = dict.fromkeys(board.models, 0)
    for stage, model in board.models.items():
        model.modelReset.connect(lambda s=stage: resets.__setitem__(s, resets[s] + 1))
    page.search_edit.setText("楼道")  # 听 and 议 keep their cards; 办 loses its one
    assert page.count_label.text() == "2 / 3 项"  # at once,
    assert board.models["doing"].rowCount() == 1  # the board on the next turn
    qtbot.waitUntil(lambda: board.models["doing"].rowCount() == 0)
    assert resets == {**dict.fromkeys(board.models, 0), "doing": 1}
    qtbot.waitUntil(lambda: all(v.updatesEnabled() for v in board.views.values()))
    page.tabs.setCurrentIndex(1)
    page.search_edit.setText("垃圾")
    assert page.proxy.rowCount() == 1  # the list, when shown, follows at once
    page.tabs.setCurrentIndex(0)  # the board catches up as it is shown
    assert (board.models["listen"].rowCount(), board.models["discuss"].rowCount(),
            board.models["doing"].rowCount()) == (0, 0, 1)
    qtbot.waitUntil(lambda: all(v.updatesEnabled() for v in board.views.values()))
    # Three columns change at once (the board as the page drives it): all three hold their
    # old picture, then repaint in the next turns, left to right.
    board.set_columns(page.source_model.table,
                      page.index.columns(page.index.match(AgendaFilter(search="楼道"))))
    held = [s for s, v in board.views.items() if not v.updatesEnabled()]
    assert held == ["listen", "discuss", "doing"]
    seen: list[list[str]] = []

    def all_repainted() -> bool:
        now = [s for s in held if board.views[s].updatesEnabled()]
        seen.append(now)
        return len(now) == len(held)

    qtbot.waitUntil(all_repainted)
    assert all(now == held[:len(now)] for now in seen)  # left to right


def test_edited_card_shows_its_new_title(qtbot: QtBot, store: Store, district: District,
                                         data_dir: Path) -> None:
    item_id = item_at(store, district.garden, "listen", title="楼道堆物")
    page = _shown_page(qtbot, store, data_dir)
    model = page.board.models["listen"]
    assert model.card(0)[0] == "楼道堆物"
    with store.transaction() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        item.title = "楼道堆物清理"
    page.item_changed(item_id)
    assert model.card(0)[0] == "楼道堆物清理"
