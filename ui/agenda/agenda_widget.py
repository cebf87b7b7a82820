"""The 议事 page: a filter bar shared by the board and the list, and the item detail beside them.

Opening is progressive: a first background read gives the board its complete counts and the
first cards of every stage (app.agenda.load_board_head, a narrow scan); once they are painted a
second one reads the whole ItemTable of columns with a FilterIndex built beside it, for the
list, the filters and the rest of the cards. The whole table is the table is the one source model, the list is an index-list proxy over it and the
board's columns are built from the same matched rows. A filter change is one pass of plain
Python (see ui/agenda/filtering.py) and one model reset per view. A stage change reloads only
the changed row.

A change in the filter bar (a search keystroke) filters at once and updates the count and the
list; the board's columns follow on the next turn of the event loop (and their cards in the
turns after: see board.py), so no single step does all of a keystroke's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import agenda
from app.agenda import STAGES, BoardHead, ItemTable, StageChange
from app.agenda_rules import load_rules, local_today
from app.errors import BadInput
from app.messages import Problem
from app.standing_in import parties
from db.models import AgendaItem
from ui.agenda import labels
from ui.agenda.board import BoardView
from ui.agenda.detail import ItemDetail
from ui.agenda.filtering import AgendaFilter, FilterIndex
from ui.agenda.labels import tr
from ui.agenda.model import (
    ID_ROLE,
    AgendaTableModel,
    ChoiceModel,
    IndexListProxy,
    list_delegate,
)
from ui.agenda.new_item_dialog import NewItemDialog, NewItemValues
from ui.agenda.stage_dialog import StageDialog
from ui.context import UiContext
from ui.operations import error_text, show_error
from ui.yielding import interacting

# Cards per stage read for the board's first screen (a tall screen shows ~20 per column); the
# rest, up to board.CARD_LIMIT, arrive with the whole table.
HEAD_CARDS = 40


@dataclass
class Loaded:
    table: ItemTable
    index: FilterIndex
    compounds: list[tuple[str, str, str, str]]
    today: date


def load(ctx_store: Any, today: date | None = None) -> Loaded:
    """Everything the page shows, filter index included (runs in a worker thread)."""
    with ctx_store.session() as s:
        day = today or local_today()
        table = agenda.load_item_table(s, today=day)
    compounds = [(cid, name, sid, street) for cid, (name, sid, street) in table.places.items()]
    index = FilterIndex(table)
    index.warm()  # here, not in the caseworker's first keystrokes
    return Loaded(table, index, compounds, day)


def load_head(ctx_store: Any, today: date | None = None) -> BoardHead:
    """The board's first screen: every stage's counts and first cards (a worker thread)."""
    with ctx_store.session() as s:
        return agenda.load_board_head(s, per_stage=HEAD_CARDS, today=today or local_today())


def _owners_vote_missing(session: Session, item: AgendaItem) -> Problem | None:
    """Why an owners' matter cannot reach 定 yet (no passed owners' vote), or None."""
    from app.owners_votes.agenda_matters import decide_problem, owners_matter

    if owners_matter(item.category) is None:
        return None
    from app.rules import load_rules

    return decide_problem(session, item, load_rules())


class AgendaWidget(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *,
                 start_loading: bool = False) -> None:
        """`start_loading`: read the board's head in the background while the widgets are
        built (what opening the page does); otherwise call reload() or apply_loaded()."""
        super().__init__(parent)
        self.ctx = ctx
        self.today = local_today()
        self.loaded = False
        self.compounds: list[tuple[str, str, str, str]] = []
        self.wanted = AgendaFilter()
        self.source_model = AgendaTableModel(self)
        self.index = FilterIndex(self.source_model.table)
        # The list shows the matched rows through an index-list proxy; only the visible view
        # (board or list) is brought up to date on a filter change, the other when shown.
        self.proxy = IndexListProxy(self)
        self.proxy.setSourceModel(self.source_model)
        self._matched: list[int] | None = None
        self._list_stale = self._board_stale = True
        self._board_turn = QTimer(self)  # the board's update after a filter-bar change
        self._board_turn.setSingleShot(True)
        self._board_turn.setInterval(0)
        self._board_turn.timeout.connect(self._update_visible)
        self.head_shown = False  # the board shows its head (counts + first cards), table pending
        self._generation = 0  # a newer reload makes older deliveries stale
        self._reload_when_loaded = False
        self._open_when_loaded: str | None = None  # an item asked for before the table arrived
        if start_loading:  # delivered once the widgets exist: results arrive via the event loop
            self.reload()
        self._build()
        ctx.reloads.watch(self, self._data_changed, ("agenda_items", "compounds", "meetings"),
                          "agenda")

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        bar = self._build_filter_bar()
        self._build_board_and_list()
        splitter = self._build_views()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

    def _build_filter_bar(self) -> QHBoxLayout:
        """Street, compound, stage, category, overdue, responsible, search; 新增事项."""
        self.compound_box = QComboBox()
        self.compound_box.setObjectName("filterCompound")
        self.compound_box.setEditable(True)
        self.compound_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.compound_box.setMinimumContentsLength(10)
        self.street_box = QComboBox()
        self.street_box.setObjectName("filterStreet")
        self.street_box.setMinimumContentsLength(6)
        # 2,000 compounds: a model set in one step, and no measuring of every name for the width.
        self.compound_choices = ChoiceModel(self)
        self.street_choices = ChoiceModel(self)
        for box, model in ((self.compound_box, self.compound_choices),
                           (self.street_box, self.street_choices)):
            box.setModel(model)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.stage_box = QComboBox()
        self.stage_box.setObjectName("filterStage")
        self.stage_box.addItem(tr("全部阶段"), None)
        for stage in STAGES:
            self.stage_box.addItem(labels.stage(stage), stage)
        self.category_box = QComboBox()
        self.category_box.setObjectName("filterCategory")
        self.category_box.addItem(tr("全部类别"), None)
        for key in load_rules().categories:
            self.category_box.addItem(labels.category(key), key)
        for box in (self.stage_box, self.category_box):  # long words never widen the page
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.overdue_box = QCheckBox(tr("只看逾期"))
        self.overdue_box.setObjectName("filterOverdue")
        self.responsible_edit = QLineEdit()
        self.responsible_edit.setObjectName("filterResponsible")
        self.responsible_edit.setPlaceholderText(tr("责任方"))
        self.responsible_edit.setClearButtonEnabled(True)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("filterSearch")
        self.search_edit.setPlaceholderText(tr("搜索事项或小区（可用拼音首字母）"))
        self.search_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton(tr("新增事项"))
        self.new_button.setObjectName("newItem")
        self.new_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))  # Ctrl+N
        self.new_button.setEnabled(False)  # until the compound list is in (apply_loaded)
        self.new_button.clicked.connect(self.new_item)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        for widget in (self.street_box, self.compound_box, self.stage_box, self.category_box,
                       self.overdue_box, self.responsible_edit):
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)
        self.compound_box.currentIndexChanged.connect(self._filters_changed)
        self.street_box.currentIndexChanged.connect(self._filters_changed)
        self.stage_box.currentIndexChanged.connect(self._filters_changed)
        self.category_box.currentIndexChanged.connect(self._filters_changed)
        self.overdue_box.toggled.connect(self._filters_changed)
        self.responsible_edit.textChanged.connect(self._filters_changed)
        self.search_edit.textChanged.connect(self._filters_changed)
        return bar

    def _build_board_and_list(self) -> None:
        """The board (cards by stage) and the list (one row per item) over the same rows."""
        self.board = BoardView()
        self.board.move_requested.connect(self.request_move)
        self.board.item_selected.connect(self.show_detail)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setObjectName("agendaList")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(False)  # header click sorts (see _sort) without re-sorting 20k rows per filter
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(6, 140)  # "2026-03-01 逾期" whole, not elided
        self.table.setColumnWidth(7, 120)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line per row: no text layout per painted cell
        self.table.setItemDelegate(list_delegate(self.proxy, self.source_model, self.table))
        self.table.selectionModel().currentRowChanged.connect(self._list_current)

    def _build_views(self) -> QSplitter:
        """看板 / 列表 tabs beside the item detail."""
        self.tabs = QTabWidget()
        self.tabs.addTab(self.board, tr("看板"))
        self.tabs.addTab(self.table, tr("列表"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.detail = ItemDetail(self.ctx.store, ctx=self.ctx)
        self.detail.move_requested.connect(self.request_move)
        self.detail.edited.connect(self.item_changed)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(300)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1150, 380])
        return splitter

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load in the background; the page shows the rows when they arrive.

        The first time, the board's head comes first (see the module docstring); later reloads
        (data changed elsewhere) keep the cards shown and replace them when the table arrives.
        """
        self._generation += 1
        generation = self._generation
        store = self.ctx.store
        if self.loaded or self.head_shown:
            self._load_table(generation)
            return
        self.ctx.run_in_background(
            lambda _p: load_head(store), lambda head: self._head_arrived(generation, head),
            label=tr("正在载入议事事项…"), show_progress=False, read_only=True)

    def _load_table(self, generation: int) -> None:
        store = self.ctx.store
        self.ctx.run_in_background(
            lambda _p: load(store), lambda data: self._table_arrived(generation, data),
            label=tr("正在载入议事事项…"), show_progress=False, read_only=True)

    def _head_arrived(self, generation: int, head: BoardHead) -> None:
        if generation != self._generation:
            return
        self.apply_head(head)
        # Painted now, before the table is read: the worker's Python would otherwise compete
        # with this paint for the interpreter (and the paint would wait on it).
        if self.board.isVisible():
            self.board.paint_now()
        self._load_table(generation)

    def _table_arrived(self, generation: int, data: Loaded) -> None:
        if generation == self._generation:
            self.apply_loaded(data)

    def apply_head(self, head: BoardHead) -> None:
        """Show the board's complete counts and first cards while the whole table loads.

        Skipped when filters are already asked for (the dashboard opening the page on one
        compound, say): the head is unfiltered, so the board waits for the table instead."""
        if self.loaded or self.wanted != AgendaFilter():
            return
        self.today = head.table.today
        self.board.set_columns(head.table, head.columns, totals=head.totals, overdue=head.overdue)
        self._board_stale = True  # the full columns replace these when the table arrives
        self.head_shown = True
        total = sum(head.totals.values())
        self.count_label.setText(tr("{total} 项（载入中…）").format(total=total))

    def apply_loaded(self, data: Loaded) -> None:
        self.today = data.today
        self.compounds = data.compounds
        self._fill_pickers()
        self.source_model.set_table(data.table)
        self.index = data.index
        self.loaded = True
        self.new_button.setEnabled(True)
        self.head_shown = False
        self.refilter()
        if self._open_when_loaded is not None:
            self.open_item(self._open_when_loaded)
        if self._reload_when_loaded:  # an edit made while the table was still loading
            self._reload_when_loaded = False
            self.reload()

    def _fill_pickers(self) -> None:
        for box in (self.compound_box, self.street_box):
            box.blockSignals(True)
        # What was asked for (possibly before the pickers had any entries to show it).
        current_compound, current_street = self.wanted.compound_id, self.wanted.street_id
        streets: dict[str, str] = {}
        for _cid, _name, sid, street in self.compounds:
            streets.setdefault(sid, street)
        self.compound_choices.set_choices(
            tr("全部小区"), [(name, cid) for cid, name, _sid, _street in self.compounds])
        self.street_choices.set_choices(tr("全部街道"), [(name, sid) for sid, name in streets.items()])
        self.compound_box.setCurrentIndex(self.compound_choices.row_of(current_compound))
        self.street_box.setCurrentIndex(self.street_choices.row_of(current_street))
        for box in (self.compound_box, self.street_box):
            box.blockSignals(False)

    # --- filtering ---------------------------------------------------------------------------

    def _filters_changed(self, *_args: object) -> None:
        interacting()  # the audit, if running, waits while the caseworker types
        # Before the table arrives the place pickers are empty: keep the place asked for.
        self.wanted = AgendaFilter(
            compound_id=self.compound_box.currentData() if self.loaded else self.wanted.compound_id,
            street_id=self.street_box.currentData() if self.loaded else self.wanted.street_id,
            stage=self.stage_box.currentData(),
            category=self.category_box.currentData(),
            overdue_only=self.overdue_box.isChecked(),
            responsible=self.responsible_edit.text(),
            search=self.search_edit.text(),
        )
        self.refilter(board_later=True)

    def set_filter(self, wanted: AgendaFilter) -> None:
        """Apply filters from code (the dashboard's show_page, tests)."""
        self.wanted = wanted
        for box, value in ((self.stage_box, wanted.stage), (self.category_box, wanted.category)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        for box, choices, value in ((self.compound_box, self.compound_choices, wanted.compound_id),
                                    (self.street_box, self.street_choices, wanted.street_id)):
            box.blockSignals(True)
            box.setCurrentIndex(choices.row_of(value))
            box.blockSignals(False)
        for widget, text in ((self.responsible_edit, wanted.responsible),
                             (self.search_edit, wanted.search)):
            widget.blockSignals(True)
            widget.setText(text)
            widget.blockSignals(False)
        self.overdue_box.blockSignals(True)
        self.overdue_box.setChecked(wanted.overdue_only)
        self.overdue_box.blockSignals(False)
        self._filters_changed()

    def refilter(self, *, board_later: bool = False) -> None:
        """Filter and bring the visible view up to date; `board_later`: the board on the next
        turn of the event loop (the list, if shown, at once)."""
        if not self.loaded:
            return  # applied when the table arrives
        self._matched = self.index.match(self.wanted)
        self._list_stale = self._board_stale = True
        if board_later and self.tabs.currentWidget() is not self.table:
            self._board_turn.start()
        else:
            self._update_visible()
        total = len(self.source_model.table)
        shown = total if self._matched is None else len(self._matched)
        self.count_label.setText(tr("{shown} / {total} 项").format(shown=shown, total=total))

    def _update_visible(self) -> None:
        """Bring the visible view (board or list) up to the current filter."""
        if self.tabs.currentWidget() is self.table:
            if self._list_stale:
                self.proxy.set_matched(self._matched)
                self._list_stale = False
        elif self._board_stale:
            self.board.set_columns(self.source_model.table, self.index.columns(self._matched),
                                   overdue=self.index.overdue_counts(self._matched))
            self._board_stale = False

    def _tab_changed(self) -> None:
        self._update_visible()

    def _sort(self, column: int) -> None:
        order = Qt.SortOrder.AscendingOrder
        if self.proxy.sortColumn() == column and self.proxy.sortOrder() == order:
            order = Qt.SortOrder.DescendingOrder
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.proxy.sort(column, order)

    # --- selection and moves -----------------------------------------------------------------

    def _list_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_detail(str(self.proxy.mapToSource(current).siblingAtColumn(0).data(ID_ROLE)))

    def show_detail(self, item_id: str) -> None:
        try:
            self.detail.show_item(item_id)
        except BadInput as exc:
            show_error(self, exc)

    def request_move(self, item_id: str, target: str) -> StageDialog | None:
        """Open the dialog for the fields `target` needs; illegal jumps are refused at once."""
        with self.ctx.store.session() as s:
            item = agenda.get_item(s, item_id)
            roles = parties(s, item.compound_id)  # 以居代业: the residents' committee's seat
            owners_problem = _owners_vote_missing(s, item) if target == agenda.DECIDE else None
            s.expunge(item)
        if owners_problem and (item.stage, target) in agenda.TRANSITIONS:
            self.last_error = str(owners_problem)  # said before the caseworker types a decision
            show_error(self, BadInput(owners_problem))
            return None
        if (item.stage, target) not in agenda.TRANSITIONS:
            try:
                with self.ctx.store.transaction() as s:
                    agenda.advance(s, item_id, target, StageChange())
            except BadInput as exc:
                self.last_error = error_text(exc)
                show_error(self, exc)
            return None

        def run(change: StageChange) -> None:
            with self.ctx.store.transaction() as s:
                agenda.advance(s, item_id, target, change)
            self.item_changed(item_id)

        dialog = StageDialog(item, target, run, self.today, self, roles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog: StageDialog | NewItemDialog = dialog
        return dialog

    def item_changed(self, item_id: str) -> None:
        """Reload one row after an edit, keep the filters, keep the card selected."""
        if not self.loaded:  # only the head is shown: the table being read may predate the edit
            self._reload_when_loaded = True
            self.detail.show_item(item_id)
            self._tell_others()
            return
        with self.ctx.store.session() as s:
            fresh = agenda.load_item_table(s, today=self.today, item_ids=[item_id])
        table = self.source_model.table
        position = table.position(item_id)
        if len(fresh) and position is not None:
            table.copy_row(fresh, 0, position)
        elif len(fresh):
            table.copy_row(fresh, 0, 0, insert=True)
        self.source_model.set_table(table)
        self.proxy.setSourceModel(self.source_model)
        self.index = FilterIndex(table)
        self.board.forget_cards()  # the rows changed in place: the cards' words are read again
        self.refilter()
        self.board.select(item_id)
        self.detail.show_item(item_id)
        self._tell_others()

    def _tell_others(self) -> None:
        """Other pages reload; this one has already updated itself."""
        self.ctx.changed("agenda_items", origin=self)

    def new_item(self) -> NewItemDialog:
        def run(values: NewItemValues) -> None:
            with self.ctx.store.transaction() as s:
                item = agenda.create_item(s, **values)
                item_id = item.id
            self.item_changed(item_id)

        from app.compound_choices import compound_choices

        with self.ctx.store.session() as s:
            choices = compound_choices(s)
        dialog = NewItemDialog(choices, self.today, run, self,
                               compound_id=self.compound_box.currentData())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _data_changed(self) -> None:
        if self.loaded:
            self.reload()
        else:  # still loading: read again once this load is in
            self._reload_when_loaded = True

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """Called by the main window's show_page("agenda", filters), e.g. from the dashboard:
        {"compound_id": …, "street_id": …, "stage": …, "category": …, "overdue_only": True,
        "responsible": …, "search": …}; and {"item_id": …} opens that item (我的待办); unknown
        keys are ignored."""
        known = {k: v for k, v in filters.items() if k in AgendaFilter.__dataclass_fields__}
        self.set_filter(AgendaFilter(**known))
        if filters.get("item_id"):
            self.open_item(str(filters["item_id"]))

    def open_item(self, item_id: str) -> None:
        """Show the item in the detail and put the keyboard on its card (once loaded)."""
        if not self.loaded:
            self._open_when_loaded = item_id
            return
        self._open_when_loaded = None
        self.board.select(item_id)
        self.detail.show_item(item_id)
