"""One sync controller per window: runs `app.sync.engine.sync` through the shell's background
helper — every few minutes when logged in, and on demand — and keeps the state the status bar
and the sync page show (online / offline / syncing, pending changes, conflicts, last sync).

The status bar builds this at start-up, so the sync engine, the HTTP client and the keyring
(~150 ms of imports) are imported on first use, not here; and the window asks for the first
count of pending changes only once the compound list is on screen (`refresh_now=False`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.errors import WorkFailed
from app.progress import Progress
from app.sync.status import LocalSyncState, local_state
from ui.context import UiContext
from ui.operations import error_text

if TYPE_CHECKING:
    from app.sync.engine import SyncReport

AUTO_SYNC_MS = 3 * 60 * 1000  # how often a reachable server is synced with in the background
FIRST_SYNC_MS = 5 * 1000  # the first automatic attempt after start-up

# States
IDLE, SYNCING, ONLINE, OFFLINE, LOGIN_NEEDED, NOT_LOGGED_IN, FAILED = (
    "idle", "syncing", "online", "offline", "login_needed", "not_logged_in", "failed",
)


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


class SyncProgress:
    """The sync engine's progress, worded: it names its phase ("push", "pull", and app.sync.blobs'
    "files" and "file downloads"), the dialog and the status bar show a sentence;
    `said(done, total, sentence)` is called too."""

    def __init__(self, progress: Progress, said: Callable[[int, int, str], None]) -> None:
        self.progress = progress
        self.said = said

    def report(self, done: int, total: int, text: str = "") -> None:
        if text == "push":
            text = tr("正在上传本机更改 {done}/{total} 条").format(
                done=f"{done:,}", total=f"{total:,}")
        elif text == "pull":
            text = tr("正在下载服务器的更改，已收到 {done} 条").format(done=f"{done:,}")
        elif text == "files":
            text = tr("正在上传证据文件 {done}/{total}").format(done=done, total=total)
        elif text == "file downloads":
            text = tr("正在下载证据文件 {done}/{total}").format(done=done, total=total)
        self.progress.report(done, total, text)
        self.said(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self.progress.cancelled


def fetch_evidence_files(store: Any, progress: Progress) -> list[str]:
    """After a sync: the files its rows name that this folder lacks (app.sync.blobs), with
    progress; what failed stays 未下载 (retried from the scoring form or at the next sync)."""
    from app.sync.blobs import fetch_after_sync

    report = fetch_after_sync(store, progress)
    return [error_text(error) for error in report.errors]


def login_state(store: Any) -> str:
    """NOT_LOGGED_IN, LOGIN_NEEDED (no token kept), or "" when a sync may start. Reads the
    store and the keyring: run it in the background, never from a timer on the UI thread."""
    from app.sync.auth import current_account, load_token

    account = current_account(store)
    if account is None:
        return NOT_LOGGED_IN
    return "" if load_token(account) else LOGIN_NEEDED


class SyncController(QObject):
    """Shared by the status widget and the sync page (see `controller_for`)."""

    changed = Signal()
    progressed = Signal(int, int, str)  # from the sync's thread: done, total, sentence

    def __init__(self, ctx: UiContext, *, auto: bool = True, refresh_now: bool = True) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.state = IDLE
        self.message = ""
        self.local: LocalSyncState | None = None
        self.last_report: SyncReport | None = None
        self.task: Any = None
        self._checking = False  # the timer's login check is running in the background
        # How far the running sync has got (total 0: not known), for the status bar's bar.
        self.progress: tuple[int, int, str] = (0, 0, "")
        self.progressed.connect(self._progressed)
        self._timer = QTimer(self)
        self._timer.setInterval(AUTO_SYNC_MS)
        self._timer.timeout.connect(self.auto_sync)
        if auto:
            self._timer.start()
            QTimer.singleShot(FIRST_SYNC_MS, self.auto_sync)
        if refresh_now:
            self.refresh()

    # -- what the widgets call ----------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self.task is not None and not self.task.done

    def stop_auto(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        """Re-read pending changes, conflicts and the account (in the background: it counts).

        Read-only: quitting does not wait for it."""
        self.ctx.run_in_background(
            lambda _progress: local_state(self.ctx.store), self._got_local,
            on_failure=lambda _exc: None, show_progress=False, read_only=True,
        )

    def auto_sync(self) -> None:
        """The timer's sync: only when logged in with a token and not paused by a 401. Who is
        logged in is read (store and keyring) in the background; the UI thread applies it."""
        if self.syncing or self._checking or (self.local is not None and self.local.demo):
            return
        self._checking = True
        self.ctx.run_in_background(
            lambda _progress: login_state(self.ctx.store), self._auto_checked,
            on_failure=self._auto_check_failed, show_progress=False, read_only=True,
        )

    def _auto_checked(self, state: str) -> None:
        self._checking = False
        if self.syncing or (self.local is not None and self.local.demo):
            return
        if state:
            self._set(state, "")
        elif self.local is not None and self.local.paused:
            self._set(LOGIN_NEEDED, self.local.paused)
        else:
            self._start(manual=False)

    def _auto_check_failed(self, _exc: BaseException) -> None:
        self._checking = False  # the next tick tries again

    def sync_now(self, manual: bool = True) -> Any:
        """Start a sync unless one is running; returns the background task (or None)."""
        if self.syncing:
            return self.task
        state = login_state(self.ctx.store)
        if state == NOT_LOGGED_IN:
            self._set(NOT_LOGGED_IN, tr("尚未登录同步服务器。"))
            return None
        if state == LOGIN_NEEDED:
            self._set(LOGIN_NEEDED, tr("请重新登录同步服务器。"))
            return None
        return self._start(manual)

    def _start(self, manual: bool) -> Any:
        self._set(SYNCING, tr("正在同步…"))
        self.task = self.ctx.run_in_background(
            self._work, self._done, on_failure=self._failed, label=tr("正在与服务器同步…"),
            show_progress=manual,
        )
        self.task.finished.connect(self._finished)
        return self.task

    def cancel(self) -> None:
        if self.syncing:
            self.task.cancel()

    # -- background results -------------------------------------------------------------------

    def _work(self, progress: Progress) -> tuple[SyncReport, LocalSyncState]:
        from app.sync.engine import sync

        worded = SyncProgress(progress, self.progressed.emit)
        report = sync(self.ctx.store, progress=worded)
        report.warnings.extend(fetch_evidence_files(self.ctx.store, worded))
        return report, local_state(self.ctx.store)

    def _done(self, result: tuple[SyncReport, LocalSyncState]) -> None:
        report, self.local = result
        self.last_report = report
        text = tr("上传 {pushed} 条，下载 {pulled} 条，合并 {merged} 条，新冲突 {conflicts} 条").format(
            pushed=report.pushed, pulled=report.pulled, merged=report.merged,
            conflicts=report.conflicts)
        if report.warnings:
            text += "\n" + "\n".join(report.warnings)
        self._set(ONLINE, text)
        if report.pulled or report.conflicts:
            self.ctx.changed("")

    def _failed(self, exc: BaseException) -> None:
        from app.sync.errors import AuthRequired, ServerUnreachable

        if isinstance(exc, ServerUnreachable):
            self._set(OFFLINE, error_text(exc))
        elif isinstance(exc, AuthRequired):
            self._set(LOGIN_NEEDED, error_text(exc))
        elif isinstance(exc, WorkFailed):
            self._set(FAILED, error_text(exc))
        else:
            self._set(FAILED, tr("意外错误：{kind}：{message}").format(
                kind=type(exc).__name__, message=exc))

    def _finished(self) -> None:
        if self.state == SYNCING:  # cancelled: nothing was lost, nothing to report
            self._set(IDLE, tr("同步已取消，未完成的部分下次继续。"))
        self.refresh()

    def _got_local(self, state: LocalSyncState) -> None:
        self.local = state
        self.changed.emit()

    def _progressed(self, done: int, total: int, text: str) -> None:
        if self.syncing:
            self.progress = (done, total, text)
            self.changed.emit()

    def _set(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        if state != SYNCING:
            self.progress = (0, 0, "")
        self.changed.emit()


def controller_for(ctx: UiContext, *, auto: bool = True,
                   refresh_now: bool = True) -> SyncController:
    """The window's one controller, made on first use (kept on the context)."""
    existing = getattr(ctx, "_sync_controller", None)
    if existing is None:
        existing = SyncController(ctx, auto=auto, refresh_now=refresh_now)
        ctx._sync_controller = existing  # type: ignore[attr-defined]  # ad-hoc cache on the context
    return existing
