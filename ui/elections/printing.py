"""The election panel's 打印 menu: the notices whose data exists at the election's stage, and the
checkpoint form of the sign-off selected in the history. An action whose document is not ready
is disabled and says why in its text and tooltip (the arrow keys skip a disabled item and
never show its tooltip), so printing never fails on missing data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.elections import actions, stages
from db.models.elections import ELECTION_STAGES
from ui.elections.common import tr
from ui.i18n import QT_TRANSLATE_NOOP
from ui.resources import icon
from ui.terms import term

NOTICE_LABELS = {  # app.printing kind -> menu text
    "preparatory-notice": QT_TRANSLATE_NOOP("Elections", "筹备组成立公告"),
    "candidates-notice": QT_TRANSLATE_NOOP("Elections", "候选人公示"),
    "election-notice": QT_TRANSLATE_NOOP("Elections", "选举公告"),
    "result-notice": QT_TRANSLATE_NOOP("Elections", "选举结果公告"),
}
PAPER_LABELS = {  # the papers of the owners' assembly vote (app/printing/documents/…)
    "assembly-notice": QT_TRANSLATE_NOOP("Elections", "业主大会会议通知（提前15日）"),
    "register-notice": QT_TRANSLATE_NOOP("Elections", "业主名册公示"),
    "ballot": QT_TRANSLATE_NOOP("Elections", "选票（每位纸质投票业主一张）"),
    "proxy": QT_TRANSLATE_NOOP("Elections", "授权委托书"),
}
CHECKPOINT_FORM = "checkpoint-form"
TIPS = {
    CHECKPOINT_FORM: QT_TRANSLATE_NOOP("Elections", "审核表带签名二维码，须在签署人的电脑上打印"),
    "ballot": QT_TRANSLATE_NOOP("Elections", "按业主名册每位业主一张，已电子投票的业主不再打印；没有名册时打印一张空白选票"),
    "proxy": QT_TRANSLATE_NOOP("Elections", "空白表格，由业主和受托人手写填写"),
    "assembly-notice": QT_TRANSLATE_NOOP("Elections", "条件不全时打印为草稿，预览中说明原因"),
    "register-notice": QT_TRANSLATE_NOOP("Elections", "电话号码只显示前三位和后四位"),
}


def _reached(stage: str, since: str) -> bool:
    return ELECTION_STAGES.index(stage) >= ELECTION_STAGES.index(since)


def notice_blocker(view: actions.ElectionView, kind: str) -> str | None:
    """Why `kind` cannot be printed for this election yet (None when it can)."""
    e = view.election
    if kind == "preparatory-notice":
        body = term(stages.organiser(e.kind))  # a rules word: 换届小组 / Re-election group
        if "group_formed" not in view.stages:  # [kinds.<kind>].stages: no group (补选)
            return tr("{k}不设筹备组或换届小组，没有成立公告").format(k=term(stages.kind_name(e.kind)))
        if not _reached(e.stage, "group_formed"):
            return tr("{b}成立后才能打印").format(b=body)
        if not view.group:
            return tr("{b}还没有成员").format(b=body)
    elif kind == "candidates-notice" and not view.candidates:
        # before the 业委会人选关 it prints as a draft that says so (issue 15: 草稿, not disabled)
        return tr("还没有候选人")
    elif kind == "election-notice" and not view.candidates:
        # before the list is public or the vote is arranged it prints as a draft saying so
        return tr("还没有候选人")
    elif kind == "result-notice" and not _reached(e.stage, "tallied"):
        return tr("计票完成后才能打印选举结果公告")
    return paper_blocker(view, kind)


def paper_blocker(view: actions.ElectionView, kind: str) -> str | None:
    """Why a paper of the assembly vote has nothing to print yet (None when it can print; a
    paper whose preconditions are not all met prints as a draft that says why)."""
    if kind in ("assembly-notice", "ballot") and not view.candidates:
        return tr("还没有候选人")
    if kind == "register-notice" and not view.owners:
        return tr("本小区还没有业主名册，请先导入")
    if kind == "ballot" and _reached(view.election.stage, "tallied"):
        return tr("投票已结束，不再发放选票")
    return None


def approval_blocker(line: actions.ApprovalLine | None) -> str | None:
    """Why the checkpoint form of the selected sign-off cannot be printed (None when it can).
    The signer's key (for the QR code) is not looked up here: that means the OS keyring, too
    slow for a selection change; a form printed away from the signer's computer says so."""
    if line is None:
        return tr("先在审核记录中选中一条签署记录")
    return None


class PrintButton(QToolButton):
    """打印 ▾ with one action per document; `print_document(kind, record_id)` shows the preview."""

    def __init__(self, print_document: Callable[[str, str], Any],
                 selected_approval: Callable[[], actions.ApprovalLine | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("electionPrint")
        self.setText(tr("打印"))
        self.setIcon(icon("print"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_document = print_document
        self.selected_approval = selected_approval
        self.view: actions.ElectionView | None = None
        menu = QMenu(self)
        menu.setObjectName("electionPrintMenu")
        menu.setToolTipsVisible(True)  # the reason a document is not ready yet
        self.actions_by_kind: dict[str, QAction] = {}
        self.labels: dict[str, str] = {}  # the action's text while it can print
        for kind, label in NOTICE_LABELS.items():
            self._add(menu, kind, tr("打印{label}…").format(label=tr(label)))
        menu.addSeparator()
        for kind, label in PAPER_LABELS.items():
            self._add(menu, kind, tr("打印{label}…").format(label=tr(label)))
        menu.addSeparator()
        self._add(menu, CHECKPOINT_FORM, tr("打印所选审核记录的关口审核表…"))
        self.setMenu(menu)
        for kind in self.actions_by_kind:
            self._set(kind, tr("先选择一场选举"))

    def _add(self, menu: QMenu, kind: str, text: str) -> None:
        action = menu.addAction(text)
        self.labels[kind] = text
        action.setObjectName(f"print_{kind}")
        action.triggered.connect(lambda _checked=False, k=kind: self.trigger(k))
        self.actions_by_kind[kind] = action

    def _set(self, kind: str, blocker: str | None) -> None:
        action = self.actions_by_kind[kind]
        action.setEnabled(blocker is None)
        label = self.labels[kind]
        action.setText(label if blocker is None else tr("{label}：{why}").format(
            label=label.rstrip("…"), why=blocker))
        action.setToolTip(blocker or (tr(TIPS[kind]) if kind in TIPS else "") or label.rstrip("…"))

    def show_election(self, view: actions.ElectionView | None) -> None:
        self.view = view
        body = stages.organiser(view.election.kind) if view is not None else "筹备组"
        self.labels["preparatory-notice"] = tr("打印{label}…").format(
            label=tr("{b}成立公告").format(b=term(body)))
        # a kind with no group (补选) has no such paper: "业主委员会成立公告" would name another one
        self.actions_by_kind["preparatory-notice"].setVisible(
            view is None or "group_formed" in view.stages)
        for kind in (*NOTICE_LABELS, *PAPER_LABELS):
            self._set(kind, tr("先选择一场选举") if view is None else notice_blocker(view, kind))
        self.update_approval()

    def update_approval(self, *_args: Any) -> None:
        self._set(CHECKPOINT_FORM, approval_blocker(self.selected_approval()))

    def trigger(self, kind: str) -> Any:
        """Print `kind` for the shown election (or the selected sign-off); None when not ready."""
        if self.view is None or not self.actions_by_kind[kind].isEnabled():
            return None
        if kind == CHECKPOINT_FORM:
            line = self.selected_approval()
            return None if line is None else self.print_document(kind, line.approval.id)
        return self.print_document(kind, self.view.election.id)
