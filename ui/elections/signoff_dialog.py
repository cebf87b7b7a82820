"""The sign-off dialog: the checks (each with its 情况 and 依据, wrapped, nothing off-screen), what
will be signed in the signer's terms (names, rooms, roles, figures — not the JSON or its hash),
the decision (none chosen beforehand), the reason fields, and the signer confirming their own
name from 本人信息. Signing itself happens in app/ (key in the keyring); the dialog refuses what
the rules refuse and shows why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.elections.signed_view import signed_view
from app.elections.signoff import CHECKPOINT_NAMES, Draft
from app.profile import Profile, own_profile
from ui.columns import sampled
from ui.context import UiContext
from ui.elections.common import check_title, rules, tr
from ui.elections.models import checks_model
from ui.elections.signed_content import content_html
from ui.widgets import make_table

ERROR_COLOR = "#b3261e"
HINT_COLOR = "#9a6700"


def checks_table(draft: Draft, parent: QWidget) -> QTableView:
    """The checkpoint's checks: 结果 and 条件 fit their text, 情况 and 依据 share the rest and wrap,
    rows grow to their text; no column is ever pushed off to the right."""
    model = checks_model(parent)
    model.set_records(draft.checks)
    table = wrapping_checks(make_table(model, "signoffChecks"))
    table.setMinimumHeight(150)
    return table


def wrapping_checks(table: QTableView) -> QTableView:
    """Shape a table of checks (checks_model) so every column stays in view: 结果 fits, the
    others share the width and wrap, rows grow to their text (the dialog and the panel's tab)."""
    table.setWordWrap(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = sampled(table.horizontalHeader())
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    sampled(table.verticalHeader()).setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class SignoffDialog(QDialog):
    """Collects a decision for `draft`; `values()` gives (decision, comment, override_reason)."""

    def __init__(self, draft: Draft, signer: str, parent: QWidget | None = None, *,
                 ctx: UiContext | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.signer = ctx, signer
        self.setObjectName("signoffDialog")
        self.draft = draft
        self.setWindowTitle(tr("关口审核签署：{name}").format(name=tr(draft.name or CHECKPOINT_NAMES[draft.checkpoint])))
        self.resize(860, 680)
        self.profile: Profile | None = None
        self.checks_view = checks_table(draft, self)
        self.checks = self.checks_view.model()
        self.content = QTextBrowser()
        self.content.setObjectName("signoffContent")
        self.content.setOpenLinks(False)
        self.content.setHtml(self._content_html())

        self.approve = QRadioButton(tr("通过"))
        self.approve.setObjectName("decisionApprove")
        self.ret = QRadioButton(tr("退回"))
        self.ret.setObjectName("decisionReturn")
        group = QButtonGroup(self)  # exclusive; neither is checked until the signer chooses
        group.addButton(self.approve)
        group.addButton(self.ret)
        decisions = QHBoxLayout()
        decisions.addWidget(self.approve)
        decisions.addWidget(self.ret)
        decisions.addStretch(1)

        self.comment = QLineEdit()
        self.comment.setObjectName("signoffComment")
        self.comment.setPlaceholderText(tr("审核意见；退回时必须写明理由"))
        self.override = QLineEdit()
        self.override.setObjectName("signoffOverride")
        self.override.setPlaceholderText(tr("仅当区设置未满足时：越过的理由（将记录在签名内容中）"))
        self.confirm = QCheckBox()
        self.confirm.setObjectName("signoffConfirm")
        self.notice = QLabel()
        self.notice.setObjectName("signoffNotice")
        self.notice.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("决定"), decisions)
        form.addRow(tr("意见"), self.comment)
        form.addRow(tr("越过理由"), self.override)
        form.addRow(tr("签署人"), self._signer_row(signer))
        form.addRow("", self.confirm)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.sign_button = self.buttons.addButton(tr("签名并提交"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("本关口的条件：")))
        layout.addWidget(self.checks_view, 4)
        layout.addWidget(QLabel(tr("将要签名的内容（签署后任何改动都会使本审核显示为“已过时”）：")))
        self.content.setMinimumHeight(6 * self.fontMetrics().lineSpacing())
        layout.addWidget(self.content, 2)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

        for widget in (self.approve, self.ret, self.confirm):
            widget.toggled.connect(self._update)
        self.comment.textChanged.connect(self._update)
        self.override.textChanged.connect(self._update)
        self._update()

    def _content_html(self) -> str:
        if self.ctx is None:
            return content_html(signed_view(None, self.draft.content, rules()))
        with self.ctx.store.session() as session:
            return content_html(signed_view(session, self.draft.content, rules()))

    def _signer_row(self, signer: str) -> QWidget:
        """签署人 as paper will print it (本人信息); without one, a prompt to fill it in."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.signer_label = QLabel(signer)
        self.signer_label.setObjectName("signoffSigner")
        self.signer_label.setWordWrap(True)
        line.addWidget(self.signer_label, 1)
        self.profile_button = QPushButton(tr("填写本人信息…"))
        self.profile_button.setObjectName("signoffProfile")
        self.profile_button.clicked.connect(self.open_profile)
        line.addWidget(self.profile_button)
        self.profile_button.setVisible(self.ctx is not None)
        self._show_signer()
        return row

    def _show_signer(self) -> None:
        """The signer's printed name, and the box where they confirm it is them who signs."""
        if self.ctx is not None:
            with self.ctx.store.session() as session:
                self.profile = own_profile(session, user=self.signer)
        if self.profile is not None:
            self.signer_label.setText(self.profile.signer_text)
            self.signer_label.setStyleSheet("")
            self.profile_button.setText(tr("修改本人信息…"))
            self.confirm.setText(tr("本人{name}已核对以上内容，确认签署").format(name=self.profile.name))
            self.confirm.setEnabled(True)
        else:
            self.signer_label.setText(tr(
                "尚未填写本人信息（姓名、职务、单位）：签署前请先填写，审核表上的签核人按此打印。"))
            self.signer_label.setStyleSheet(f"color:{HINT_COLOR};")
            self.profile_button.setText(tr("填写本人信息…"))
            self.confirm.setText(tr("填写本人信息后，在此确认签署人姓名"))
            self.confirm.setChecked(False)
            self.confirm.setEnabled(False)

    def open_profile(self) -> QDialog | None:
        """设置 — 本人信息 over this dialog; the 签署人 line follows what is saved."""
        if self.ctx is None:
            return None
        from ui.settings_dialog import open_settings

        dialog = open_settings(self.ctx, self, prompt=tr(
            "签署前请填写本人信息：审核表上的签核人按此打印（姓名、职务、单位）。"))
        dialog.saved.connect(self._profile_saved)
        return dialog

    def _profile_saved(self, _profile: object) -> None:
        self.confirm.setChecked(False)  # a changed name is confirmed again
        self._show_signer()
        self._update()

    def _problem(self) -> tuple[str, bool]:
        """What still stops signing, and whether it is a refusal (red) or a step to take."""
        law, district = self.draft.law_failures, self.draft.district_failures
        approving, returning = self.approve.isChecked(), self.ret.isChecked()
        if approving and law:
            return tr("法定条件未满足，不能通过（法定条件不可越过）：{t}").format(
                t=tr("、").join(check_title(c) for c in law)), True
        if approving and district and not self.override.text().strip():
            return tr("区设置未满足：{t}。如确需通过，请填写越过理由。").format(
                t=tr("、").join(check_title(c) for c in district)), True
        if returning and not self.comment.text().strip():
            return tr("退回须写明理由。"), True
        if not (approving or returning):
            return tr("请选择“通过”或“退回”。"), False
        if self.profile is None:
            return tr("请先填写本人信息（签署人姓名）。"), False
        if not self.confirm.isChecked():
            return tr("请确认签署人姓名。"), False
        return "", False

    def _update(self) -> None:
        law, district = self.draft.law_failures, self.draft.district_failures
        self.override.setEnabled(self.approve.isChecked() and bool(district) and not law)
        problem, refused = self._problem()
        self.notice.setText(problem)
        self.notice.setStyleSheet(f"color:{ERROR_COLOR if refused else HINT_COLOR};" if problem else "")
        self.sign_button.setEnabled(not problem)

    def accept(self) -> None:
        """Enter in a field signs only when everything is in order (the button is enabled)."""
        if self.sign_button.isEnabled():
            super().accept()

    def values(self) -> tuple[str, str, str]:
        decision = "approved" if self.approve.isChecked() else "returned"
        override = self.override.text().strip() if self.override.isEnabled() else ""
        return decision, self.comment.text().strip(), override


def revoke_reason_dialog(parent: QWidget | None, text: Any) -> QDialog:
    """A small dialog asking why a sign-off is revoked (the reason is signed too)."""
    dialog = QDialog(parent)
    dialog.setObjectName("revokeDialog")
    dialog.setWindowTitle(tr("撤销审核"))
    reason = QLineEdit()
    reason.setObjectName("revokeReason")
    reason.setPlaceholderText(tr("撤销理由（必填）"))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(False)
    reason.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(str(text)))
    layout.addWidget(reason)
    layout.addWidget(buttons)
    dialog.reason = reason  # type: ignore[attr-defined]  # ad-hoc attribute, read by the caller
    return dialog
