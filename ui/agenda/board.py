"""The board: one column per stage with its count; cards move by drag or keyboard, always
through the state machine (the page opens the stage dialog and shows any refusal)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.agenda import STAGES, ItemTable, next_stages
from app.agenda_rules import local_today
from ui.agenda import labels
from ui.agenda.card_delegate import CardDelegate
from ui.agenda.labels import tr
from ui.agenda.model import CardTexts, StageColumnModel

# A column is a working surface, not an archive: beyond this many cards the list view (same
# filters) is the place to browse. Counts in the headers are always complete.
CARD_LIMIT = 300
# Card drawing per event-loop turn while columns wait to repaint (about a dozen new cards take
# 3-6 ms): with the repaint's blits each turn stays well inside a 16 ms frame.
DRAW_BUDGET_S = 0.002


class BoardView(QWidget):
    """Seven columns. Keys on a card: Ctrl+→ advance to the usual next stage, Ctrl+M choose the
    next stage from a menu, Enter open the detail.

    A filter change (a search keystroke) resets only the columns whose cards changed; the
    models and counts are current at once. Those columns keep their old picture (updates held)
    while the cards they will show are drawn in later turns of the event loop, at most
    DRAW_BUDGET_S of drawing per turn, and each repaints (blits) in a turn of its own once
    drawn, left to right: the cards appear within a few frames, and no step of the event loop
    draws a whole column of new cards, so the window keeps taking keys."""

    move_requested = Signal(str, str)  # item id, target stage
    item_selected = Signal(str)
    item_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.models: dict[str, StageColumnModel] = {}
        self.views: dict[str, QListView] = {}
        self.delegates: dict[str, CardDelegate] = {}
        self.headers: dict[str, QLabel] = {}
        self.totals: dict[str, int] = {}
        self.texts = CardTexts()  # the cards' words, shared by the columns
        self._to_paint: list[str] = []  # changed columns not yet repainted, in board order
        self._painter = QTimer(self)
        self._painter.setSingleShot(True)
        self._painter.setInterval(0)
        self._painter.timeout.connect(self._paint_next)
        for stage in STAGES:
            column = QVBoxLayout()
            header = QLabel()
            header.setObjectName(f"boardHeader_{stage}")
            header.setStyleSheet("font-weight: bold; padding: 2px 4px;")
            # Two lines of fixed height whose text never widens the column: new counts then
            # repaint the header alone instead of re-laying out (and repainting) the board.
            header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            header.setFixedHeight(2 * header.fontMetrics().lineSpacing() + 8)
            header.setToolTip(tr(labels.STAGE_HINT[stage]))
            model = StageColumnModel(stage, self, self.texts)
            model.move_requested.connect(self.move_requested)
            view = QListView()
            view.setObjectName(f"boardColumn_{stage}")
            view.setModel(model)
            delegate = CardDelegate(model, view)
            view.setItemDelegate(delegate)
            view.setUniformItemSizes(True)
            view.setWordWrap(False)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            view.setMinimumWidth(110)  # seven columns and the detail fit 1366 px, also at 特大 text
            view.setDragEnabled(True)
            view.setAcceptDrops(True)
            view.setDropIndicatorShown(True)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
            view.setDefaultDropAction(Qt.DropAction.MoveAction)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # ids underneath
            view.installEventFilter(self)
            view.selectionModel().currentChanged.connect(self._current_changed)
            view.activated.connect(self._activated)
            column.addWidget(header)
            column.addWidget(view, 1)
            layout.addLayout(column, 1)
            self.models[stage], self.views[stage], self.headers[stage] = model, view, header
            self.delegates[stage] = delegate
        self.set_columns(ItemTable(today=local_today(), places={}), {s: [] for s in STAGES})

    def set_columns(self, table: ItemTable, columns: dict[str, list[int]], *,
                    totals: dict[str, int] | None = None,
                    overdue: dict[str, int] | None = None) -> None:
        """Show each stage's cards (the first CARD_LIMIT, overdue first) and its full count.

        `totals`/`overdue` give the counts when `columns` holds only the first cards (the
        board's head, shown before the whole table is read); by default they are counted."""
        late_rows = table.overdue
        self.texts.use(table)
        self.totals = {stage: len(columns.get(stage, [])) for stage in STAGES}
        if totals is not None:
            self.totals.update(totals)
        changed = []
        for stage in STAGES:
            rows = columns.get(stage, [])
            cards = rows[:CARD_LIMIT]
            if not self.models[stage].shows(table, cards):
                self.models[stage].set_rows(table, cards)
                changed.append(stage)
            total = self.totals[stage]
            late = overdue.get(stage, 0) if overdue is not None else sum(map(late_rows.__getitem__, rows))
            text = f"{labels.stage(stage)}  {total}"
            if late:
                text += "\n" + tr("逾期 {n}").format(n=late)
            self.headers[stage].setText(text)
            self.headers[stage].setToolTip(
                tr(labels.STAGE_HINT[stage]) + ("\n" + tr(
                    "只显示前 {limit} 张卡片；用上方筛选或“列表”查看全部 {n} 项").format(
                    limit=CARD_LIMIT, n=total) if total > CARD_LIMIT else ""))
        self._paint_in_turns(changed)

    def forget_cards(self) -> None:
        """The table's rows changed in place (an edit): every card is read and drawn again."""
        self.texts.forget()
        for model in self.models.values():
            model.set_rows(model.table, list(model.table_rows()))

    def _paint_in_turns(self, changed: list[str]) -> None:
        """Hold the changed columns' updates; they are drawn and repainted in later turns."""
        if not self.isVisible():
            return
        pending = [s for s in STAGES if s in changed or s in self._to_paint]
        for stage in pending:
            self.views[stage].setUpdatesEnabled(False)
        self._to_paint = pending
        if pending:
            self._painter.start()

    def _paint_next(self) -> None:
        """One turn: draw the first waiting column's cards (within the budget) or, once they
        are all drawn, let it repaint."""
        if self._to_paint:
            stage = self._to_paint[0]
            view = self.views[stage]
            if self.delegates[stage].prepare(view, time.perf_counter() + DRAW_BUDGET_S):
                self._to_paint.pop(0)
                view.setUpdatesEnabled(True)  # repaints it
        if self._to_paint:
            self._painter.start()

    def paint_now(self) -> None:
        """Lay out and paint the cards at once (not at the next turn of the event loop)."""
        self._painter.stop()
        self._to_paint = []
        for view in self.views.values():
            view.setUpdatesEnabled(True)
            view.doItemsLayout()
        self.repaint()

    def count(self, stage: str) -> int:
        """Items at `stage` under the current filter (cards shown may be fewer: CARD_LIMIT)."""
        return self.totals.get(stage, 0)

    def select(self, item_id: str) -> bool:
        """Put the keyboard on the card of `item_id` (after a reload, say)."""
        for stage, model in self.models.items():
            for row in range(model.rowCount()):
                if model.item_id(row) == item_id:
                    view = self.views[stage]
                    view.setCurrentIndex(model.index(row))
                    view.setFocus()
                    return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.item_selected.emit(str(current.data()))

    def _activated(self, index: QModelIndex) -> None:
        self.item_activated.emit(str(index.data()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QListView):
            key_event = event if isinstance(event, QKeyEvent) else None
            if key_event is not None and self._key(watched, key_event):
                return True
        return super().eventFilter(watched, event)

    def _key(self, view: QListView, event: QKeyEvent) -> bool:
        index = view.currentIndex()
        stage = next((s for s, v in self.views.items() if v is view), None)
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if stage is None:
            return False
        if ctrl and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not index.isValid():
            return False
        if ctrl and event.key() == Qt.Key.Key_Right:
            targets = next_stages(stage)
            if targets:
                self.move_requested.emit(str(index.data()), targets[0])
            return True
        if ctrl and event.key() == Qt.Key.Key_M and index.isValid():
            self.stage_menu(view, str(index.data()), stage)
            return True
        if not ctrl and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            order = list(STAGES)
            step = 1 if event.key() == Qt.Key.Key_Right else -1
            target = self.views[order[(order.index(stage) + step) % len(order)]]
            target.setFocus()
            if not target.currentIndex().isValid() and target.model().rowCount():
                target.setCurrentIndex(target.model().index(0, 0))
            return True
        return False

    def stage_menu(self, view: QListView, item_id: str, stage: str) -> None:
        menu = QMenu(view)
        for target in next_stages(stage):
            action = menu.addAction(tr("转到「{stage}」").format(stage=labels.stage(target)))
            action.triggered.connect(
                lambda _checked=False, t=target: self.move_requested.emit(item_id, t))
        rect = view.visualRect(view.currentIndex())
        menu.popup(view.viewport().mapToGlobal(rect.bottomLeft()))
