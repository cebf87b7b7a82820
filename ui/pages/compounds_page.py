"""小区: the compound list (filters, pinyin search) beside the detail panel of the selected one.

The list loads in the background helper; `loaded(count)` fires once rows are in the model (the
shell's --exit-when-ready waits for it). Edits are QUndoCommands on the shared undo stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import compounds, search
from app.coverage import COVERAGE_KINDS
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES
from ui import labels
from ui.compounds.commands import EditCompoundCommand
from ui.compounds.detail import CompoundDetail
from ui.compounds.model import (
    COLUMN_KEYS,
    CompoundDelegate,
    CompoundFilterProxy,
    CompoundTableModel,
)
from ui.compounds.new_dialog import NewCompoundDialog
from ui.context import UiContext
from ui.operations import BackgroundTask, show_error
from ui.widgets import make_table, restore_header, save_header

SEARCH_CACHE_FILENAME = "search-cache.json"  # pinyin readings and keys: see app.search
RELOAD_TABLES = {"", "compounds", "communities", "streets", "property_companies",
                 "party_branches", "branch_compounds", "party_members"}
DEFAULT_WIDTHS = {"name": 9, "street": 5, "community": 6, "stage": 5, "households": 4,
                  "coverage": 5, "members": 3, "committee": 4, "acting": 4, "company": 10,
                  "address": 12}


def tr(text: str) -> str:
    return QCoreApplication.translate("CompoundsPage", text)


class CompoundsPage(QWidget):
    loaded = Signal(int)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("compoundsPage")
        self.ctx = ctx
        self._generation = 0  # loads begun: only the latest one's rows are shown
        self.model = CompoundTableModel(self)
        self.proxy = CompoundFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self.proxy, "compoundTable")
        self.delegate = CompoundDelegate(self.proxy, self.view)
        self.view.setItemDelegate(self.delegate)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(rows.ResizeMode.Fixed)  # no per-row sizes to keep
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.detail = CompoundDetail(ctx)
        self.detail.edit_requested.connect(self.edit)
        self.detail.party_changed.connect(self._party_changed)
        self.delete_box: QMessageBox | None = None
        self.new_dialog: NewCompoundDialog | None = None
        self._task: BackgroundTask[list[compounds.CompoundRow]] | None = None
        self._pending_select: str | None = None
        self.is_loaded = False

        self.street = self._filter_combo("filterStreet", tr("全部街道"))
        self.community = self._filter_combo("filterCommunity", tr("全部社区"))
        self.stage = self._filter_combo("filterStage", tr("全部生命周期"),
                                        [(labels.label(labels.LIFECYCLE, s), s)
                                         for s in LIFECYCLE_STAGES])
        self.coverage = self._filter_combo("filterCoverage", tr("全部覆盖情况"),
                                           [(labels.label(labels.COVERAGE, c), c)
                                            for c in COVERAGE_KINDS])
        self.committee = self._filter_combo("filterCommittee", tr("全部业委会状态"),
                                            [(labels.label(labels.COMMITTEE_STATUS, c), c)
                                             for c in COMMITTEE_STATUSES])
        self.acting = self._filter_combo("filterActing", tr("以居代业：全部"),
                                         [(tr("以居代业：是"), True), (tr("以居代业：否"), False)])
        self.street.currentIndexChanged.connect(self._street_changed)
        clear = QPushButton(tr("清除筛选"))
        clear.clicked.connect(self.clear_filters)
        self.count_label = QLabel("")
        self.count_label.setObjectName("compoundCount")
        self.new_button = QPushButton(tr("新建小区…"))
        self.new_button.clicked.connect(self.new_compound)
        self.delete_button = QPushButton(tr("删除小区…"))
        self.delete_button.clicked.connect(self.delete_selected)

        filters = QHBoxLayout()  # two rows: the list stays narrow enough at a larger text size
        more_filters = QHBoxLayout()
        for row, combos in ((filters, (self.street, self.community, self.stage)),
                            (more_filters, (self.coverage, self.committee, self.acting))):
            for combo in combos:
                row.addWidget(combo, 1)
        more_filters.addWidget(clear)
        self.count_label.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.new_button)
        actions.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addLayout(filters)
        left_layout.addLayout(more_filters)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("compoundsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.proxy.modelReset.connect(self._update_count)
        ctx.reloads.watch(self, self.reload, RELOAD_TABLES, "compounds")
        self._restore_layout()
        self.reload()

    # ----- building -------------------------------------------------------------------------
    def _filter_combo(self, name: str, everything: str,
                      items: list[tuple[str, Any]] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        # narrow enough for a 1366-pixel screen in either language: the row shares its width
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        combo.addItem(everything, None)
        for text, value in items or []:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._filters_changed)
        return combo

    def _restore_layout(self) -> None:
        if not restore_header(self.view, self.ctx.settings, "compounds"):
            em = self.fontMetrics().horizontalAdvance("汉")
            header = self.view.horizontalHeader()
            for column, key in enumerate(COLUMN_KEYS):  # never narrower than the header's words
                self.view.setColumnWidth(column, max(DEFAULT_WIDTHS[key] * em + 16,
                                                     header.sectionSizeHint(column)))
        state = self.ctx.settings.value("splitter/compounds")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([760, 520])

    def save_layout(self) -> None:
        save_header(self.view, self.ctx.settings, "compounds")
        self.ctx.settings.setValue("splitter/compounds", self.splitter.saveState())

    # ----- loading --------------------------------------------------------------------------
    def reload(self) -> BackgroundTask[list[compounds.CompoundRow]]:
        """Load every row in the background helper, then show them."""
        store = self.ctx.store
        cache = self.ctx.data_dir / SEARCH_CACHE_FILENAME
        first = not self.is_loaded
        self._generation += 1
        generation = self._generation

        def loaded(rows: list[compounds.CompoundRow]) -> None:
            if generation == self._generation:  # an earlier load finishing last is stale
                self._rows_loaded(rows)

        def load(_progress: Any) -> list[compounds.CompoundRow]:
            if first:
                search.load_cache(cache)
            with store.session() as session:
                rows = compounds.list_rows(session)
            search.save_cache(cache)
            return rows

        self._task = self.ctx.run_in_background(load, loaded,
                                                label=tr("正在载入小区…"), parent=self,
                                                read_only=True)
        return self._task

    def _rows_loaded(self, rows: list[compounds.CompoundRow]) -> None:
        keep = self._pending_select or self.current_id()
        self._pending_select = None
        self.model.set_rows(rows)
        self._fill_place_filters()
        self.is_loaded = True
        self._update_count()
        if keep and self.model.row_of(keep) >= 0:
            self.select_compound(keep)
        else:
            self.detail.load(None)
        self.loaded.emit(len(rows))

    def _fill_place_filters(self) -> None:
        streets = sorted({(r.street_name, r.street_id) for r in self.model.rows})
        self._refill(self.street, streets)
        self._street_changed()

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
        combo.blockSignals(False)

    @Slot()
    def _street_changed(self) -> None:
        street_id = self.street.currentData()
        communities = sorted({(r.community_name, r.community_id) for r in self.model.rows
                              if street_id is None or r.street_id == street_id})
        self._refill(self.community, communities)
        self._filters_changed()

    # ----- filters and search ---------------------------------------------------------------
    def current_filters(self) -> dict[str, Any]:
        return {"street_id": self.street.currentData(),
                "community_id": self.community.currentData(),
                "lifecycle_stage": self.stage.currentData(),
                "coverage": self.coverage.currentData(),
                "committee_status": self.committee.currentData(),
                "acting": self.acting.currentData()}

    @Slot()
    def _filters_changed(self) -> None:
        self.proxy.set_filters(self.current_filters())
        self._update_count()

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """Show the list filtered as asked (the dashboard's bars send street/coverage); or open
        one compound at one of its tabs ({"compound_id": id, "tab": "committee"}: from an audit
        finding or an election)."""
        if filters.get("compound_id"):
            self.open_at(str(filters["compound_id"]), filters.get("tab"))
            return
        combos = {"street_id": self.street, "community_id": self.community,
                  "lifecycle_stage": self.stage, "coverage": self.coverage,
                  "committee_status": self.committee, "acting": self.acting}
        for combo in combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.street.blockSignals(True)
        self.street.setCurrentIndex(max(self.street.findData(filters.get("street_id")), 0))
        self.street.blockSignals(False)
        self._street_changed()
        for key, combo in combos.items():
            if key != "street_id" and filters.get(key) is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(filters[key]), 0))
                combo.blockSignals(False)
        self._filters_changed()

    @Slot()
    def clear_filters(self) -> None:
        self.apply_filters({})

    def set_search_text(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    @Slot()
    def _update_count(self) -> None:
        self.count_label.setText(tr("显示 {shown} / 共 {total} 个小区").format(
            shown=self.proxy.rowCount(), total=self.model.rowCount()))

    # ----- selection ------------------------------------------------------------------------
    def current_id(self) -> str | None:
        return self.proxy.compound_id(self.view.currentIndex())

    def select_compound(self, compound_id: str) -> bool:
        if not self.is_loaded:
            self._pending_select = compound_id
            return False
        source_row = self.model.row_of(compound_id)
        if source_row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():  # filtered out: show everything so it can be seen
            self.apply_filters({})
            self.proxy.set_search("")
            proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.view.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(proxy_index)
        if self.detail.compound_id != compound_id:
            self.detail.load(compound_id)
        return True

    def open_at(self, compound_id: str, tab: str | None) -> bool:
        """Select the compound and show the tab holding the record: "committee" (本届业委会),
        "elections" (业委会与选举) or "agenda" (议事); the keyboard goes to the tab."""
        if not self.select_compound(compound_id):
            return False
        widget = {"committee": self.detail.sitting, "elections": self.detail.committee,
                  "agenda": self.detail.agenda}.get(tab or "")
        if widget is not None:
            self.detail.tabs.setCurrentWidget(widget)
            widget.setFocus()
        return True

    @Slot()
    def _current_changed(self, current: Any, _previous: Any) -> None:
        compound_id = self.proxy.compound_id(current)
        if compound_id is None:
            return  # filtered out of view: keep showing it rather than re-reading nothing
        if compound_id != self.detail.compound_id:
            self.detail.load(compound_id)

    # ----- changes --------------------------------------------------------------------------
    @Slot(str, dict)
    def edit(self, compound_id: str, changes: dict[str, Any]) -> None:
        """Save valid field changes as one undoable command (written in the background)."""
        command = EditCompoundCommand(self.ctx.store, compound_id, changes,
                                      after=self._written,
                                      on_error=lambda exc: show_error(self, exc),
                                      run=self.ctx.run_in_background)
        self.ctx.undo_stack.push(command)

    def _written(self, compound_id: str, row: compounds.CompoundRow | None) -> None:
        """A save or undo is in the store: show its row (read with it), refresh the detail in
        the background, and tell the other pages."""
        if row is not None:
            self.model.upsert(row)
        else:
            self.model.remove(compound_id)
        if self.detail.compound_id == compound_id:
            if row is not None:
                self.detail.refresh_later(compound_id)
            else:
                self.detail.load(None)
        self._update_count()
        self.ctx.changed("compounds", origin=self)

    def refresh_one(self, compound_id: str) -> None:
        """Re-read one row after an edit (fast, on this thread), and tell the other pages."""
        with self.ctx.store.session() as session:
            rows = compounds.list_rows(session, [compound_id])
        if rows:
            self.model.upsert(rows[0])
        else:
            self.model.remove(compound_id)
        if self.detail.compound_id == compound_id:
            self.detail.load(compound_id if rows else None)
        self._update_count()
        self.ctx.changed("compounds", origin=self)

    @Slot()
    def _party_changed(self) -> None:
        self.reload()  # a joint branch changes the coverage of several rows
        self.ctx.changed("party_branches", origin=self)

    @Slot()
    def new_compound(self) -> NewCompoundDialog:
        self.new_dialog = NewCompoundDialog(
            self.ctx, self.community.currentData(), parent=self)
        self.new_dialog.accepted.connect(self._created)
        self.new_dialog.open()
        return self.new_dialog

    @Slot()
    def _created(self) -> None:
        if self.new_dialog is None or self.new_dialog.created_id is None:
            return
        compound_id = self.new_dialog.created_id
        self.refresh_one(compound_id)
        self._fill_place_filters()
        self.select_compound(compound_id)

    @Slot()
    def delete_selected(self) -> QMessageBox | None:
        """Ask, then tombstone the selected compound."""
        compound_id = self.current_id()
        if compound_id is None:
            return None
        name = self.model.compound(self.model.row_of(compound_id)).name
        box = QMessageBox(QMessageBox.Icon.Question, tr("删除小区"),
                          tr("确定删除“{name}”吗？删除后在列表中不再显示，操作记录会保留。")
                          .format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(tr("删除"))
        box.button(QMessageBox.StandardButton.No).setText(tr("取消"))

        def answered(result: int) -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
                return
            with self.ctx.store.transaction() as session:
                compounds.delete(session, compound_id)
            self.ctx.undo_stack.clear()  # earlier edits of a deleted row cannot be undone
            self.refresh_one(compound_id)

        box.finished.connect(answered)
        self.delete_box = box
        box.open()
        return box


def create_page(ctx: UiContext) -> QWidget:
    return CompoundsPage(ctx)
