"""核验审核表: check a printed checkpoint form from its QR code — a scanner gun types the code
into the box (its Enter checks it), a phone's scan is pasted, or the printed PDF is opened.
This is the help the form's "扫码核验" points to: how to check, and what the answer means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.verification import Verdict
from app.verification_view import SignedFacts


def tr(text: str) -> str:
    return QCoreApplication.translate("verify", text)


def headline(verdict: Verdict) -> str:
    """The answer in one line, by the verdict's code."""
    return {
        "valid": tr("签核有效：二维码内容完整，签核人的密钥已在本机确认。"),
        "unconfirmed": tr("无法确认：二维码完整，但本机不认识这把密钥是签核人的（先同步，或向签核人核实）。"),
        "mismatch": tr("不一致：二维码与本机的签核记录不符，纸质表或本机记录被改动过。"),
        "damaged": tr("二维码已损坏或不是本应用的审核签名码。"),
        "not_a_code": tr("这不是审核签名码：请扫描审核表右上角的二维码，或打开审核表 PDF。"),
        "unreadable": tr("文件无法读取。"),
        "too_big": tr("文件太大，不是本应用打印的审核表。"),
        "no_code": tr("文件里没有审核签名码：不是本应用打印的审核表，或文件已损坏。"),
        "not_ours": tr("不是本应用打印的审核表原件：签名码不在原处，或文件里不止一个签名码。"
                       "请直接扫描纸质审核表上的二维码。"),
    }.get(verdict.code, verdict.code)


def facts_text(facts: SignedFacts) -> str:
    checkpoints = {"timing": tr("筹备时机关"), "group": tr("筹备组人选关"),
                   "candidates": tr("业委会人选关")}
    decisions = {"approved": tr("通过"), "returned": tr("退回"), "revoked": tr("撤销")}
    status = {"current": tr("与本机记录一致"), "stale": tr("注意：审核后被审核的内容已变更"),
              "revoked": tr("注意：此审核已被撤销"), None: tr("本机没有这条签核记录")}
    when = (tr("{y}年{m}月{d}日 {hm}").format(
        y=facts.signed_at.year, m=facts.signed_at.month, d=facts.signed_at.day,
        hm=facts.signed_at.strftime("%H:%M")) if facts.signed_at else "")
    lines = [
        tr("小区：{name}").format(name=facts.compound) if facts.compound else "",
        tr("审核关口：{name}").format(name=checkpoints.get(facts.checkpoint, facts.checkpoint)),
        tr("审核结论：{name}").format(name=decisions.get(facts.decision, facts.decision)),
        tr("签核人：{name}").format(name=facts.signer),
        tr("签核时间：{when}").format(when=when) if when else "",
        status.get(facts.local_status, ""),
    ]
    return "\n".join(line for line in lines if line)


class VerifyDialog(QDialog):
    """Scan or paste the code, or open the PDF; the answer and the signed facts show below."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verdict: Verdict | None = None
        self.setWindowTitle(tr("核验审核表"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        how = QLabel(tr(
            "审核表右上角的二维码记录了签核内容和签核人的数字签名。用扫码枪扫描二维码（扫完自动核验），"
            "或用手机扫码后把文字粘贴到下面；也可以打开本应用打印的审核表 PDF。"), self)
        how.setWordWrap(True)
        layout.addWidget(how)
        row = QHBoxLayout()
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("verifyCode")
        self.code_edit.setPlaceholderText(tr("扫描或粘贴二维码内容（CDSIGN1:…）"))
        self.code_edit.returnPressed.connect(self.check_typed)
        row.addWidget(self.code_edit, 1)
        self.check_button = QPushButton(tr("核验"), self)
        self.check_button.clicked.connect(self.check_typed)
        row.addWidget(self.check_button)
        self.open_button = QPushButton(tr("打开 PDF…"), self)
        self.open_button.clicked.connect(self.choose_pdf)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.answer = QLabel("", self)
        self.answer.setObjectName("verifyAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.answer)
        self.details = QLabel("", self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code_edit.setFocus()

    def check_typed(self) -> None:
        self.check(self.code_edit.text())

    def choose_pdf(self) -> None:
        from ui.file_dialogs import open_path

        chosen = open_path(self, "verify", tr("打开审核表 PDF"), tr("PDF 文件 (*.pdf)"))
        if chosen is not None:
            self.check_file(chosen)

    def check_file(self, path: Path) -> None:
        from app.verification import code_in_file

        found = code_in_file(path)
        if isinstance(found, Verdict):
            self.show_verdict(found, None)
        else:
            self.check(found)

    def check(self, text: str) -> None:
        """Check in the background (the stale check hashes what was approved)."""
        from app.verification import check_in_store
        from app.verification_view import facts_of

        def work(_progress: Any) -> tuple[Verdict, SignedFacts | None]:
            verdict = check_in_store(self.ctx.store, text)
            with self.ctx.store.session() as session:
                return verdict, facts_of(session, verdict)

        self.ctx.run_in_background(work, lambda result: self.show_verdict(*result),
                                   label=tr("正在核验…"), parent=self, read_only=True)

    def show_verdict(self, verdict: Verdict, facts: SignedFacts | None) -> None:
        self.verdict = verdict
        good = verdict.valid and (facts is None or facts.local_status in ("current", None))
        colour = "#1b6e20" if good else "#a11"
        self.answer.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.answer.setText(headline(verdict))
        detail = facts_text(facts) if facts is not None else ""
        if verdict.valid and detail:  # a code can be pasted onto other paper: compare the two
            detail = tr("请核对纸面上的小区、关口、结论和签核人与下列一致：") + "\n" + detail
        if verdict.detail and verdict.code in ("unconfirmed", "mismatch"):
            detail = f"{detail}\n\n{verdict.detail}".strip()
        self.details.setText(detail)
        self.adjustSize()  # the whole answer shows: its last line is the one a checker needs
        self.code_edit.selectAll()


def open_verify_dialog(ctx: Any, parent: QWidget | None = None) -> VerifyDialog:
    dialog = VerifyDialog(ctx, parent)
    dialog.open()
    return dialog
