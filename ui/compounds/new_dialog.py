"""Create a compound: name, community, address, lifecycle stage, households — validated as typed,
OK enabled only when every field is right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app import compounds
from app.errors import BadInput
from db.models.geo import LIFECYCLE_STAGES
from ui import labels
from ui.context import UiContext
from ui.operations import error_text


def tr(text: str) -> str:
    return QCoreApplication.translate("NewCompoundDialog", text)


class NewCompoundDialog(QDialog):
    def __init__(self, ctx: UiContext, community_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newCompoundDialog")
        self.setWindowTitle(tr("新建小区"))
        self.ctx = ctx
        self.created_id: str | None = None
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.community = QComboBox()
        self.community.setObjectName("newCommunity")
        with ctx.store.session() as session:
            for choice in compounds.communities(session):
                self.community.addItem(choice.label, choice.id)
        if community_id is not None:
            self.community.setCurrentIndex(max(self.community.findData(community_id), 0))
        self.address = QLineEdit()
        self.stage = QComboBox()
        for stage in LIFECYCLE_STAGES:
            self.stage.addItem(labels.label(labels.LIFECYCLE, stage), stage)
        self.stage.setCurrentIndex(self.stage.findData("成熟期"))
        self.households = QLineEdit("0")
        self.households.setObjectName("newHouseholds")
        self.problem = QLabel("")
        self.problem.setObjectName("newProblem")
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        form.addRow(tr("小区名称"), self.name)
        form.addRow(tr("所属社区"), self.community)
        form.addRow(tr("地址"), self.address)
        form.addRow(tr("生命周期"), self.stage)
        form.addRow(tr("户数"), self.households)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for editor in (self.name, self.address, self.households):
            editor.textChanged.connect(self._check)
        self.community.currentIndexChanged.connect(self._check)
        self.resize(self.fontMetrics().horizontalAdvance("汉" * 32), self.sizeHint().height())
        self._check()

    def values(self) -> dict[str, object]:
        return {"name": self.name.text(), "community_id": self.community.currentData(),
                "address": self.address.text(), "lifecycle_stage": self.stage.currentData(),
                "households": self.households.text()}

    def problems(self) -> dict[str, str]:
        with self.ctx.store.session() as session:
            return compounds.validate(session, self.values())

    @Slot()
    def _check(self) -> None:
        errors = self.problems()
        names = {"name": tr("小区名称"), "community_id": tr("所属社区"), "address": tr("地址"),
                 "households": tr("户数"), "lifecycle_stage": tr("生命周期")}
        self.problem.setText("；".join(f"{names.get(f, f)}：{labels.label(labels.FIELD_ERROR, c)}"
                                      for f, c in errors.items()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not errors)

    def accept(self) -> None:
        if self.problems():
            return
        try:
            with self.ctx.store.transaction() as session:
                self.created_id = compounds.create(session, self.values())
        except BadInput as exc:
            self.problem.setText(error_text(exc))
            return
        super().accept()
