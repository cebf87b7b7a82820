"""Opening the encrypted store from the GUI: the passphrase dialog (only where the OS has no
usable keyring — otherwise the key comes from the keyring without a word), a progress dialog
while a plaintext store of an older version is encrypted, and a second try after a wrong
passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.errors import WorkFailed
from app.session import open_local_store
from app.store_key import set_passphrase_source
from db.store import Store
from ui.i18n import QT_TRANSLATE_NOOP

TRIES = 3
MIN_LENGTH = 8
STEP_NAMES: dict[str, str] = {
    "settle": QT_TRANSLATE_NOOP("Passphrase", "整理数据文件"),
    "copy": QT_TRANSLATE_NOOP("Passphrase", "写入加密副本"),
    "verify": QT_TRANSLATE_NOOP("Passphrase", "核对加密副本"),
    "swap": QT_TRANSLATE_NOOP("Passphrase", "换用加密数据"),
    "wipe": QT_TRANSLATE_NOOP("Passphrase", "清除未加密的旧文件"),
    "done": QT_TRANSLATE_NOOP("Passphrase", "完成"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Passphrase", text)


class PassphraseDialog(QDialog):
    """One field to open existing data; two (typed twice, at least 8 characters) for new data."""

    def __init__(self, data_dir: Path, new: bool, problem: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(tr("数据口令"))
        self.setMinimumWidth(460)
        intro = QLabel(
            tr("这台电脑没有可用的系统钥匙串，数据用口令加密。请为新数据设置口令，并妥善记住："
               "忘记口令将无法打开数据。") if new else
            tr("这台电脑没有可用的系统钥匙串，数据用口令加密。请输入口令打开数据。"))
        intro.setWordWrap(True)
        folder = QLabel(str(data_dir))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(problem)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("数据文件夹："), folder)
        form.addRow(tr("口令："), self.passphrase)
        if new:
            form.addRow(tr("再输入一次："), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("打开") if not new
                                                                    else tr("设置口令"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.problem.setText(tr("请输入口令"))
        elif self.new and len(text) < MIN_LENGTH:
            self.problem.setText(tr("口令至少需要 8 个字符"))
        elif self.new and self.repeat.text() != text:
            self.problem.setText(tr("两次输入的口令不一致"))
        else:
            self.accept()

    def value(self) -> str:
        return self.passphrase.text()


class _Asker:
    """The passphrase source handed to app.store_key: shows the dialog, with the last refusal."""

    def __init__(self) -> None:
        self.problem = ""

    def __call__(self, data_dir: Path, new: bool) -> str | None:
        dialog = PassphraseDialog(data_dir, new, self.problem)
        self.problem = ""
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


class _Progress:
    """A modal progress dialog, made only if a plaintext store is really being encrypted."""

    def __init__(self) -> None:
        self.dialog: QProgressDialog | None = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.dialog is None:
            self.dialog = QProgressDialog(tr("正在加密本地数据（只在第一次启动新版本时进行）…"),
                                          "", 0, total)
            self.dialog.setCancelButton(None)  # never half-way
            self.dialog.setWindowTitle(tr("加密本地数据"))
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setMinimumDuration(0)
        self.dialog.setLabelText(tr("正在加密本地数据：") + tr(STEP_NAMES.get(step, step)))
        self.dialog.setValue(done)
        QApplication.processEvents()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def open_store_asking(data_dir: Path, interactive: bool = True) -> Store:
    """Open the store, asking for the passphrase where needed (up to TRIES times after a wrong
    one) and showing the encryption's progress; WorkFailed when it cannot be opened."""
    asker = _Asker()
    if interactive:  # else the command line's source stays (--passphrase-stdin), if any
        set_passphrase_source(asker)
    progress = _Progress()
    try:
        for attempt in range(TRIES):
            try:
                return open_local_store(data_dir, progress=progress if interactive else None)
            except WorkFailed as exc:
                if exc.code != "store.wrong_passphrase" or attempt == TRIES - 1:
                    raise
                asker.problem = tr("口令不正确，请重新输入")
        raise AssertionError("unreachable")
    finally:
        progress.close()
