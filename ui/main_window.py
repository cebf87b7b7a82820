"""The window a caseworker lives in: navigation, global search, status bar, shortcuts.

Pages are built on first show (so start-up pays only for the compound list); geometry, the last
page and column layouts persist in QSettings.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from ui import pages
from ui.context import UiContext
from ui.resources import icon

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
LAST_PAGE_KEY = "window/last_page"
PREFETCH_DELAY_MS = 1500  # after the list shows: leave the first moments to the caseworker
PREFETCH_STEP_MS = 30  # between two pages' imports: input and paints go first


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def import_pydantic() -> None:
    """Import pydantic on the UI thread, once start-up has settled, before a worker imports the
    code that uses it: imported first on a worker while the UI thread imported too, PySide's
    import hook reached pydantic's lazy __getattr__ mid-import and the worker failed ("cannot
    import name 'import_string' from partially initialized module")."""
    import _imp

    # Python's global import lock, held for the whole of it: a worker that starts an import
    # meanwhile waits until pydantic is whole, instead of meeting it half made.
    _imp.acquire_lock()
    try:
        import pydantic._migration  # noqa: F401  (what pydantic.__getattr__ imports)
        from pydantic import BaseModel, Field, field_validator, model_validator  # noqa: F401
    finally:
        _imp.release_lock()


class MainWindow(QMainWindow):
    """Navigation on the left, the current page on the right; `ready` once data is shown."""

    ready = Signal()

    def __init__(self, ctx: UiContext, *, empty_store: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.setObjectName("MainWindow")
        self.setWindowTitle(tr("小区治理工作台"))
        self.setWindowIcon(icon("app"))
        self._pages: dict[str, QWidget] = {}
        self._welcome: QWidget | None = None
        self._ready_sent = False
        self._hit_moved = False  # ↑/↓ in the search box chose a hit other than the top one

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        widest = max(self.fontMetrics().horizontalAdvance(tr_page(p.label) + "（99）")
                     for p in pages.PAGES)  # the longest name in this language, with a badge
        self.nav.setFixedWidth(max(widest, self.fontMetrics().horizontalAdvance("总览总览总览")) + 40)
        for number, page_spec in enumerate(pages.PAGES, start=1):
            item = QListWidgetItem(icon(page_spec.icon), tr_page(page_spec.label))
            item.setData(Qt.ItemDataRole.UserRole, page_spec.key)
            item.setToolTip(f"{tr_page(page_spec.label)}  (Ctrl+{number})")
            item.setSizeHint(QSize(0, self.fontMetrics().height() * 2 + 8))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        ctx.reloads.track(self.stack)  # only the shown page re-reads after a change
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        # at a larger text size (设置 → 字号) a page wider than the screen scrolls instead of
        # widening the window past a 1366-pixel laptop
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setWidget(self.stack)
        layout.addWidget(self.page_scroll, 1)
        self.setCentralWidget(central)

        self._build_toolbar()
        self._build_status_bar()
        self._build_shortcuts()
        from ui.undo_keys import FieldUndoKeys

        app = QApplication.instance()
        if isinstance(app, QApplication):  # Ctrl+Z in a form field undoes the saved change
            FieldUndoKeys(self).follow_focus(app)  # (ui/undo_keys.py)

        from ui.audit_badge import audit_state  # 审计 shows the latest count of violations

        audit_state(ctx).updated.connect(self._audited)  # a method: gone with the window
        ctx.bus.show_page.connect(self.show_page)
        ctx.bus.open_compound.connect(self._open_compound)
        ctx.bus.data_changed.connect(self._data_changed)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self._restore_geometry()
        if empty_store:
            self.show_welcome()
        else:
            self._start_pages()

    # ----- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(tr("工具栏"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_compound_action = QAction(icon("add"), tr("新建小区"), self)
        self.new_compound_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_compound_action.triggered.connect(self._new_compound)
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, tr("撤销"))
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, tr("重做"))
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)  # Ctrl+Shift+Z, Ctrl+Y
        self.refresh_action = QAction(icon("refresh"), tr("刷新"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(lambda: self.ctx.changed(""))
        self.recycle_action = QAction(icon("delete"), tr("回收站"), self)
        self.recycle_action.setToolTip(tr("删除的记录：查看并恢复"))
        self.recycle_action.triggered.connect(self.open_recycle_bin)
        self.import_action = QAction(icon("import"), tr("导入…"), self)
        self.import_action.setToolTip(tr("导入表格：小区、业主名册、党员（xlsx、xls、ods、csv）"))
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import_wizard)
        self.verify_action = QAction(icon("search"), tr("核验…"), self)
        self.verify_action.setToolTip(tr("核验审核表：扫描审核表上的二维码或打开审核表 PDF"))
        self.verify_action.triggered.connect(self.open_verify_dialog)
        for action in (self.new_compound_action, self.import_action, self.undo_action,
                       self.redo_action, self.refresh_action, self.recycle_action,
                       self.verify_action):
            bar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy())
        bar.addWidget(spacer)
        self.settings_action = QAction(tr("设置…"), self)
        self.settings_action.setToolTip(tr("设置：本人信息（签核人的姓名、职务、单位）、字号"))
        self.settings_action.triggered.connect(self.open_settings)
        from ui.backups_dialog import data_action

        bar.addAction(data_action(self.ctx, self))
        bar.addAction(self.settings_action)
        bar.addAction(self._language_action())
        self.search_box = QLineEdit()
        self.search_box.setObjectName("globalSearch")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(tr("搜索小区、社区或街道：名称、地址或拼音（如 dwy）  Ctrl+F"))
        self.search_box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        # wide when there is room, narrower on a small screen or with a large font (设置 → 字号)
        self.search_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("搜" * 12))
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.installEventFilter(self)  # ↑/↓ move through the hits, Enter opens one
        bar.addWidget(self.search_box)
        self.addToolBar(bar)

    def open_recycle_bin(self) -> QWidget:
        from ui.recycle_bin import open_recycle_bin

        return open_recycle_bin(self.ctx, self)

    def open_import_wizard(self) -> None:
        """导入 once the store holds data (the welcome page offers it while empty)."""
        from ui.importing.wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        wizard.imported.connect(lambda _outcome: self.ctx.changed(""))
        wizard.open()

    def open_settings(self) -> QWidget:
        """设置: the signed-in person's profile, printed as 签核人 on forms."""
        from ui.settings_dialog import open_settings

        return open_settings(self.ctx, self)

    def open_verify_dialog(self) -> QWidget:
        """核验: check a printed checkpoint form by its QR code (the form says 扫码核验)."""
        from ui.printing.verify_dialog import open_verify_dialog

        return open_verify_dialog(self.ctx, self)

    def _language_action(self) -> QAction:
        """语言 / Language: stored in QSettings, applied at the next start."""
        from ui.i18n import LANGUAGE_KEY, chosen_language

        menu = QMenu(self)
        group = QActionGroup(self)
        current = chosen_language(self.ctx.settings)
        self.language_actions: dict[str, QAction] = {}
        for code, text in (("zh_CN", "中文"), ("en", "English")):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(code == current)
            group.addAction(action)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_actions[code] = action
        button = QAction(tr("语言 / Language"), self)
        button.setMenu(menu)
        self._language_key = LANGUAGE_KEY
        return button

    def set_language(self, code: str) -> None:
        self.ctx.settings.setValue(self._language_key, code)
        self.statusBar().showMessage(tr("语言设置将在重新启动后生效。"), 8000)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.data_dir_label = QLabel(tr("数据目录：{path}").format(path=self.ctx.data_dir))
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel("")
        self.counts_label.setObjectName("rowCounts")
        status.addWidget(self.data_dir_label, 1)
        status.addPermanentWidget(self.counts_label)
        self.sync_status: Any = None
        if pages.module_available("ui.sync.status"):
            module: Any = importlib.import_module("ui.sync.status")
            # its first count of pending changes waits until the list is shown (_after_ready)
            self.sync_status = module.SyncStatusWidget(self.ctx, refresh_now=False)
            status.addPermanentWidget(self.sync_status)

    def _build_shortcuts(self) -> None:
        find = QAction(tr("查找"), self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        for number, page_spec in enumerate(pages.PAGES, start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=page_spec.key: self.show_page(key, {}))
            self.addAction(action)

    # ----- pages ----------------------------------------------------------------------------
    def _start_pages(self) -> None:
        """Build the compound list now (it is what start-up waits for), then the last page."""
        compounds = self.page("compounds")
        loaded = getattr(compounds, "loaded", None)
        if loaded is not None:
            loaded.connect(self._compounds_loaded)
        else:
            self._emit_ready()
        start = pages.PAGE_KEYS[0]  # 我的待办 unless another page was open at the last quit
        last = str(self.ctx.settings.value(LAST_PAGE_KEY, start) or start)
        self.show_page(last if last in pages.PAGE_KEYS else start, {})

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built on first use."""
        if key not in self._pages:
            widget = pages.create_page(key, self.ctx)
            widget.setObjectName(widget.objectName() or f"page_{key}")
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    @Slot(object)
    def _audited(self, report: Any) -> None:
        self.set_badge("audit", len(report.violations))

    def set_badge(self, key: str, count: int) -> None:
        """Show a count beside a page's name in the navigation (none when it is 0)."""
        if not isValid(self.nav):  # the window is closing
            return
        row = pages.PAGE_KEYS.index(key)
        item = self.nav.item(row)
        label = tr_page(pages.PAGES[row].label)
        item.setText(f"{label}（{count}）" if count else label)

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    @Slot(str, dict)
    def show_page(self, key: str, filters: dict[str, Any]) -> None:
        if self._welcome is not None:
            return  # nothing to show yet: the welcome page stays until data arrives
        widget = self.page(key)
        self._share_new_shortcut(widget)
        apply = getattr(widget, "apply_filters", None)
        if filters and apply is not None:
            apply(filters)
        self.stack.setCurrentWidget(widget)
        row = pages.PAGE_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.ctx.settings.setValue(LAST_PAGE_KEY, key)

    def _share_new_shortcut(self, page: QWidget) -> None:
        """A page with its own Ctrl+N button (议事: 新增事项) takes the key while shown; two
        active Ctrl+N are ambiguous to Qt and neither would fire."""
        new = QKeySequence(QKeySequence.StandardKey.New)
        own = any(button.shortcut() == new for button in page.findChildren(QAbstractButton))
        self.new_compound_action.setShortcut(QKeySequence() if own else new)

    @Slot(int)
    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(pages.PAGES):
            self.show_page(pages.PAGES[row].key, {})

    def show_welcome(self) -> None:
        from ui.welcome import WelcomePage

        self._welcome = WelcomePage(self.ctx)
        self._welcome.data_loaded.connect(self._leave_welcome)
        self._welcome.login_requested.connect(self._login_from_welcome)
        self.stack.addWidget(self._welcome)
        self.stack.setCurrentWidget(self._welcome)
        self.nav.setEnabled(False)
        self.search_box.setEnabled(False)
        self.new_compound_action.setEnabled(False)
        self._emit_ready()

    @Slot()
    def _leave_welcome(self) -> None:
        if self._welcome is None:
            return
        self.stack.removeWidget(self._welcome)
        self._welcome.deleteLater()
        self._welcome = None
        self.nav.setEnabled(True)
        self.search_box.setEnabled(True)
        self.new_compound_action.setEnabled(True)
        self._start_pages()
        self.ctx.changed("")

    @Slot()
    def _login_from_welcome(self) -> None:
        self._leave_welcome()
        self.show_page("sync", {})

    # ----- actions --------------------------------------------------------------------------
    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot(str)
    def _search_changed(self, text: str) -> None:
        self._hit_moved = False  # Enter opens the new top hit until ↑/↓ pick another
        if self._welcome is not None:
            return
        if self.current_key() != "compounds" and text:
            self.show_page("compounds", {})
        compounds = self.page("compounds")
        search = getattr(compounds, "set_search_text", None)
        if search is not None:
            search(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                return self.move_search_hit(1 if key == Qt.Key.Key_Down else -1)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self.open_search_hit()
        return super().eventFilter(watched, event)

    def _search_hits(self) -> Any:
        """The compound list's table when it shows search hits (None before it is built)."""
        if self._welcome is not None or "compounds" not in self._pages:
            return None
        return getattr(self._pages["compounds"], "view", None)

    def move_search_hit(self, step: int) -> bool:
        """↑/↓ in the search box: the highlighted hit moves, the cursor stays in the box."""
        view = self._search_hits()
        if view is None or view.model().rowCount() == 0:
            return False
        self.show_page("compounds", {})
        current = view.currentIndex()
        row = 0 if not (current.isValid() and self._hit_moved) else current.row() + step
        self._hit_moved = True
        row = max(0, min(row, view.model().rowCount() - 1))
        view.setCurrentIndex(view.model().index(row, max(current.column(), 0)))
        view.scrollTo(view.currentIndex())
        return True

    def open_search_hit(self) -> bool:
        """Enter in the search box: open the highlighted hit (the top one unless ↑/↓ moved),
        its details shown and the list focused, so the arrows go on from there."""
        view = self._search_hits()
        if view is None or view.model().rowCount() == 0:
            self.statusBar().showMessage(tr("没有找到相符的小区。"), 5000)
            return True
        self.show_page("compounds", {})
        if not (view.currentIndex().isValid() and self._hit_moved):
            view.setCurrentIndex(view.model().index(0, 0))
        view.scrollTo(view.currentIndex())
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    @Slot()
    def _new_compound(self) -> None:
        if self._welcome is not None:
            return
        self.show_page("compounds", {})
        create = getattr(self.page("compounds"), "new_compound", None)
        if create is not None:
            create()

    @Slot(str)
    def _open_compound(self, compound_id: str) -> None:
        self.show_page("compounds", {})
        select = getattr(self.page("compounds"), "select_compound", None)
        if select is not None:
            select(compound_id)

    @Slot(int)
    def _compounds_loaded(self, count: int) -> None:
        self._emit_ready()

    def is_ready(self) -> bool:
        """Whether the compound list has been shown (`ready` sent or about to be)."""
        return self._ready_sent

    def _emit_ready(self) -> None:
        """Say `ready` once, after the event loop has had a turn (so listeners are connected).

        The status bar's counts (row counts, pending sync changes) are read only after that:
        they are secondary, and on a large store they would compete with the list for the two
        cores the start-up has. Both are read-only, so quitting never waits for them."""
        if not self._ready_sent:
            self._ready_sent = True
            QTimer.singleShot(0, self._announce_ready)

    @Slot()
    def _announce_ready(self) -> None:
        self.ready.emit()
        QTimer.singleShot(0, self._after_ready)  # after whatever `ready` set going

    @Slot()
    def _after_ready(self) -> None:
        self._data_changed("")
        if self.sync_status is not None:
            self.sync_status.controller.refresh()
        QTimer.singleShot(PREFETCH_DELAY_MS, self._prefetch_pages)

    @Slot()
    def _prefetch_pages(self) -> None:
        """Import the other pages' code once start-up has settled (a first visit of 议事 spent
        ~40 ms of the UI thread importing it, on top of building the page), and ready the printing
        fonts and renderer on a worker, so the first 打印 opens its preview at once.

        The pages' modules are imported here on the UI thread, one per event-loop turn: they
        define Qt classes, and PySide6 does not promise that a worker thread may create its types
        while the UI thread paints (a worker doing so crashed the process now and then)."""
        names = [name for page in pages.PAGES if page.prefetch
                 for name in (page.module, *page.code) if name not in sys.modules]
        import_pydantic()  # here, not on a worker (see import_pydantic)
        data_dir = self.ctx.data_dir

        def warm(_progress: object) -> None:
            from app.printing.warmup import warm_up  # no Qt: printing is reportlab's

            warm_up(data_dir)

        self.ctx.run_in_background(warm, lambda _result: None, show_progress=False,
                                   on_failure=lambda exc: None, read_only=True)
        self._import_next(names)

    def _import_next(self, names: list[str]) -> None:
        """Import the first of `names`, then the rest at later turns of the event loop (a key
        press or a paint in between waits for one module, never for all)."""
        if not names:
            return
        try:
            importlib.import_module(names[0])
        except Exception as exc:  # a page that fails to import says so when it is opened
            from app import logs

            logs.log_unexpected("ui.prefetch", exc)
        rest = names[1:]
        QTimer.singleShot(PREFETCH_STEP_MS, self, lambda: self._import_next(rest))  # none once closed

    @Slot(str)
    def _data_changed(self, table: str) -> None:
        """Refresh the row counts in the status bar (in the background: it counts tables)."""
        if table:  # an edit was saved (a reload of everything says "")
            self._say_where_saved()
        store = self.ctx.store

        def count(_progress: object) -> dict[str, int]:
            from app.row_counts import row_counts  # models only: no pydantic on a worker

            with store.session() as session:
                return row_counts(session)

        self.ctx.run_in_background(count, self._show_counts, show_progress=False,
                                   on_failure=lambda exc: None, read_only=True)

    def _say_where_saved(self) -> None:
        """After an edit while no server is in reach (offline, not logged in, a failed sync):
        the change is safe on this computer and goes up at the next sync — say so."""
        status = self.sync_status
        local = status.controller.local if status is not None else None
        if status is None or local is None or local.demo:
            return  # no sync here, or not known yet: nothing to promise
        from ui.sync import controller as states

        if status.controller.state not in (states.ONLINE, states.SYNCING):
            self.statusBar().showMessage(tr("已保存在本机，联网后同步"), 8000)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts_label.setText(
            tr("小区 {compounds} · 党支部 {branches} · 党员 {members} · 选举 {elections} · "
               "议事 {agenda}").format(**counts)
        )

    # ----- persistence ----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.ctx.settings.value(STATE_KEY)
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.settings.setValue(STATE_KEY, self.saveState())
        for widget in self._pages.values():
            save = getattr(widget, "save_layout", None)
            if save is not None:
                save()
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)


def tr_page(label: str) -> str:
    return QCoreApplication.translate("pages", label)
