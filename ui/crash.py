"""When something goes wrong that nobody expected: the error and its traceback go to the log,
the caseworker sees one dialog in plain Chinese (what happened, that saved data is safe, what
to do) with 复制详细信息 and 打开日志文件夹, and the app keeps running.

`install()` routes uncaught exceptions of the UI thread (a slot that raised) and of other
threads here; background tasks report theirs through ui.operations."""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import logs


def tr(text: str) -> str:
    return QCoreApplication.translate("crash", text)


def details_of(exc: BaseException) -> str:
    """The traceback, then the log's last lines: what an administrator needs to look into it."""
    trace = "".join(traceback.format_exception(exc))
    recent = logs.tail(30)
    return trace + ("\n—— " + tr("日志最近记录") + " ——\n" + recent if recent else "")


class CrashDialog(QDialog):
    """One dialog for unexpected errors; a second error while it is open is added to it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("程序出错"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setObjectName("crashDetails")
        self.details.setVisible(False)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(self)
        self.toggle_button = QPushButton(tr("详细信息"), self)
        self.toggle_button.setCheckable(True)
        self.toggle_button.toggled.connect(self.details.setVisible)
        self.copy_button = QPushButton(tr("复制详细信息"), self)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton(tr("打开日志文件夹"), self)
        self.folder_button.clicked.connect(self.open_log_folder)
        self.continue_button = QPushButton(tr("继续工作"), self)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        for button, role in ((self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.copy_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.folder_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)):
            buttons.addButton(button, role)
        layout.addWidget(buttons)
        self.count = 0

    def add(self, exc: BaseException) -> None:
        self.count += 1
        self.message.setText(tr(
            "刚才的操作没有完成：程序遇到了意外错误（{kind}）。错误已记入日志。\n"
            "已经保存的数据不受影响，您可以继续工作。如果问题反复出现，请点“复制详细信息”，"
            "连同操作步骤发给管理员。").format(kind=type(exc).__name__)
            + (tr("\n（共 {count} 个错误）").format(count=self.count) if self.count > 1 else ""))
        text = details_of(exc)
        previous = self.details.toPlainText()
        self.details.setPlainText(f"{previous}\n\n{text}" if previous else text)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def open_log_folder(self) -> bool:
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs.log_dir()))))


class _Reporter(QObject):
    """Carries an error from any thread to the UI thread, where the dialog lives."""

    reported = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self.reported.connect(self.show)

    def show(self, exc: BaseException) -> None:
        if self.dialog is None or not isValid(self.dialog) or not self.dialog.isVisible():
            app = QApplication.instance()
            parent = app.activeWindow() if isinstance(app, QApplication) else None
            self.dialog = CrashDialog(parent)
        self.dialog.add(exc)
        if not self.dialog.isVisible():
            self.dialog.open()


_reporter: _Reporter | None = None


def reporter() -> _Reporter:
    global _reporter
    if _reporter is None:
        _reporter = _Reporter()
    return _reporter


def report(exc: BaseException, where: str = "ui") -> None:
    """Log an unexpected error and show it (from any thread; the dialog opens on the UI one)."""
    logs.log_unexpected(where, exc)
    app = QCoreApplication.instance()
    if app is None:
        return
    target = reporter()
    if QThread.currentThread() is app.thread():
        QTimer.singleShot(0, lambda: target.show(exc))  # after the failing slot has unwound
    else:
        target.reported.emit(exc)


def _excepthook(kind: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    report(exc.with_traceback(tb), "ui.uncaught")


def _thread_excepthook(args: Any) -> None:
    if args.exc_value is not None:
        report(args.exc_value, f"thread.{getattr(args.thread, 'name', '?')}")


def install() -> None:
    """Route uncaught exceptions (UI slots, other threads) to the log and the crash dialog."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
