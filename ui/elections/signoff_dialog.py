"""The sign-off dialog: the checks, the exact content that will be signed (canonical JSON and
its hash), the decision, and the reason fields. Signing itself happens in app/ (key in the
keyring); the dialog refuses what the rules refuse and shows why."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.elections.checks import content_summary
from app.elections.signoff import CHECKPOINT_NAMES, Draft
from app.profile import display_signer
from ui.context import UiContext
from ui.elections.common import tr
from ui.elections.models import checks_model
from ui.widgets import make_table


class SignoffDialog(QDialog):
    """Collects a decision for `draft`; `values()` gives (decision, comment, override_reason)."""

    def __init__(self, draft: Draft, signer: str, parent: QWidget | None = None, *,
                 ctx: UiContext | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.signer = ctx, signer
        self.setObjectName("signoffDialog")
        self.draft = draft
        self.setWindowTitle(tr("关口审核签署：{name}").format(name=tr(draft.name or CHECKPOINT_NAMES[draft.checkpoint])))
        self.resize(820, 620)
        self.checks = checks_model(self)
        self.checks.set_records(draft.checks)
        table = make_table(self.checks, "signoffChecks")
        table.setMinimumHeight(150)
        table.resizeColumnsToContents()

        self.approve = QRadioButton(tr("通过"))
        self.approve.setObjectName("decisionApprove")
        self.ret = QRadioButton(tr("退回"))
        self.ret.setObjectName("decisionReturn")
        group = QButtonGroup(self)
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
        self.summary = QLabel("\n".join(content_summary(draft.content)))
        self.summary.setObjectName("signoffSummary")
        self.summary.setWordWrap(True)
        self.content = QPlainTextEdit(json.dumps(draft.content, ensure_ascii=False, indent=2, sort_keys=True))
        self.content.setObjectName("signoffContent")
        self.content.setReadOnly(True)
        self.notice = QLabel()
        self.notice.setObjectName("signoffNotice")
        self.notice.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("决定"), decisions)
        form.addRow(tr("意见"), self.comment)
        form.addRow(tr("越过理由"), self.override)
        form.addRow(tr("签署人"), self._signer_row(signer))
        form.addRow(tr("内容摘要（SHA-256）"), QLabel(draft.content_hash))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(tr("签名并提交"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("本关口的条件：")))
        layout.addWidget(table)
        layout.addWidget(QLabel(tr("将要签名的内容（签署后任何改动都会使本审核显示为“已过时”）：")))
        content_row = QHBoxLayout()
        content_row.addWidget(self.summary, 1)
        content_row.addWidget(self.content, 1)
        layout.addLayout(content_row, 1)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

        for widget in (self.approve, self.ret):
            widget.toggled.connect(self._update)
        self.comment.textChanged.connect(self._update)
        self.override.textChanged.connect(self._update)
        if draft.law_failures:
            self.ret.setChecked(True)
        else:
            self.approve.setChecked(True)
        self._update()

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
        if self.ctx is None:
            return
        with self.ctx.store.session() as session:
            printed = display_signer(session, self.signer)
        if printed:
            self.signer_label.setText(printed)
            self.signer_label.setStyleSheet("")
            self.profile_button.setText(tr("修改本人信息…"))
        else:
            self.signer_label.setText(tr(
                "{user}：尚未填写本人信息（姓名、职务、单位），审核表上的签核人将留空待手写。"
                "请先填写本人信息。").format(user=self.signer))
            self.signer_label.setStyleSheet("color:#9a6700;")
            self.profile_button.setText(tr("填写本人信息…"))

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
        self._show_signer()

    def _update(self) -> None:
        law, district = self.draft.law_failures, self.draft.district_failures
        approving = self.approve.isChecked()
        self.override.setEnabled(approving and bool(district) and not law)
        problem = ""
        if approving and law:
            problem = tr("法定条件未满足，不能通过（法定条件不可越过）：{t}").format(
                t="、".join(c.title for c in law))
        elif approving and district and not self.override.text().strip():
            problem = tr("区设置未满足：{t}。如确需通过，请填写越过理由。").format(
                t="、".join(c.title for c in district))
        elif not approving and not self.comment.text().strip():
            problem = tr("退回须写明理由。")
        self.notice.setText(problem)
        self.notice.setStyleSheet("color:#b3261e;" if problem else "")
        self.sign_button.setEnabled(not problem)

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
