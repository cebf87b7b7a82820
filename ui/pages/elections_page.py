"""选举: the district's elections by stage, overdue ones first, beside the panel of the selected
election (timeline, checkpoint checks and sign-off, group and candidates, ballots, tally)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import compounds
from app.agenda_rules import local_today
from app.elections import actions
from app.errors import BadInput, user_errors
from ui.columns import fit_columns
from ui.committee.reminders import TermReminderList
from ui.context import UiContext
from ui.elections.common import Clock, rules, tr
from ui.elections.models import ElectionFilterProxy, ElectionListModel
from ui.elections.new_election_dialog import NewElectionDialog
from ui.elections.panel import ElectionPanel
from ui.elections.search_keys import SearchKeys
from ui.operations import BackgroundTask, show_error
from ui.widgets import make_table

RELOAD_TABLES = {"", "elections", "compounds", "candidates", "group_members",
                 "checkpoint_approvals", "ballots", "units"}


class ElectionsPage(QWidget):
    loaded = Signal(int)

    def __init__(self, ctx: UiContext, clock: Clock | None = None) -> None:
        super().__init__()
        self.setObjectName("electionsPage")
        self.ctx = ctx
        self.clock: Clock = clock or local_today
        self.model = ElectionListModel(self)
        self._fitted = False
        self.proxy = ElectionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self.proxy, "electionTable")
        self.search = QLineEdit()
        self.search.setObjectName("electionSearch")
        self.search.setPlaceholderText(tr("搜索小区或社区（名称或拼音），回车打开"))
        self.search.setToolTip(self.search.placeholderText())
        self.search.textChanged.connect(self.proxy.set_query)
        self.search_keys = SearchKeys(self.search, self.view)  # ↓ / Enter: into the list
        self.summary = QLabel()
        self.summary.setObjectName("electionSummary")
        self.new_button = QPushButton(tr("新建选举…"))
        self.new_button.setObjectName("newElection")
        self.new_button.clicked.connect(self.new_election)
        self.new_dialog: NewElectionDialog | None = None
        self.batch_button = QPushButton(tr("批量打印结果公告…"))
        self.batch_button.setObjectName("batchResultNotices")
        self.batch_button.setToolTip(tr("为一个街道所有小区的最近一场选举生成选举结果公告（未计票的跳过）"))
        self.batch_button.clicked.connect(self.batch_result_notices)
        self.batch_status = QLabel()
        self.batch_status.setObjectName("batchStatus")
        self.batch_status.setWordWrap(True)
        self.batch_status.hide()
        self.panel = ElectionPanel(ctx, lambda: self.clock())
        self.term_reminders = TermReminderList(ctx, lambda: self.clock(), rules)  # 换届 countdowns
        self.panel.changed.connect(self.reload_list)
        self._list_task: BackgroundTask[list[Any]] | None = None
        self._generation = 0  # a newer read makes an older one's rows stale

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.search)  # a row of its own: its words are never cut
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.batch_button)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.term_reminders)
        left_layout.addWidget(self.batch_status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("electionsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([420, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        ctx.reloads.watch(self, self._data_changed, RELOAD_TABLES - {"elections"}, "elections")
        self.load_list_now()

    def load_list_now(self) -> None:
        """Read the list on this thread (the page's first showing, a new election to select)."""
        self._generation += 1
        self._show_rows(actions.list_rows(self.ctx.store, rules(), self.clock()))
        self.term_reminders.reload()

    def reload_list(self) -> BackgroundTask[list[Any]]:
        """Read the list again in the background (1,239 rows on a large district: the UI thread
        only swaps the model), keeping the selection."""
        self._generation += 1
        generation, store, ruleset, today = self._generation, self.ctx.store, rules(), self.clock()

        def shown(rows: list[Any]) -> None:
            if generation == self._generation:
                self._show_rows(rows)

        self._list_task = self.ctx.run_in_background(
            lambda _progress: actions.list_rows(store, ruleset, today), shown,
            show_progress=False, read_only=True, parent=self)
        self.term_reminders.reload_later()
        return self._list_task

    def _show_rows(self, rows: list[Any]) -> None:
        keep = self.panel.election_id
        self.model.set_records(rows)
        if not self._fitted:
            fit_columns(self.view)  # the first rows set the widths; later reloads keep them
            self._fitted = bool(rows)
        overdue = sum(1 for r in rows if r.overdue)
        summary = tr("共 {n} 场选举，其中 {o} 场超期（排在最前）。").format(n=len(rows), o=overdue)
        faulty = sum(1 for r in rows if r.bad)
        if faulty:
            summary += tr("{b} 场数据有误，排在最后。").format(b=faulty)
        self.summary.setText(summary)
        if keep:
            self.select(keep, reload_panel=False)
        self.loaded.emit(len(rows))

    def _data_changed(self) -> None:
        self.reload_list()
        if self.panel.election_id:
            self.panel.load(self.panel.election_id)

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """{"election_id": id}: show that election (an audit finding opens it)."""
        election_id = filters.get("election_id")
        if election_id:
            if self.model.row_of(str(election_id)) >= 0:
                self.search.clear()  # a search could hide it
            self.select(str(election_id))

    def select(self, election_id: str, reload_panel: bool = True) -> None:
        row = self.model.row_of(election_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        already = self.panel.election_id == election_id
        self.view.setCurrentIndex(index)  # loads the panel when the election differs
        if reload_panel and already:
            self.panel.load(election_id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        record = self.model.record(self.proxy.mapToSource(current).row())
        if record.election_id != self.panel.election_id:
            self.panel.load(record.election_id)

    def new_election(self) -> NewElectionDialog:
        from app.compound_choices import compound_choices

        free = [cid for cid, _name in actions.new_election_choices(self.ctx.store)]
        with self.ctx.store.session() as session:
            choices = compound_choices(session, only=free)
        dialog = NewElectionDialog(choices, self)
        self.new_dialog = dialog

        def accepted() -> None:
            compound_id = dialog.compound_id()
            if compound_id is None:
                return  # the dialog does not close without a pick
            try:
                eid = actions.create(self.ctx.store, compound_id, dialog.kind.currentData(),
                                     dialog.seats.value(), rules(), self.clock())
            except user_errors() as exc:
                show_error(self, exc)
                return
            self.load_list_now()
            self.select(eid)
            self.ctx.changed("elections", origin=self)

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog


    def batch_result_notices(self) -> Any:
        """批量打印: ask for a street (the search text preselects a matching one) and a folder,
        then write the result notices of its compounds in the background (progress, cancel)."""
        from app.printing.batch import compound_elections_of_street
        from ui.printing.batch import start_batch

        with self.ctx.store.session() as session:
            streets = compounds.streets(session)
        if not streets:
            show_error(self, BadInput(tr("还没有街道")))
            return None
        names = [s.label for s in streets]
        wanted = self.search.text().strip()
        current = next((n for n, name in enumerate(names) if wanted and wanted in name), 0)
        name, ok = QInputDialog.getItem(self, tr("批量打印选举结果公告"), tr("街道"), names, current, False)
        if not ok or name not in names:
            return None
        street = streets[names.index(name)]
        from ui.file_dialogs import folder_path

        folder = folder_path(self, "pdf", tr("选择保存选举结果公告的文件夹"))
        if folder is None:
            return None
        ids = compound_elections_of_street(self.ctx.store, street.id)
        if not ids:
            self._batch_message(tr("{s}没有选举，未生成文件。").format(s=street.label))
            return None

        def done(result: dict[str, Any]) -> None:
            written, skipped = result["written"], result["skipped"]
            text = tr("已生成 {n} 份选举结果公告，保存在 {f}。").format(n=len(written), f=folder)
            if skipped:
                text += tr("{k} 个小区的选举尚未计票，已跳过。").format(k=len(skipped))
            self._batch_message(text)

        return start_batch(self.ctx, "result-notice", ids, Path(folder), done)

    def _batch_message(self, text: str) -> None:
        self.batch_status.setText(text)
        self.batch_status.show()


def create_page(ctx: UiContext) -> QWidget:
    return ElectionsPage(ctx)
