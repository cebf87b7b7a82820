"""The login dialog: server address, user name, password → a device token in the OS keyring
(or, with no usable keyring, in memory for this session only — the user is told so)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.sync import auth
from app.sync.urls import normalize_url
from ui.context import UiContext
from ui.operations import readable_error
from ui.sync.controller import SyncController


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


class LoginDialog(QDialog):
    def __init__(self, ctx: UiContext, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.controller = ctx, controller
        self.setWindowTitle(tr("登录同步服务器"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        account = auth.current_account(ctx.store)
        self.url = QLineEdit(account.url if account else "")
        self.url.setPlaceholderText("https://sync.example.gov.cn")
        self.user = QLineEdit(account.user if account else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #cf222e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("服务器地址"), self.url)
        form.addRow(tr("用户名"), self.user)
        form.addRow(tr("密码"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if account else self.url).setFocus()

    def submit(self) -> None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), self.password.text()
        try:
            normalize_url(url)
        except ValueError:
            self.error.setText(tr("服务器地址须以 http:// 或 https:// 开头。"))
            return
        if not user or not password:
            self.error.setText(tr("请填写用户名和密码。"))
            return
        self.error.setText(tr("正在登录…"))
        self.buttons.setEnabled(False)
        self.ctx.run_in_background(
            lambda _p: auth.login(self.ctx.store, url, user, password),
            self._logged_in, on_failure=self._failed, show_progress=False,
        )

    def _logged_in(self, outcome: auth.LoginOutcome) -> None:
        self.password.clear()
        if not outcome.in_keyring:
            box = QMessageBox(
                QMessageBox.Icon.Information, tr("未找到系统密钥环"),
                tr("本机没有可用的系统密钥环：登录只在本次运行中有效，下次启动需要重新输入密码。"),
                QMessageBox.StandardButton.Ok, self.parentWidget())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.accept()
        self.controller.refresh()
        self.controller.sync_now(manual=False)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(readable_error(exc))
