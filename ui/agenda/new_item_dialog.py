"""Record a new matter (听): compound, title, category, source, who raised it and when."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypedDict

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.agenda_rules import load_rules
from app.compound_choices import CompoundChoice
from app.errors import user_errors
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.agenda.stage_dialog import from_qdate, to_qdate
from ui.compound_picker import CompoundPicker
from ui.date_edit import DateEdit
from ui.operations import error_text


class NewItemValues(TypedDict):
    """Keyword arguments of agenda.create_item (besides the session)."""

    compound_id: str
    title: str
    category: str
    source: str
    raised_on: date
    raised_by: str
    description: str


class NewItemDialog(QDialog):
    def __init__(self, compounds: Sequence[CompoundChoice], today: date,
                 run: Callable[[NewItemValues], None], parent: QWidget | None = None,
                 compound_id: str | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self.setWindowTitle(tr("新增议事事项（听）"))
        self.setMinimumWidth(460)
        rules = load_rules()
        self.compound = CompoundPicker(compounds, self, compound_id=compound_id)
        self.compound.picked.connect(self._picked)
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("例如：夜间停车难"))
        self.category = QComboBox()
        for key in rules.categories:
            self.category.addItem(labels.category(key), key)
        self.source = QComboBox()
        for key in rules.sources:
            self.source.addItem(labels.source(key), key)
        self.raised_on = DateEdit(to_qdate(today), prefer="past")
        self.raised_on.setCalendarPopup(True)
        self.raised_on.setDisplayFormat("yyyy-MM-dd")
        self.raised_by = QLineEdit()
        self.raised_by.setPlaceholderText(tr("可不填；只记必要信息，如“3栋居民”"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(tr("小区"), self.compound)
        form.addRow(tr("标题"), self.title)
        form.addRow(tr("类别"), self.category)
        form.addRow(tr("来源"), self.source)
        form.addRow(tr("提出日期"), self.raised_on)
        form.addRow(tr("提出人"), self.raised_by)
        form.addRow(tr("描述"), self.description)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> NewItemValues:
        return {
            "compound_id": self.compound.compound_id() or "",
            "title": self.title.text(),
            "category": self.category.currentData(),
            "source": self.source.currentData(),
            "raised_on": from_qdate(self.raised_on.date()),
            "raised_by": self.raised_by.text(),
            "description": self.description.toPlainText(),
        }

    def try_accept(self) -> None:
        """保存: refused with a message until a compound is picked (no default compound)."""
        if self.compound.compound_id() is None:
            self.error.setText(tr("请选择小区：在“小区”一栏输入名称或拼音首字母，从列表中选定。"))
            self.error.show()
            self.compound.setFocus()
            return
        try:
            self._run(self.values())
        except user_errors() as exc:  # a refusal, or the store could not write (disk full…)
            self.error.setText(error_text(exc))
            self.error.show()
            return
        self.compound.remember()
        self.accept()

    def _picked(self, compound_id: str) -> None:
        if compound_id:
            self.error.hide()
