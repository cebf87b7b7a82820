"""The one helper for long work (after Anki's aqt/operations): run an app/ call in a worker
thread, show progress with a cancel button when it takes a while, and deliver the result or a
readable error on the main thread. The UI thread never waits on the store for big work.

    task = run_in_background(lambda progress: app.importing.run(store, path, progress),
                             on_success=lambda summary: ..., label=tr("正在导入…"))

Typed end to end: `BackgroundTask[T]` runs a `Callable[[Progress], T]` and hands that T to
`on_success: Callable[[T], object]`, so mypy checks that the callback takes what the work returns.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from app.errors import Cancelled, describe, user_errors
from app.messages import Problem
from app.progress import Progress
from ui.terms import term

PROGRESS_DELAY_MS = 400  # quick work never flashes a dialog

T = TypeVar("T")
Work = Callable[[Progress], T]  # the app/ call; runs on the worker thread
OnSuccess = Callable[[T], object]  # gets the work's result on the main thread
OnFailure = Callable[[BaseException], object]

_running: set[BackgroundTask[Any]] = set()  # keeps tasks alive until they have delivered


def tr(text: str) -> str:
    return QCoreApplication.translate("operations", text)


def ui_language() -> str:
    """The language the translators were installed for (ui/i18n.py sets QLocale's default)."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh_CN"


def _term(word: str) -> str:
    return term(word)  # the one way domain words are translated (ui/terms.py)


def error_text(exc: BaseException) -> str:
    """An app/ failure in the UI's language (its code through the message catalogue); an error
    without a code as its own text."""
    return describe(exc, ui_language(), _term)


def problem_text(problem: Problem) -> str:
    """Why something cannot be done yet (an app/ Problem), in the UI's language."""
    return problem.text(ui_language(), _term)


def readable_error(exc: BaseException) -> str:
    """One line a caseworker can act on: our own errors say what is wrong; others are named."""
    if isinstance(exc, user_errors()):
        return error_text(exc)
    return tr("意外错误：{kind}：{message}").format(kind=type(exc).__name__, message=exc)


class _ThreadProgress:
    """The app.progress.Progress handed to the work; reports cross to the UI by a signal."""

    def __init__(self, task: BackgroundTask[Any]) -> None:
        self._task = task
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        try:
            self._task.progressed.emit(int(done), int(total), str(text))
        except RuntimeError:  # the app is shutting down: nobody to tell
            self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class BackgroundTask(QObject, Generic[T]):
    """One piece of work on a worker thread, returning a T. Signals are delivered on the main
    thread; `result` holds the T once it `succeeded`."""

    progressed = Signal(int, int, str)
    _delivered = Signal(bool, object)
    finished = Signal()

    def __init__(
        self,
        work: Work[T],
        on_success: OnSuccess[T] | None,
        on_failure: OnFailure | None,
        label: str,
        parent: QWidget | None,
        show_progress: bool,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.read_only = read_only  # only reads: nothing is lost if the app quits under it
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._label = label
        self._parent = parent
        self.progress = _ThreadProgress(self)
        self.done = False
        self.succeeded = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self._dialog: QProgressDialog | None = None
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._show_progress)
        self._timer: QTimer | None = None
        if show_progress:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._open_dialog)
        self._thread = threading.Thread(target=self._run, name=f"bg:{label}", daemon=True)

    @property
    def worker(self) -> threading.Thread:
        """The worker thread the work runs on."""
        return self._thread

    def start(self) -> BackgroundTask[T]:
        _running.add(self)
        if self._timer is not None:
            self._timer.start(PROGRESS_DELAY_MS)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it raises Cancelled at its next check."""
        self.progress.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker thread ends (tests and shutdown only; never in a UI handler)."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result: T = self._work(self.progress)
        except BaseException as exc:  # delivered to the UI, never lost in the thread
            if not isinstance(exc, (*user_errors(), Cancelled)):
                from app import logs

                logs.log_unexpected("ui.task", exc)  # the traceback is in the log, not lost
            self._emit(False, exc)
        else:
            self._emit(True, result)

    def _emit(self, ok: bool, payload: object) -> None:
        with contextlib.suppress(RuntimeError):  # shutting down: nobody to deliver to
            self._delivered.emit(ok, payload)

    @Slot(bool, object)
    def _deliver(self, ok: bool, payload: Any) -> None:  # a T when ok, else the exception
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self.done, self.succeeded = True, ok
        asker_gone = self._parent is not None and not isValid(self._parent)
        if asker_gone or not all(_receiver_alive(c) for c in (self._on_success, self._on_failure)):
            _running.discard(self)  # the page or window that asked was closed meanwhile
            self.finished.emit()
            return
        try:
            if ok:
                self.result = payload
                if self._on_success is not None:
                    self._on_success(payload)
            else:
                self.error = payload
                if isinstance(payload, Cancelled):
                    pass  # the user asked for it: nothing to report
                elif self._on_failure is not None:
                    self._on_failure(payload)
                else:
                    show_error(self._parent, payload)
        finally:
            _running.discard(self)
            self.finished.emit()

    @Slot()
    def _open_dialog(self) -> None:
        if self.done:
            return
        dialog = QProgressDialog(self._label or tr("正在处理…"), tr("取消"), 0, 0, self._parent)
        dialog.setWindowTitle(tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self._dialog = dialog

    @Slot(int, int, str)
    def _show_progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog  # setValue() on a modal dialog runs the event loop, which may
        if dialog is None:     # finish the task and drop self._dialog meanwhile
            return
        dialog.setMaximum(max(total, 0))
        if text:
            dialog.setLabelText(text)
        dialog.setValue(min(done, total) if total else 0)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A non-blocking message box with the readable error; an unexpected one (already logged
    by the task) opens the crash dialog with its details and the log folder instead."""
    if not isinstance(exc, user_errors()):
        from ui.crash import reporter

        reporter().show(exc)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, tr("操作未完成"), readable_error(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def run_in_background(
    work: Work[T],
    on_success: OnSuccess[T] | None = None,
    *,
    on_failure: OnFailure | None = None,
    label: str = "",
    parent: QWidget | None = None,
    show_progress: bool = True,
    read_only: bool = False,
) -> BackgroundTask[T]:
    """Start `work(progress)` on a worker thread and return the task (`.cancel()`, `.done`).

    on_success(result) / on_failure(exc) run on the main thread. Without on_failure, errors
    are shown in a message box; Cancelled is never reported as an error. `read_only` work (a
    count for the status bar, a list to show) is not waited for when the app quits: its
    result would be thrown away, and a long count must not hold up closing the window.
    """
    return BackgroundTask(work, on_success, on_failure, label, parent, show_progress,
                          read_only).start()


def running_tasks() -> list[BackgroundTask[Any]]:
    return list(_running)


def finish_for_exit(timeout: float = 5.0, reads_timeout: float = 2.0) -> bool:
    """At quit: cancel every task; wait (up to `timeout` each) for those that write, so their
    transaction ends cleanly, and up to `reads_timeout` in all for those that only read. True
    when every worker has ended. A reader still running is not waited for longer (a long count
    must not hold up closing the window): ui/leaving.py ends the process without the exit
    handlers that would pull SQLCipher's OpenSSL out from under it."""
    tasks = running_tasks()
    for task in tasks:
        task.cancel()
    reads_end = time.monotonic() + reads_timeout
    for task in tasks:
        if task.read_only:
            task.wait(max(0.0, reads_end - time.monotonic()))
        else:
            task.wait(timeout)
    return not any(task.worker.is_alive() for task in tasks)


def _receiver_alive(callback: Callable[..., Any] | None) -> bool:
    """False when the callback is a method of a Qt object that has since been deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)
