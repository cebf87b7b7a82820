"""数据 → 备份与恢复: the backups in the data dir (date, kind, size, counts), 立即备份, 恢复… with a
confirmation, and how many automatic backups to keep. Also the automatic backups themselves:
one on closing the app and at most one a day while it runs (app.backups)."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.progress import Progress
from app.session import set_setting
from ui.columns import sampled
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import running_tasks, show_error

if TYPE_CHECKING:  # app.backups is imported when used: the toolbar is built at start-up
    from app.backups.making import BackupInfo

CONTEXT = "BackupsDialog"
CHECK_EVERY_MS = 60 * 60 * 1000  # is a daily backup due? checked hourly while the app runs
log = logging.getLogger("compound_desk.ui.backups")

KINDS = {
    "auto": QT_TRANSLATE_NOOP("BackupsDialog", "自动"),
    "manual": QT_TRANSLATE_NOOP("BackupsDialog", "手动"),
    "before_restore": QT_TRANSLATE_NOOP("BackupsDialog", "恢复前保留"),
}
PROBLEMS = {
    "damaged": QT_TRANSLATE_NOOP("BackupsDialog", "已损坏"),
    "foreign": QT_TRANSLATE_NOOP("BackupsDialog", "不是备份文件"),
    "newer_format": QT_TRANSLATE_NOOP("BackupsDialog", "由更新版本制作"),
}
COLUMNS = (
    QT_TRANSLATE_NOOP("BackupsDialog", "日期"),
    QT_TRANSLATE_NOOP("BackupsDialog", "类型"),
    QT_TRANSLATE_NOOP("BackupsDialog", "大小"),
    QT_TRANSLATE_NOOP("BackupsDialog", "小区"),
    QT_TRANSLATE_NOOP("BackupsDialog", "选举"),
    QT_TRANSLATE_NOOP("BackupsDialog", "议事事项"),
)
COUNT_KEYS = ("compounds", "elections", "items")
KEEP = (
    ("daily", QT_TRANSLATE_NOOP("BackupsDialog", "每日备份保留最近")),
    ("weekly", QT_TRANSLATE_NOOP("BackupsDialog", "每周备份保留最近")),
    ("monthly", QT_TRANSLATE_NOOP("BackupsDialog", "每月备份保留最近")),
)
UNITS = {
    "daily": QT_TRANSLATE_NOOP("BackupsDialog", " 天"),
    "weekly": QT_TRANSLATE_NOOP("BackupsDialog", " 周"),
    "monthly": QT_TRANSLATE_NOOP("BackupsDialog", " 个月"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def date_text(moment: datetime) -> str:
    """A backup's local date and time, as a caseworker writes it (2026年12月3日 14:05)."""
    local = moment.astimezone()
    return tr("{year}年{month}月{day}日 {time}").format(
        year=local.year, month=local.month, day=local.day, time=local.strftime("%H:%M"))


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return tr("{n} MB").format(n=f"{size / 1048576:.1f}")
    return tr("{n} KB").format(n=max(1, round(size / 1024)))


class BackupsDialog(QDialog):
    """The list of backups and what can be done with them."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.backups import making, restoring

        self.making, self.restoring = making, restoring
        self.ctx = ctx
        self.setObjectName("BackupsDialog")
        self.setWindowTitle(tr("备份与恢复"))
        self.resize(860, 560)
        self.backups: list[BackupInfo] = []

        intro = QLabel(tr("关闭程序时和运行期间每天自动备份一次（数据和评价佐证材料），保存在数据文件夹的"
                          " backups 中。备份已加密，只能用这份数据的密钥恢复。"))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = sampled(self.table.horizontalHeader())
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty_label = QLabel(tr("还没有备份。点“立即备份”做第一份。"))
        self.empty_label.setObjectName("noBackups")

        self.backup_button = QPushButton(tr("立即备份"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(tr("恢复…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.setToolTip(tr("用选中的备份替换当前数据（当前数据先另存为一个备份）"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton(tr("从文件恢复…"))
        self.file_button.setObjectName("restoreFromFile")
        self.file_button.setToolTip(tr("恢复保存在别处的备份文件（.cdbackup）"))
        self.file_button.clicked.connect(self.restore_from_file)
        self.folder_button = QPushButton(tr("打开备份文件夹"))
        self.folder_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.file_button,
                       self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self._keep_box())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def _keep_box(self) -> QGroupBox:
        box = QGroupBox(tr("自动备份保留多少份"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        rule = self.making.policy(self.ctx.store)
        self.keep: dict[str, QSpinBox] = {}
        for name, label in KEEP:
            spin = QSpinBox()
            spin.setObjectName(f"keep_{name}")
            spin.setRange(0, 99)
            spin.setSuffix(tr(UNITS[name]))
            spin.setValue(getattr(rule, name))
            spin.valueChanged.connect(lambda value, n=name: self._save_keep(n, value))
            self.keep[name] = spin
            form.addRow(tr(label), spin)
        note = QLabel(tr("手动备份和恢复前保留的备份不会被自动删除。"))
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def _save_keep(self, name: str, value: int) -> None:
        with self.ctx.store.transaction() as session:
            set_setting(session, self.making.POLICY_KEYS[name], str(value))

    # ----- the list -----------------------------------------------------------------------------
    def reload(self) -> None:
        self.backups = self.making.list_backups(self.ctx.data_dir)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            when = date_text(backup.created) if backup.created else backup.path.name
            kind = tr(KINDS[backup.kind]) if backup.kind in KINDS else ""
            if backup.problem is not None:
                kind = tr(PROBLEMS.get(backup.problem, PROBLEMS["damaged"]))
            cells = [when, kind, size_text(backup.size),
                     *(str(backup.counts.get(k, "")) for k in COUNT_KEYS)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self.backups))
        self.empty_label.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.problem is None)

    # ----- actions ------------------------------------------------------------------------------
    def backup_now(self) -> None:
        store, data_dir = self.ctx.store, self.ctx.data_dir
        self.backup_button.setEnabled(False)

        def work(_progress: Progress) -> BackupInfo:
            return self.making.make_backup(store, data_dir, kind="manual")

        def done(_made: BackupInfo) -> None:
            self.backup_button.setEnabled(True)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, exc)

        self.ctx.run_in_background(work, done, on_failure=failed, label=tr("正在备份…"),
                                   parent=self)

    def confirm_text(self, backup: BackupInfo) -> str:
        counts = tr("{compounds} 个小区、{elections} 场选举、{items} 个议事事项").format(
            **{k: backup.counts.get(k, 0) for k in COUNT_KEYS})
        when = date_text(backup.created) if backup.created else ""
        return tr("用 {when} 的备份（{counts}）替换当前数据？\n\n当前数据会先另存为一个备份，"
                  "可以再恢复回来。恢复后下次同步会从服务器重新获取全部数据，服务器上较新的数据"
                  "不会被覆盖；备份里尚未同步的修改会保留并在同步时上传。").format(when=when, counts=counts)

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is None or backup.problem is not None:
            return
        self.ask_to_restore(backup)

    def restore_from_file(self) -> None:
        """A backup kept elsewhere (a USB stick, a copy made with `backup -o`)."""
        from ui.file_dialogs import open_path

        chosen = open_path(self, "backup", tr("选择备份文件"), tr("备份文件 (*.cdbackup)"))
        if chosen is None:
            return
        backup = self.making.info(chosen)
        if backup.problem is not None:
            from app.backups.restoring import refusal

            show_error(self, refusal(backup.problem, chosen))
            return
        self.ask_to_restore(backup)

    def ask_to_restore(self, backup: BackupInfo) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, tr("恢复备份"), self.confirm_text(backup),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmRestore")
        go = box.addButton(tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._confirmed(backup) if box.clickedButton() is go
                             else None)
        box.open()
        self.confirm_box = box

    def _confirmed(self, backup: BackupInfo) -> None:
        if any(not task.read_only for task in running_tasks()):
            QMessageBox.information(self, tr("恢复备份"), tr("还有保存中的操作，请等它完成后再恢复。"))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = self.restoring.restore_into_open_store(backup.path, self.ctx.store)
        except Exception as exc:
            QGuiApplication.restoreOverrideCursor()
            log.warning("restore of %s refused or failed: %s", backup.path.name, type(exc).__name__)
            show_error(self, exc)
            self.reload()
            return
        QGuiApplication.restoreOverrideCursor()
        log.info("restored the backup %s", backup.path.name)
        self.ctx.changed("")
        self.reload()
        message = tr("已恢复 {when} 的备份。").format(when=date_text(datetime.fromisoformat(done.created)))
        if done.kept_as is not None:
            message += tr("原来的数据已另存为备份，列表里标为“恢复前保留”。")
        QMessageBox.information(self, tr("恢复备份"), message)

    def open_folder(self) -> None:
        folder = self.making.backups_dir(self.ctx.data_dir)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def open_backups_dialog(ctx: UiContext, parent: QWidget | None = None) -> BackupsDialog:
    dialog = BackupsDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def data_action(ctx: UiContext, parent: QWidget) -> QAction:
    """数据 in the toolbar: a menu with 备份与恢复…"""
    menu = QMenu(parent)
    menu.setObjectName("dataMenu")
    backups = menu.addAction(tr("备份与恢复…"))
    backups.setObjectName("openBackups")
    backups.triggered.connect(lambda: open_backups_dialog(ctx, parent))
    action = QAction(tr("数据"), parent)
    action.setToolTip(tr("数据：备份与恢复"))
    action.setMenu(menu)
    action.triggered.connect(lambda: open_backups_dialog(ctx, parent))
    return action


# ----- automatic backups ------------------------------------------------------------------------
def automatic_backup(ctx: UiContext) -> Path | None:
    """One automatic backup now, then the rotation; a failure is logged, never raised (closing the
    app or a timer must not stop on it). Returns the backup made."""
    from app.backups import making

    try:
        made = making.make_backup(ctx.store, ctx.data_dir, kind="auto")
        making.rotate(ctx.data_dir, making.policy(ctx.store))
    except Exception as exc:
        log.warning("automatic backup failed: %s", type(exc).__name__)
        return None
    log.info("automatic backup %s (%d bytes)", made.path.name, made.size)
    return made.path


class DailyBackups(QObject):
    """While the app runs: an automatic backup when the last one is a day old (checked hourly,
    and once soon after start), made off the UI thread."""

    def __init__(self, ctx: UiContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QTimer.singleShot(60_000, self, self.check)

    def check(self) -> None:
        from app.backups import making

        if not making.auto_due(self.ctx.data_dir):
            return
        ctx = self.ctx
        ctx.run_in_background(lambda _progress: automatic_backup(ctx), show_progress=False)
