"""The dialog that asks what a stage change needs (decision, deadline, answer…) and runs it
through app.agenda's state machine; a refusal is shown in the dialog, which stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import agenda
from app.agenda import StageChange
from app.agenda_rules import load_rules
from app.errors import BadInput
from db.models import AgendaItem
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.date_edit import DateEdit
from ui.operations import error_text


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class StageDialog(QDialog):
    """Collect the fields for moving `item` to `target`; `run(change)` does the move."""

    def __init__(self, item: AgendaItem, target: str, run: Callable[[StageChange], None],
                 today: date, parent: QWidget | None = None,
                 roles: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._target = target
        self._source = item.stage
        self.setWindowTitle(tr("「{title}」转到「{stage}」").format(
            title=item.title, stage=labels.stage(target)))
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        start = max(today, item.raised_on)
        if target == "discuss":
            for code, name in (roles if roles is not None else load_rules().roles).items():
                edit = QLineEdit(agenda.positions_of(item).get(code, ""))
                edit.setPlaceholderText(tr("该方意见"))
                self.fields[f"position:{code}"] = edit
                form.addRow(name, edit)
        if target == "decide":
            self._text(form, "decision", tr("决定内容"), item.decision, multiline=True)
            self._line(form, "responsible_party", tr("责任方"), item.responsible_party)
            self._date(form, "deadline", tr("办理期限"), item.deadline or start, item.raised_on)
        if target == "doing" and self._source == "decide":
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(item.progress)
            self.fields["progress"] = spin
            form.addRow(tr("办理进度"), spin)
            self._line(form, "progress_note", tr("进展说明"), item.progress_note)
        if target == "referred":
            self._line(form, "referred_to", tr("报到部门"), item.referred_to)
            self._date(form, "referred_due", tr("部门答复期限"), item.referred_due or start,
                       item.raised_on)
        if self._source == "referred":
            self._text(form, "referred_answer", tr("部门答复"), item.referred_answer, multiline=True)
        if target == "answered":
            self._text(form, "answer", tr("给居民的答复"), item.answer, multiline=True)
            method = QComboBox()
            method.setEditable(True)
            method.addItems(list(load_rules().answer_methods.values()))
            method.setCurrentText(item.answer_method)
            self.fields["answer_method"] = method
            form.addRow(tr("答复方式"), method)
            satisfaction = QComboBox()
            satisfaction.addItem(tr("未评价"), None)
            for score in range(5, 0, -1):
                satisfaction.addItem("★" * score, score)
            self.fields["satisfaction"] = satisfaction
            form.addRow(tr("居民满意度"), satisfaction)
        note = QLineEdit()
        note.setPlaceholderText(
            tr("必填：写明原因") if (self._source, target) in {
                ("answered", "doing"), ("listen", "closed"), ("discuss", "closed")}
            else tr("可选")
        )
        self.fields["note"] = note
        form.addRow(tr("备注"), note)
        self.error = QLabel()
        self.error.setObjectName("stageError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("转到「{stage}」").format(stage=labels.stage(target)))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _line(self, form: QFormLayout, name: str, label: str, value: str) -> None:
        edit = QLineEdit(value)
        self.fields[name] = edit
        form.addRow(label, edit)

    def _text(self, form: QFormLayout, name: str, label: str, value: str, multiline: bool) -> None:
        edit = QPlainTextEdit(value)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(70)
        self.fields[name] = edit
        form.addRow(label, edit)

    def _date(self, form: QFormLayout, name: str, label: str, value: date, minimum: date) -> None:
        edit = DateEdit(to_qdate(value), prefer="future")  # deadlines, due dates
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        self.fields[name] = edit
        form.addRow(label, edit)

    def change(self) -> StageChange:
        change = StageChange()
        positions: dict[str, str] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                value: object = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                value = widget.toPlainText()
            elif isinstance(widget, DateEdit):
                value = from_qdate(widget.date())
            elif isinstance(widget, QSpinBox):
                value = widget.value()
            elif isinstance(widget, QComboBox):
                value = widget.currentData() if name == "satisfaction" else widget.currentText()
            else:
                continue
            if name.startswith("position:"):
                if str(value).strip():
                    positions[name.split(":", 1)[1]] = str(value)
            else:
                setattr(change, name, value)
        if positions:
            change.positions = positions
        return change

    def try_accept(self) -> None:
        try:
            self._run(self.change())
        except BadInput as exc:
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.accept()
