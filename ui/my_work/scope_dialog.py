"""选择小区: which compounds 我的待办 covers — picked one by one with the compound picker, or
none (back to the caseworker's own street)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.compound_choices import CompoundChoice
from ui.compound_picker import CompoundPicker


def tr(text: str) -> str:
    return QCoreApplication.translate("MyWork", text)


class ScopeDialog(QDialog):
    """Pick compounds (Enter in the picker adds the highlighted one); OK keeps the list."""

    def __init__(self, choices: Sequence[CompoundChoice], chosen: Sequence[str],
                 save: Callable[[list[str]], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myWorkScopeDialog")
        self.setWindowTitle(tr("选择我的小区"))
        self._save = save
        self._by_id = {c.id: c for c in choices}
        self.picker = CompoundPicker(choices, self)
        self.picker.picked.connect(self._picked)
        self.chosen = QListWidget()
        self.chosen.setObjectName("myWorkChosen")
        for compound_id in chosen:
            self._add(compound_id)
        remove = QPushButton(tr("移除所选"))
        remove.setObjectName("myWorkRemove")
        remove.clicked.connect(self._remove)
        clear = QPushButton(tr("清空（回到本街道）"))
        clear.setObjectName("myWorkClear")
        clear.clicked.connect(self.chosen.clear)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(tr("输入小区名称或拼音首字母，按回车加入。不选小区时，列出本人所在街道的全部小区。"))
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(remove)
        row.addWidget(clear)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picker)
        layout.addWidget(self.chosen, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("汉") * 34, self.fontMetrics().height() * 26)

    def ids(self) -> list[str]:
        return [str(self.chosen.item(n).data(Qt.ItemDataRole.UserRole))
                for n in range(self.chosen.count())]

    def _add(self, compound_id: str) -> None:
        choice = self._by_id.get(compound_id)
        if choice is None or compound_id in self.ids():
            return
        item = QListWidgetItem(f"{choice.name}  {choice.place}")
        item.setData(Qt.ItemDataRole.UserRole, compound_id)
        self.chosen.addItem(item)

    def _picked(self, compound_id: str) -> None:
        if compound_id:
            self._add(compound_id)
            self.picker.set_compound(None)
            self.picker.setFocus()

    def _remove(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))

    def accept(self) -> None:
        problem = self._save(self.ids())
        if problem:
            self.error.setText(problem)
            return
        super().accept()
