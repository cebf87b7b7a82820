"""Party branch & members of one compound: the covering branches (create single or joint, edit
coverage and secretary) and the party-member register (双找 source, link/unlink to a branch,
交叉任职, works for the property company)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import party
from app.errors import BadInput
from db.models import Compound
from db.models.party import FOUND_VIA
from ui import labels
from ui.columns import fit_columns
from ui.context import UiContext
from ui.operations import error_text, show_error
from ui.record_model import RecordTableModel
from ui.widgets import make_table


def tr(text: str) -> str:
    return QCoreApplication.translate("PartyTab", text)


def branch_columns() -> list[tuple[str, Any]]:
    return [
        (tr("支部名称"), lambda b: b.name),
        (tr("组建方式"), lambda b: labels.label(labels.BRANCH_KIND, b.kind)),
        (tr("书记"), lambda b: b.secretary_name),
        (tr("党员数"), lambda b: b.member_count),
        (tr("覆盖小区"), lambda b: "、".join(b.compound_names)),
    ]


def member_columns() -> list[tuple[str, Any]]:
    return [
        (tr("姓名"), lambda m: m.name),
        (tr("楼栋房号"), lambda m: f"{m.building} {m.room}".strip()),
        (tr("双找来源"), lambda m: labels.label(labels.FOUND_VIA, m.found_via)),
        (tr("所属支部"), lambda m: m.branch_name or tr("未关联")),
        (tr("交叉任职"), lambda m: m.on_committee),
        (tr("在物业任职"), lambda m: m.works_for_property),
        (tr("电话"), lambda m: m.phone),
    ]


class BranchDialog(QDialog):
    """Create or edit a branch. OK stays disabled, with the reason shown, until input is valid."""

    def __init__(self, ctx: UiContext, compound_id: str, branch: party.BranchRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("branchDialog")
        self.setWindowTitle(tr("编辑党支部") if branch else tr("新建党支部"))
        self.ctx, self.branch = ctx, branch
        form = QFormLayout(self)
        self.name = QLineEdit(branch.name if branch else "")
        self.name.setObjectName("branchName")
        self.kind = QComboBox()
        self.kind.setObjectName("branchKind")
        for kind in ("single", "joint"):
            self.kind.addItem(labels.label(labels.BRANCH_KIND, kind), kind)
        self.kind.setCurrentIndex(max(self.kind.findData(branch.kind if branch else "single"), 0))
        self.secretary = QLineEdit(branch.secretary_name if branch else "")
        self.secretary.setObjectName("branchSecretary")
        self.compounds = QListWidget()
        self.compounds.setObjectName("branchCompounds")
        with ctx.store.session() as session:
            this = session.get(Compound, compound_id)
            assert this is not None
            neighbours = session.query(Compound.id, Compound.name).filter(
                Compound.community_id == this.community_id, Compound.deleted_at.is_(None)
            ).order_by(Compound.name).all()
            if branch is None and not self.name.text():
                self.name.setText(tr("{name}党支部").format(name=this.name))
        chosen = set(branch.compound_ids if branch else [compound_id])
        for cid, name in neighbours:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if cid in chosen
                               else Qt.CheckState.Unchecked)
            self.compounds.addItem(item)
        self.problem = QLabel("")
        self.problem.setObjectName("branchProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        form.addRow(tr("支部名称"), self.name)
        form.addRow(tr("组建方式"), self.kind)
        form.addRow(tr("支部书记"), self.secretary)
        form.addRow(tr("覆盖小区"), self.compounds)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._check)
        self.kind.currentIndexChanged.connect(self._check)
        self.compounds.itemChanged.connect(self._check)
        self.resize(self.fontMetrics().horizontalAdvance("汉" * 30), self.sizeHint().height())
        self._check()

    def checked_ids(self) -> list[str]:
        return [str(self.compounds.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.compounds.count())
                if self.compounds.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, compound_ids: list[str]) -> None:
        for i in range(self.compounds.count()):
            item = self.compounds.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in compound_ids
                               else Qt.CheckState.Unchecked)

    def problem_text(self) -> str:
        count = len(self.checked_ids())
        if not self.name.text().strip():
            return tr("请填写支部名称")
        if self.kind.currentData() == "single" and count != 1:
            return tr("单独组建的支部应覆盖且只覆盖 1 个小区")
        if self.kind.currentData() == "joint" and count < 2:
            return tr("联合支部应覆盖至少 2 个小区")
        return ""

    @Slot()
    def _check(self) -> None:
        text = self.problem_text()
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)

    def accept(self) -> None:
        if self.problem_text():
            return
        try:
            with self.ctx.store.transaction() as session:
                if self.branch is None:
                    party.create_branch(session, name=self.name.text(),
                                        kind=str(self.kind.currentData()),
                                        compound_ids=self.checked_ids(),
                                        secretary_name=self.secretary.text())
                else:
                    party.update_branch(session, self.branch.id, name=self.name.text(),
                                        secretary_name=self.secretary.text(),
                                        kind=str(self.kind.currentData()),
                                        compound_ids=self.checked_ids())
        except BadInput as exc:
            self.problem.setText(error_text(exc))
            return
        super().accept()


class MemberDialog(QDialog):
    """Add or edit a party member of this compound."""

    def __init__(self, ctx: UiContext, compound_id: str, member: party.MemberRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberDialog")
        self.setWindowTitle(tr("编辑党员") if member else tr("新增党员"))
        self.ctx, self.compound_id, self.member = ctx, compound_id, member
        form = QFormLayout(self)
        self.name = QLineEdit(member.name if member else "")
        self.name.setObjectName("memberName")
        self.phone = QLineEdit(member.phone if member else "")
        self.building = QLineEdit(member.building if member else "")
        self.room = QLineEdit(member.room if member else "")
        self.found_via = QComboBox()
        self.found_via.setObjectName("memberFoundVia")
        self.found_via.addItem(tr("（未记录）"), None)
        for code in FOUND_VIA:
            self.found_via.addItem(labels.label(labels.FOUND_VIA, code), code)
        self.found_via.setCurrentIndex(max(self.found_via.findData(
            member.found_via if member else None), 0))
        self.on_committee = QCheckBox(tr("同时是业委会委员（交叉任职）"))
        self.on_committee.setChecked(bool(member and member.on_committee))
        self.works_for_property = QCheckBox(tr("在本小区物业企业任职"))
        self.works_for_property.setChecked(bool(member and member.works_for_property))
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b3261e;")
        form.addRow(tr("姓名"), self.name)
        form.addRow(tr("电话"), self.phone)
        form.addRow(tr("楼栋"), self.building)
        form.addRow(tr("房号"), self.room)
        form.addRow(tr("双找来源"), self.found_via)
        form.addRow(self.on_committee)
        form.addRow(self.works_for_property)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(), "phone": self.phone.text(),
            "building": self.building.text(), "room": self.room.text(),
            "found_via": self.found_via.currentData(),
            "on_committee": self.on_committee.isChecked(),
            "works_for_property": self.works_for_property.isChecked(),
        }

    def accept(self) -> None:
        try:
            with self.ctx.store.transaction() as session:
                if self.member is None:
                    party.add_member(session, {**self.values(), "compound_id": self.compound_id})
                else:
                    party.update_member(session, self.member.id, self.values())
        except BadInput as exc:
            self.problem.setText(error_text(exc))
            return
        super().accept()


class LinkDialog(QDialog):
    """Link a member to one of the branches covering the compound, with the 双找 source."""

    def __init__(self, branches: list[party.BranchRow], member: party.MemberRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkDialog")
        self.setWindowTitle(tr("关联到党支部"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("党员：{name}").format(name=member.name)))
        self.branch = QComboBox()
        self.branch.setObjectName("linkBranch")
        for branch in branches:
            self.branch.addItem(branch.name, branch.id)
        self.found_via = QComboBox()
        self.found_via.setObjectName("linkFoundVia")
        for code in FOUND_VIA:
            self.found_via.addItem(labels.label(labels.FOUND_VIA, code), code)
        self.found_via.setCurrentIndex(max(self.found_via.findData(member.found_via), 0))
        form.addRow(tr("党支部"), self.branch)
        form.addRow(tr("双找来源"), self.found_via)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PartyTab(QWidget):
    """Branches covering the compound and its party members."""

    changed = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.compound_id: str | None = None
        self.dialog: QDialog | None = None
        self.branches = RecordTableModel(branch_columns(), self)
        self.members = RecordTableModel(member_columns(), self)
        self.branch_view = make_table(self.branches, "branchTable")
        self.member_view = make_table(self.members, "memberTable")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.branch_heading = QLabel(tr("覆盖本小区的党支部"))
        top.addWidget(self.branch_heading)
        top.addStretch(1)
        self.new_branch_button = QPushButton(tr("新建支部…"))
        self.edit_branch_button = QPushButton(tr("编辑支部…"))
        self.new_branch_button.clicked.connect(self.open_branch_dialog)
        self.edit_branch_button.clicked.connect(lambda: self.open_branch_dialog(edit=True))
        top.addWidget(self.new_branch_button)
        top.addWidget(self.edit_branch_button)
        layout.addLayout(top)
        layout.addWidget(self.branch_view, 1)
        middle = QHBoxLayout()
        self.member_heading = QLabel(tr("本小区党员"))
        self.member_heading.setWordWrap(True)
        layout.addWidget(self.member_heading)
        middle.addStretch(1)
        self.add_member_button = QPushButton(tr("新增党员…"))
        self.edit_member_button = QPushButton(tr("编辑党员…"))
        self.link_button = QPushButton(tr("关联到支部…"))
        self.unlink_button = QPushButton(tr("取消关联"))
        self.add_member_button.clicked.connect(self.open_member_dialog)
        self.edit_member_button.clicked.connect(lambda: self.open_member_dialog(edit=True))
        self.link_button.clicked.connect(self.open_link_dialog)
        self.unlink_button.clicked.connect(self.unlink_selected)
        for button in (self.add_member_button, self.edit_member_button, self.link_button,
                       self.unlink_button):
            middle.addWidget(button)
        layout.addLayout(middle)
        layout.addWidget(self.member_view, 2)

    def load(self, compound_id: str | None) -> None:
        self.compound_id = compound_id
        if compound_id is None:
            self.branches.set_records([])
            self.members.set_records([])
            return
        with self.ctx.store.session() as session:
            self.branches.set_records(party.list_branches(session, compound_id=compound_id))
            self.members.set_records(party.list_members(session, compound_id=compound_id))
        linked = sum(1 for m in self.members.records if m.branch_id)
        self.member_heading.setText(tr("本小区党员 {count} 名，已关联支部 {linked} 名").format(
            count=len(self.members.records), linked=linked))
        fit_columns(self.branch_view)
        fit_columns(self.member_view)

    def selected(self, view: Any, model: RecordTableModel) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.record(rows[0].row()) if rows else None

    @Slot()
    def open_branch_dialog(self, edit: bool = False) -> QDialog | None:
        if self.compound_id is None:
            return None
        branch = self.selected(self.branch_view, self.branches) if edit else None
        if edit and branch is None:
            return None
        self.dialog = BranchDialog(self.ctx, self.compound_id, branch, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    @Slot()
    def open_member_dialog(self, edit: bool = False) -> QDialog | None:
        if self.compound_id is None:
            return None
        member = self.selected(self.member_view, self.members) if edit else None
        if edit and member is None:
            return None
        self.dialog = MemberDialog(self.ctx, self.compound_id, member, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    @Slot()
    def open_link_dialog(self) -> QDialog | None:
        member = self.selected(self.member_view, self.members)
        if member is None or not self.branches.records:
            return None
        dialog = LinkDialog(self.branches.records, member, self)
        self.dialog = dialog

        def link() -> None:
            try:
                with self.ctx.store.transaction() as session:
                    party.link_member(session, member.id, str(dialog.branch.currentData()),
                                      dialog.found_via.currentData())
            except BadInput as exc:
                show_error(self, exc)
                return
            self._saved()

        dialog.accepted.connect(link)
        dialog.open()
        return dialog

    @Slot()
    def unlink_selected(self) -> None:
        member = self.selected(self.member_view, self.members)
        if member is None or not member.branch_id:
            return
        with self.ctx.store.transaction() as session:
            party.unlink_member(session, member.id)
        self._saved()

    @Slot()
    def _saved(self) -> None:
        self.load(self.compound_id)
        self.changed.emit()
