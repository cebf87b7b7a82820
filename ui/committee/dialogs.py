"""Dialogs of the committee view: the first meeting with its officers, a member leaving, a
filing receipt's date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from app.committee.summary import MemberRow
from ui.committee.common import LEAVE_REASONS, ROLES, from_qdate, to_qdate, tr, word
from ui.date_edit import DateEdit


def _date_edit(value: date, today: date, name: str) -> DateEdit:
    edit = DateEdit(to_qdate(value), prefer="past")
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(to_qdate(today))
    return edit


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FirstMeetingDialog(QDialog):
    """首次会议: the day and the 主任 and 副主任 chosen among the seated members."""

    def __init__(self, seated: list[MemberRow], held_on: date, today: date, due: date | None,
                 parent: QWidget | None = None, officers_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("firstMeetingDialog")
        self.officers_only = officers_only  # the first meeting is on record: choose officers again
        self.setWindowTitle(tr("改选主任、副主任") if officers_only else tr("登记首次会议"))
        self.held_on = _date_edit(held_on, today, "firstMeetingDate")
        self.director = QComboBox()
        self.director.setObjectName("firstMeetingDirector")
        self.deputies = QListWidget()
        self.deputies.setObjectName("firstMeetingDeputies")
        for member in seated:
            self.director.addItem(member.name, member.id)
            item = QListWidgetItem(member.name)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setCheckState(Qt.CheckState.Checked if member.role == "deputy"
                               else Qt.CheckState.Unchecked)
            self.deputies.addItem(item)
            if member.role == "director":
                self.director.setCurrentIndex(self.director.count() - 1)
        form = QFormLayout(self)
        if officers_only:
            hint = QLabel(tr("首次会议已于 {d} 召开；此处只改选主任、副主任。").format(
                d=held_on.isoformat()))
            hint.setWordWrap(True)
            form.addRow(hint)
        else:
            if due is not None:
                hint = QLabel(tr("应于 {d} 前召开（选举产生之日起计）").format(d=due.isoformat()))
                hint.setWordWrap(True)
                form.addRow(hint)
            form.addRow(tr("会议日期"), self.held_on)
        form.addRow(tr("主任"), self.director)
        form.addRow(tr("副主任"), self.deputies)
        form.addRow(_buttons(self))

    def values(self) -> tuple[date, str, list[str]]:
        deputies = [str(self.deputies.item(i).data(Qt.ItemDataRole.UserRole))
                    for i in range(self.deputies.count())
                    if self.deputies.item(i).checkState() == Qt.CheckState.Checked]
        return from_qdate(self.held_on.date()), str(self.director.currentData()), deputies


class LeaveDialog(QDialog):
    """A member (or alternate) leaves: the day and why; the first alternate steps in."""

    def __init__(self, current: list[MemberRow], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.setWindowTitle(tr("登记委员离任"))
        self.member = QComboBox()
        self.member.setObjectName("leaveMember")
        for m in current:
            self.member.addItem(f"{m.name}（{word(ROLES, m.role)}）", m.id)
        self.left_on = _date_edit(today, today, "leaveDate")
        self.reason = QComboBox()
        self.reason.setObjectName("leaveReason")
        for code in LEAVE_REASONS:
            self.reason.addItem(word(LEAVE_REASONS, code), code)
        note = QLabel(tr("委员离任后，由候补委员按得票顺序依次递补，并予以公示。"))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("离任人员"), self.member)
        form.addRow(tr("离任日期"), self.left_on)
        form.addRow(tr("原因"), self.reason)
        form.addRow(note)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, date, str]:
        return (str(self.member.currentData()), from_qdate(self.left_on.date()),
                str(self.reason.currentData()))


class ReceiptDialog(QDialog):
    """The day a body acknowledged receipt of the filing."""

    def __init__(self, body: str, value: date, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(tr("登记备案回执：{body}").format(body=body))
        self.day = _date_edit(value, today, "receiptDate")
        form = QFormLayout(self)
        form.addRow(tr("回执日期"), self.day)
        form.addRow(_buttons(self))

    def value(self) -> date:
        return from_qdate(self.day.date())
