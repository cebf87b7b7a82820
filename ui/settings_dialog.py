"""设置: 本人信息 (姓名、职务、单位) — who the signed-in person is on paper — and 显示 (字号).

Printed sign-offs and forms name the signer by this profile, never by the computer's login name.
It is kept in the local store and sent to the server account at the next sync (app.profile,
app.sync.profiles). Each field is checked as it is typed, with the same codes app.profile refuses
(and the server answers); 保存 is enabled only when every value may be saved.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import profile
from app.errors import user_errors
from app.profile import Profile
from app.session import get_setting
from app.sync import settings as sync_keys
from db.models import UserProfile
from ui.context import UiContext
from ui.font_size import SCALES, choose_scale, stored_scale
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import readable_error

CONTEXT = "Settings"
ERROR_COLOR = "#b3261e"

# app.profile's refusal codes, as the settings dialog says them.
ERRORS = {
    "required": QT_TRANSLATE_NOOP("Settings", "必须填写"),
    "length": QT_TRANSLATE_NOOP("Settings", "须为 {min} 至 {max} 个字"),
    "chars": QT_TRANSLATE_NOOP("Settings", "只能由汉字、字母和间隔号“·”组成"),
    "too_long": QT_TRANSLATE_NOOP("Settings", "不能超过 {max} 个字"),
    "control": QT_TRANSLATE_NOOP("Settings", "含有不可见的控制字符"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def error_text(code: str) -> str:
    source = ERRORS.get(code)
    if source is None:
        return code
    limit = profile.NAME_MAX if code == "length" else profile.TEXT_MAX
    return tr(source).format(min=profile.NAME_MIN, max=limit)


class ProfileForm(QWidget):
    """姓名、职务、单位 with their checks; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, current: Profile | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        placeholders = {
            "name": tr("如：张三"),
            "title": tr("如：党建指导员、社区党委书记"),
            "office": tr("如：龙城街道办事处"),
        }
        labels = {"name": tr("姓名"), "title": tr("职务"), "office": tr("单位")}
        values = {"name": current.name, "title": current.title,
                  "office": current.office} if current else {}
        for field in profile.FIELDS:
            edit = QLineEdit(values.get(field, ""))
            edit.setObjectName(f"profile_{field}")
            edit.setPlaceholderText(placeholders[field])
            edit.setMaxLength(200)  # room to show "too long" rather than cut silently
            edit.textChanged.connect(self._check)
            error = QLabel("")
            error.setObjectName(f"profile_{field}_error")
            error.setStyleSheet(f"color:{ERROR_COLOR};")
            error.setWordWrap(True)
            error.hide()
            form.addRow(labels[field], edit)
            form.addRow("", error)
            self.edits[field], self.errors[field] = edit, error
        self.preview = QLabel("")
        self.preview.setObjectName("profilePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("打印为"), self.preview)
        self.problems: dict[str, str] = {}
        self._check()

    def values(self) -> tuple[str, str, str]:
        name, title, office = (self.edits[f].text() for f in profile.FIELDS)
        return name, title, office

    def _check(self) -> None:
        self.problems = profile.problems(*self.values())
        for field in profile.FIELDS:
            code = self.problems.get(field)
            # an empty name is not shouted at before anything was typed: 保存 stays off
            shown = code is not None and not (code == "required" and not self.edits[field].isModified())
            self.errors[field].setText(error_text(code) if code and shown else "")
            self.errors[field].setVisible(shown)
        if self.problems:
            self.preview.setText(tr("（填写完整后显示）"))
        else:
            name, title, office = profile.normalized(*self.values())
            self.preview.setText(Profile("", name, title, office).signer_text)
        self.changed.emit()


class SettingsDialog(QDialog):
    """设置 with its 本人信息 section; saving keeps the profile (sent at the next sync)."""

    saved = Signal(object)  # the Profile kept

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, prompt: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("设置"))
        user = ctx.store.actor  # the name this store signs with
        with ctx.store.session() as session:
            current = profile.own_profile(session, user=user)
            row = session.get(UserProfile, user)
            pending = bool(row is not None and row.pending)
        self.user = user
        intro = QLabel(prompt or tr("签核人按此打印在审核表、公告等文书上，不使用电脑的登录名。"))
        intro.setObjectName("settingsIntro")
        intro.setWordWrap(True)
        with ctx.store.session() as session:
            server_user = get_setting(session, sync_keys.USER)
        account = QLabel(
            tr("同步账号：{user}。本人信息随同步保存到服务器账号。").format(user=server_user)
            if server_user else
            tr("尚未登录同步服务器：本人信息先保存在本机，登录后随同步保存到服务器账号。"))
        account.setObjectName("settingsAccount")
        account.setWordWrap(True)
        self.form = ProfileForm(current)
        self.status = QLabel(tr("本机的修改尚未同步到服务器。") if pending else "")
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        group = QGroupBox(tr("本人信息"))
        group.setObjectName("profileGroup")
        box = QVBoxLayout(group)
        box.addWidget(intro)
        box.addWidget(account)
        box.addWidget(self.form)
        box.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("保存"))
        self.save_button.setObjectName("settingsSave")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addWidget(self._display_group())
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._update)
        self._update()
        self.form.edits["name"].setFocus()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉" * 36))

    def _display_group(self) -> QGroupBox:
        """显示 — 字号: applied to the whole app at once and kept for the next start (it does not
        wait for 保存, which is about the profile)."""
        group = QGroupBox(tr("显示"))
        group.setObjectName("displayGroup")
        self.font_size = QComboBox()
        self.font_size.setObjectName("fontSize")
        for percent, label in SCALES.items():
            self.font_size.addItem(tr(label), percent)
        self.font_size.setCurrentIndex(self.font_size.findData(stored_scale(self.ctx.settings)))
        self.font_size.currentIndexChanged.connect(
            lambda _i: choose_scale(self.ctx.settings, int(self.font_size.currentData())))
        form = QFormLayout(group)
        form.addRow(tr("字号"), self.font_size)
        form.addRow(tr("日志"), self._log_level())
        return group

    def _log_level(self) -> QComboBox:
        """How much the log file keeps (app/logs.py): applied at once and kept for the next
        start; 详细 is for sending a log to whoever supports the app."""
        from app import logs
        from ui.application import LOG_LEVEL

        self.log_level = QComboBox()
        self.log_level.setObjectName("logLevel")
        for level, label in (("INFO", tr("常规")), ("DEBUG", tr("详细（排查问题时用）")),
                             ("WARNING", tr("只记警告和错误")), ("ERROR", tr("只记错误"))):
            self.log_level.addItem(label, level)
        current = self.log_level.findData(str(self.ctx.settings.value(LOG_LEVEL, "INFO")))
        self.log_level.setCurrentIndex(max(current, 0))

        def chosen(_index: int) -> None:
            level = str(self.log_level.currentData())
            self.ctx.settings.setValue(LOG_LEVEL, level)
            logs.setup(level)

        self.log_level.currentIndexChanged.connect(chosen)
        return self.log_level

    def _update(self) -> None:
        self.save_button.setEnabled(not self.form.problems)

    def save(self) -> bool:
        """Keep the profile; a refusal is shown under its field and nothing is saved."""
        try:
            with self.ctx.store.transaction() as session:
                kept = profile.save_own_profile(session, *self.form.values(), user=self.user)
        except profile.ProfileError as exc:
            for field, code in exc.problems.items():
                self.form.errors[field].setText(error_text(code))
                self.form.errors[field].show()
            return False
        except user_errors() as exc:  # a store fault (disk full…): one line, the dialog stays
            self.status.setText(readable_error(exc))
            self.status.setStyleSheet(f"color:{ERROR_COLOR};")
            return False
        self.saved.emit(kept)
        self.ctx.changed("profiles")
        self.accept()
        return True


def open_settings(ctx: UiContext, parent: QWidget | None = None, *, prompt: str = ""
                  ) -> SettingsDialog:
    """Open 设置 (window-modal, not blocking); returns the dialog."""
    dialog = SettingsDialog(ctx, parent or ctx.window, prompt=prompt)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
