"""Editors of the preparatory group (筹备组) and of the candidates: a list, and a form under it
that adds a new person or saves changes to the selected one. Rooms come from the register."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.elections.checks import ROLE_NAMES
from app.elections.register import DEVELOPER_KEY, Owner
from ui.elections.common import tr
from ui.elections.models import candidates_model, group_model
from ui.widgets import make_table


def room_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    assert completer is not None  # an editable combo box has one
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return combo


def fill_rooms(combo: QComboBox, owners: list[Owner]) -> None:
    combo.clear()
    combo.addItem(tr("（不在名册）"), None)
    for owner in owners:
        if owner.key == DEVELOPER_KEY:
            continue
        for room, unit_id in zip(owner.rooms, owner.unit_ids, strict=False):
            combo.addItem(f"{room} {owner.name}", unit_id)


class PeopleEditor(QWidget):
    """Shared shape of both editors; `save(fields, row_id)` and `remove(row_id)` do the work."""

    changed = Signal()

    def __init__(self, name: str, model: Any, save: Callable[[dict[str, Any], str | None], bool],
                 remove: Callable[[str], bool]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.model = model
        self._save, self._remove = save, remove
        self._owners: list[Owner] | None = None  # the register the room picker holds
        self.view = make_table(model, name + "Table")
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.form = QHBoxLayout()
        self.add_button = QPushButton(tr("添加"))
        self.add_button.setObjectName(name + "Add")
        self.update_button = QPushButton(tr("保存修改"))
        self.update_button.setObjectName(name + "Update")
        self.delete_button = QPushButton(tr("删除所选"))
        self.delete_button.setObjectName(name + "Delete")
        self.add_button.clicked.connect(lambda: self._submit(None))
        self.update_button.clicked.connect(lambda: self._submit(self.selected_id()))
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.add_button, self.update_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self._selected()

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return str(self.model.record(index.row()).id)

    def _selected(self, *_: Any) -> None:
        row_id = self.selected_id()
        self.update_button.setEnabled(row_id is not None)
        self.delete_button.setEnabled(row_id is not None)
        if row_id is not None:
            self.load_form(self.model.record(self.view.currentIndex().row()))

    def _submit(self, row_id: str | None) -> None:
        if self._save(self.form_values(), row_id):
            self.clear_form()
            self.changed.emit()

    def _delete(self) -> None:
        row_id = self.selected_id()
        if row_id and self._remove(row_id):
            self.changed.emit()

    def set_rows(self, rows: list[Any], owners: list[Owner]) -> None:
        """The rows, and the room picker refilled only when the register changed: a panel
        reload after each ballot re-reads the same register, and refilling a large compound's
        picker item by item took the UI thread tens of ms."""
        self.model.set_records(rows)
        if owners != self._owners:
            self._owners = owners
            self.fill_owners(owners)
        self._selected()

    # filled in by the two editors
    def form_values(self) -> dict[str, Any]:
        raise NotImplementedError

    def load_form(self, row: Any) -> None:
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def fill_owners(self, owners: list[Owner]) -> None:
        raise NotImplementedError


class GroupEditor(PeopleEditor):
    def __init__(self, save: Callable[[dict[str, Any], str | None], bool], remove: Callable[[str], bool]) -> None:
        super().__init__("groupEditor", group_model(), save, remove)
        self.name = QLineEdit()
        self.name.setObjectName("groupName")
        self.name.setPlaceholderText(tr("姓名"))
        self.role = QComboBox()
        self.role.setObjectName("groupRole")
        # long role names (English) do not widen the panel: the list opens as wide as it needs
        self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role.setMinimumContentsLength(12)
        for code, text in ROLE_NAMES.items():
            self.role.addItem(tr(text), code)
        self.leader = QCheckBox(tr("组长"))
        self.leader.setObjectName("groupLeader")
        self.party = QCheckBox(tr("党员"))
        self.party.setObjectName("groupParty")
        self.room = room_combo("groupRoom")
        for widget in (self.name, self.role, self.room, self.leader, self.party):
            self.form.addWidget(widget)
        self.name.returnPressed.connect(lambda: self._submit(None))

    def form_values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "role": self.role.currentData(),
                "is_leader": self.leader.isChecked(), "is_party_member": self.party.isChecked(),
                "unit_id": self.room.currentData()}

    def load_form(self, row: Any) -> None:
        self.name.setText(row.name)
        self.role.setCurrentIndex(max(self.role.findData(row.role), 0))
        self.leader.setChecked(row.is_leader)
        self.party.setChecked(row.is_party_member)
        self.room.setCurrentIndex(max(self.room.findData(row.unit_id), 0))

    def clear_form(self) -> None:
        self.name.clear()
        self.leader.setChecked(False)
        self.party.setChecked(False)
        self.room.setCurrentIndex(0)
        self.name.setFocus()

    def fill_owners(self, owners: list[Owner]) -> None:
        fill_rooms(self.room, owners)


class CandidateEditor(PeopleEditor):
    def __init__(self, save: Callable[[dict[str, Any], str | None], bool], remove: Callable[[str], bool]) -> None:
        super().__init__("candidateEditor", candidates_model(), save, remove)
        self.name = QLineEdit()
        self.name.setObjectName("candidateName")
        self.name.setPlaceholderText(tr("姓名"))
        self.room = room_combo("candidateRoom")
        self.party = QCheckBox(tr("党员"))
        self.party.setObjectName("candidateParty")
        self.staff = QCheckBox(tr("物业人员"))
        self.staff.setObjectName("candidateStaff")
        self.arrears = QCheckBox(tr("欠费"))
        self.arrears.setObjectName("candidateArrears")
        self.nominated = QLineEdit()
        self.nominated.setObjectName("candidateNominated")
        self.nominated.setPlaceholderText(tr("推荐方式（如：业主联名）"))
        for widget in (self.name, self.room, self.nominated):
            self.form.addWidget(widget)
        flags = QHBoxLayout()  # on a line of their own: one line was wider than the screen at 特大
        for box in (self.party, self.staff, self.arrears):
            flags.addWidget(box)
        flags.addStretch(1)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertLayout(layout.indexOf(self.form) + 1, flags)
        order: tuple[QWidget, ...] = (self.name, self.room, self.party, self.staff, self.arrears,
                                      self.nominated)
        for first, second in itertools.pairwise(order):  # Tab in the order the form reads
            QWidget.setTabOrder(first, second)
        self.name.returnPressed.connect(lambda: self._submit(None))

    def form_values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "unit_id": self.room.currentData(),
                "is_party_member": self.party.isChecked(), "works_for_property": self.staff.isChecked(),
                "fee_arrears": self.arrears.isChecked(), "nominated_by": self.nominated.text()}

    def load_form(self, row: Any) -> None:
        self.name.setText(row.name)
        self.room.setCurrentIndex(max(self.room.findData(row.unit_id), 0))
        self.party.setChecked(row.is_party_member)
        self.staff.setChecked(row.works_for_property)
        self.arrears.setChecked(row.fee_arrears)
        self.nominated.setText(row.nominated_by)

    def clear_form(self) -> None:
        self.name.clear()
        self.nominated.clear()
        for box in (self.party, self.staff, self.arrears):
            box.setChecked(False)
        self.room.setCurrentIndex(0)
        self.name.setFocus()

    def fill_owners(self, owners: list[Owner]) -> None:
        fill_rooms(self.room, owners)
