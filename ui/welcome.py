"""First run: an empty store offers the demo district, importing a file, or logging in to a server."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import UiContext
from ui.pages import module_available
from ui.resources import icon


def tr(text: str) -> str:
    return QCoreApplication.translate("WelcomePage", text)


def find_importer() -> Callable[..., Any] | None:
    """The import entry point of app.importing, once that module exists."""
    if not module_available("app.importing"):
        return None
    module = importlib.import_module("app.importing")
    for name in ("import_file", "import_path", "run_import"):
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


class WelcomePage(QWidget):
    """Shown instead of the pages while the store holds no compound."""

    data_loaded = Signal()
    login_requested = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("welcomePage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        title = QLabel(tr("欢迎使用小区治理工作台"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(tr("本机数据库还是空的。请选择一种方式开始："))
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addSpacing(24)

        row = QHBoxLayout()
        row.addStretch(1)
        self.demo_button = self._card(
            row, "demo", tr("载入演示数据"),
            tr("龙岗区各街道的虚构小区、党支部、选举和议事，适合熟悉软件。"), self.load_demo)
        self.import_button = self._card(
            row, "import", tr("导入文件"),
            tr("从 Excel（.xlsx）或 CSV 导入小区、业主名册或党员名单。"), self.import_file)
        self.login_button = self._card(
            row, "sync", tr("登录服务器"),
            tr("连接区级服务器，下载本街道的数据。"), self.login_requested.emit)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addSpacing(16)
        self.status = QLabel("")
        self.status.setObjectName("welcomeStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        outer.addStretch(2)

        self.import_button.setEnabled(find_importer() is not None)
        if not self.import_button.isEnabled():
            self.import_button.setToolTip(tr("导入功能尚未提供"))
        self.login_button.setEnabled(module_available("app.sync"))
        if not self.login_button.isEnabled():
            self.login_button.setToolTip(tr("同步功能尚未提供"))

    def _card(self, row: QHBoxLayout, icon_name: str, title: str, text: str,
              slot: Callable[[], Any]) -> QPushButton:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉" * 16))
        card.setMaximumWidth(self.fontMetrics().horizontalAdvance("汉" * 22))
        layout = QVBoxLayout(card)
        button = QPushButton(icon(icon_name), title)
        button.setIconSize(QSize(24, 24))
        button.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        button.clicked.connect(slot)
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(button)
        layout.addWidget(label)
        row.addWidget(card)
        return button

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        for button in (self.demo_button, self.import_button, self.login_button):
            button.setEnabled(False)

    @Slot()
    def load_demo(self) -> None:
        """Generate the small demo district in the background helper."""
        from app.demo import generate

        store = self.ctx.store
        self._busy(tr("正在生成演示数据…"))
        self.ctx.run_in_background(
            lambda progress: generate(store, size="small", progress=progress),
            lambda counts: self._loaded(), on_failure=self._failed,
            label=tr("正在生成演示数据…"), parent=self)

    @Slot()
    def import_file(self) -> None:
        from ui.importing.wizard import ImportWizard  # the import wizard (issue 18)

        wizard = ImportWizard(self.ctx, self)
        wizard.imported.connect(lambda _outcome: self._loaded())
        wizard.open()

    def _loaded(self) -> None:
        self.status.setText(tr("数据已载入。"))
        self.data_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        from ui.operations import readable_error

        self.status.setText(tr("没有成功：{error}").format(error=readable_error(exc)))
        self.demo_button.setEnabled(True)
        self.import_button.setEnabled(find_importer() is not None)
        self.login_button.setEnabled(module_available("app.sync"))
