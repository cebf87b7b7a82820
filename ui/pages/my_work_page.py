"""我的待办: the start page — what is overdue, due this week and soon for the caseworker's own
street (or the compounds they chose), across elections, 换届, agenda items and meetings. Enter or
a double-click opens the row's record on its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import my_scope, my_work
from app.errors import BadInput
from app.my_work import MyWork, WorkRow
from ui.context import UiContext
from ui.my_work.model import MyWorkModel, group_title, left_text
from ui.operations import BackgroundTask, readable_error

FIRST_READ_DELAY_MS = 200  # after the list is shown: the rules and elections load in the worker
HEADER_WIDTHS = (11, 6, 12)  # 到期日, 剩余, 小区 in characters; 事项 takes the rest


def tr(text: str) -> str:
    return QCoreApplication.translate("MyWork", text)


def load(store: Any, today: date | None = None) -> MyWork:
    """Read the list (a worker thread: every election and open item of the scope is looked at)."""
    from app.agenda_rules import local_today
    from app.rules import load_rules

    with store.session() as session:
        return my_work.my_work(session, load_rules(), today or local_today())


class WorkTable(QTableView):
    """Enter opens the current row (as a double-click does)."""

    opened = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class MyWorkPage(QWidget):
    loaded = Signal(int)

    def __init__(self, ctx: UiContext, today: date | None = None) -> None:
        super().__init__()
        self.setObjectName("myWorkPage")
        self.ctx = ctx
        self.today = today  # None: the caseworker's today at each read
        self.work: MyWork | None = None
        self.is_loaded = False
        self._task: BackgroundTask[MyWork] | None = None
        self._generation = 0
        self.model = MyWorkModel(self)
        self.table = self._build_table()
        self.title = QLabel(tr("我的待办"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("myWorkScope")
        self.scope_label.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("myWorkCounts")
        self.choose_button = QPushButton(tr("选择小区…"))
        self.choose_button.setObjectName("myWorkChoose")
        self.choose_button.clicked.connect(self.choose_compounds)
        self.empty = QLabel(tr("近期没有到期的事项。"))
        self.empty.setObjectName("myWorkEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.counts)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        hint = QLabel(tr("回车或双击打开该记录。"))
        hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(hint)
        ctx.reloads.watch(self, self.reload, None, "myWork")
        window: Any = ctx.window
        if window is not None and hasattr(window, "is_ready") and not window.is_ready():
            # the start page: the compound list first (start-up waits for it), then this read
            window.ready.connect(lambda: QTimer.singleShot(FIRST_READ_DELAY_MS, self, self.reload))
        else:
            self.reload()

    def _build_table(self) -> WorkTable:
        table = WorkTable()
        table.setObjectName("myWorkTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        head = table.horizontalHeader()
        head.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("汉")
        for column, chars in enumerate(HEADER_WIDTHS):
            table.setColumnWidth(column, chars * em + 16)
        longest = left_text(date(2000, 1, 1), date(2000, 12, 31))  # "逾期 365 天" in this language
        table.setColumnWidth(1, max(table.columnWidth(1),
                                    self.fontMetrics().horizontalAdvance(longest) + 16))
        table.doubleClicked.connect(self.open_index)
        table.opened.connect(self.open_index)
        return table

    # ----- loading --------------------------------------------------------------------------
    def reload(self) -> BackgroundTask[MyWork]:
        self._generation += 1
        generation, store, today = self._generation, self.ctx.store, self.today

        def shown(work: MyWork) -> None:
            if generation == self._generation:
                self.show_work(work)

        self._task = self.ctx.run_in_background(lambda _progress: load(store, today), shown,
                                                show_progress=False, read_only=True, parent=self)
        return self._task

    def show_work(self, work: MyWork) -> None:
        keep = self.current_row()
        self.work = work
        self.table.clearSpans()
        self.model.set_work(work)
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, self.model.columnCount())
        self.scope_label.setText(self._scope_text(work.scope))
        self.counts.setText("  ·  ".join(
            f"{group_title(g)} {len(work.in_group(g))}" for g in my_work.GROUPS))
        self.table.setVisible(bool(work.rows))
        self.empty.setVisible(not work.rows)
        self._select(keep)
        self.is_loaded = True
        self.loaded.emit(len(work.rows))

    def _scope_text(self, scope: my_scope.Scope) -> str:
        if scope.kind == my_scope.CHOSEN:
            return tr("所选的 {n} 个小区（点“选择小区…”更改）。").format(n=len(scope.compound_ids))
        if scope.kind == my_scope.STREET:
            return tr("{street}的全部小区。").format(street=scope.street_name)
        return tr("全区的小区：在“设置…”中填写本人单位（如××街道办事处），或点“选择小区…”，只看自己负责的小区。")

    def _select(self, keep: WorkRow | None) -> None:
        """Keep the row that was selected; else the first row that is due."""
        rows = range(self.model.rowCount())
        target = next((n for n in rows if keep is not None and self.model.work_row(n) == keep),
                      next((n for n in rows if self.model.work_row(n) is not None), None))
        if target is not None:
            self.table.setCurrentIndex(self.model.index(target, 0))

    def current_row(self) -> WorkRow | None:
        index = self.table.currentIndex()
        return self.model.work_row(index.row()) if index.isValid() else None

    # ----- acting ---------------------------------------------------------------------------
    def open_index(self, index: QModelIndex) -> bool:
        row = self.model.work_row(index.row()) if index.isValid() else None
        if row is None:
            return False
        self.open_row(row)
        return True

    def open_row(self, row: WorkRow) -> None:
        """The row's record on its page (the election, the compound's committee, the item,
        the meeting)."""
        self.ctx.bus.show_page.emit(row.page, dict(row.filters))

    def choose_compounds(self) -> QWidget:
        from app.compound_choices import compound_choices
        from ui.my_work.scope_dialog import ScopeDialog

        with self.ctx.store.session() as session:
            choices = compound_choices(session)
            chosen = my_scope.chosen_ids(session)
        dialog = ScopeDialog(choices, chosen, self._save_scope, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _save_scope(self, compound_ids: list[str]) -> str | None:
        """Keep the choice and read the list again; the refusal's text when it is refused."""
        try:
            with self.ctx.store.transaction() as session:
                my_scope.choose_compounds(session, compound_ids)
        except BadInput as exc:
            return readable_error(exc)
        self.reload()
        return None


def create_page(ctx: UiContext) -> QWidget:
    return MyWorkPage(ctx)
