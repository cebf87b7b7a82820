"""新建选举: which compound (picked, never a default), which kind, how many seats."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.compound_choices import CompoundChoice
from app.elections.workflow import KIND_NAMES
from ui.compound_picker import CompoundPicker
from ui.elections.common import tr

ERROR_COLOR = "#b3261e"


class NewElectionDialog(QDialog):
    """OK closes it only once a compound is picked; `accepted` then carries on (the page)."""

    def __init__(self, choices: Sequence[CompoundChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newElectionDialog")
        self.setWindowTitle(tr("新建选举"))
        self.compound = CompoundPicker(choices, self)
        self.compound.setObjectName("newElectionCompound")
        self.compound.picked.connect(self._picked)
        self.kind = QComboBox()
        self.kind.setObjectName("newElectionKind")
        for code, text in KIND_NAMES.items():
            self.kind.addItem(tr(text), code)
        self.seats = QSpinBox()
        self.seats.setObjectName("newElectionSeats")
        self.seats.setRange(5, 11)
        self.seats.setSingleStep(2)
        self.seats.setValue(7)
        self.error = QLabel()
        self.error.setObjectName("newElectionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{ERROR_COLOR};")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("新建"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("小区"), self.compound)
        form.addRow(tr("类型"), self.kind)
        form.addRow(tr("应选名额（5–11 单数）"), self.seats)
        form.addRow(self.error)
        form.addRow(buttons)
        if not choices:
            self.error.setText(tr("没有可新建选举的小区：每个小区都有尚未结束的选举。"))
            self.error.show()

    def compound_id(self) -> str | None:
        return self.compound.compound_id()

    def _picked(self, compound_id: str) -> None:
        if compound_id:
            self.error.hide()  # an old refusal does not outlive the pick that answers it

    def accept(self) -> None:
        """Refuse to close without a picked compound (the message says how to pick one)."""
        if self.compound.compound_id() is None:
            self.error.setText(tr("请选择小区：输入名称或拼音首字母，从列表中选定。"))
            self.error.show()
            self.compound.setFocus()
            return
        self.compound.remember()
        super().accept()
