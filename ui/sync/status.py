"""The status-bar widget: online / offline / syncing, pending changes, open conflicts, last sync
time, with 立即同步, 取消 and 登录… at hand. Add it with `SyncStatusWidget(ctx)`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.sync import controller as states
from ui.sync.controller import SyncController, controller_for


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


STATE_TEXT: dict[str, tuple[str, str]] = {
    states.IDLE: ("#888888", QT_TRANSLATE_NOOP("sync", "待同步")),
    states.SYNCING: ("#1f6feb", QT_TRANSLATE_NOOP("sync", "正在同步")),
    states.ONLINE: ("#2da44e", QT_TRANSLATE_NOOP("sync", "在线")),
    states.OFFLINE: ("#bf8700", QT_TRANSLATE_NOOP("sync", "离线")),
    states.LOGIN_NEEDED: ("#cf222e", QT_TRANSLATE_NOOP("sync", "需要登录")),
    states.NOT_LOGGED_IN: ("#888888", QT_TRANSLATE_NOOP("sync", "未登录")),
    states.FAILED: ("#cf222e", QT_TRANSLATE_NOOP("sync", "同步失败")),
}
DEMO_COLOR = "#8250df"


class SyncStatusWidget(QWidget):
    def __init__(self, ctx: UiContext, controller: SyncController | None = None, *,
                 refresh_now: bool = True) -> None:
        """refresh_now=False: the window asks the controller to count pending changes later
        (once the compound list is shown), so start-up does not wait for the count."""
        super().__init__()
        self.setObjectName("syncStatus")
        self.ctx = ctx
        self.controller = controller or controller_for(ctx, refresh_now=refresh_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        self.dot = QLabel("●")
        self.text = QLabel()
        self.text.setObjectName("syncStatusText")
        self.text.linkActivated.connect(self._open_sync_page)
        self.sync_button = QToolButton()
        self.sync_button.setText(tr("立即同步"))
        self.sync_button.clicked.connect(lambda: self.controller.sync_now(manual=True))
        self.cancel_button = QToolButton()
        self.cancel_button.setText(tr("取消"))
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.login_button = QToolButton()
        self.login_button.setText(tr("登录…"))
        self.login_button.clicked.connect(self.open_login)
        self.bar = QProgressBar()  # how far a long push has got (a first push: minutes)
        self.bar.setObjectName("syncProgress")
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        self.bar.setVisible(False)
        for widget in (self.dot, self.text, self.bar, self.sync_button, self.cancel_button,
                       self.login_button):
            layout.addWidget(widget)
        self.controller.changed.connect(self.update_view)
        self.update_view()

    def update_view(self) -> None:
        controller = self.controller
        color, word = STATE_TEXT.get(controller.state, STATE_TEXT[states.IDLE])
        self.dot.setStyleSheet(f"color: {color};")
        parts = [tr(word)]
        local = controller.local
        if local is not None and local.demo:
            self._show_demo()
            return
        if local is not None:
            parts.append(tr("待上传 {n}").format(n=local.pending_rows))
            if local.open_conflicts:
                parts.append('<a href="conflicts">' + tr("冲突 {n}").format(
                    n=local.open_conflicts) + "</a>")
            if local.last_sync_at is not None:
                when = local.last_sync_at.astimezone().strftime("%m-%d %H:%M")
                parts.append(tr("上次同步 {time}").format(time=when))
            else:
                parts.append(tr("从未同步"))
        done, total, line = controller.progress
        if controller.syncing and line:
            parts.insert(1, line)
        self.text.setText(" · ".join(parts))
        self.setToolTip(controller.message)
        syncing = controller.syncing
        self.bar.setVisible(syncing and total > 0)
        if syncing and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        self.sync_button.setEnabled(not syncing)
        self.cancel_button.setVisible(syncing)
        self.login_button.setVisible(
            controller.state in (states.LOGIN_NEEDED, states.NOT_LOGGED_IN)
            or (local is not None and local.account is None)
        )

    def _show_demo(self) -> None:
        """Demo data never reaches a server: say so instead of counting changes to upload."""
        self.dot.setStyleSheet(f"color: {DEMO_COLOR};")
        self.text.setText(tr("演示数据 · 不同步"))
        self.setToolTip(tr("这个数据目录装的是演示数据，永不同步到区级服务器。"
                           "正式工作请用新的数据目录（--data-dir）。"))
        for button in (self.sync_button, self.cancel_button, self.login_button):
            button.setVisible(False)

    def _open_sync_page(self, _link: str) -> None:
        self.ctx.bus.show_page.emit("sync", {})

    def open_login(self) -> None:
        from ui.sync.login_dialog import LoginDialog

        dialog = LoginDialog(self.ctx, self.controller, self.window())
        dialog.open()
