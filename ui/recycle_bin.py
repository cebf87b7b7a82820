"""回收站: the deleted records, newest first, each with who deleted it and when; 恢复 brings the
selected one back (app.recycle), or says why it cannot come back yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import recycle
from app.errors import BadInput
from app.recycle import DeletedRow, Refusal
from ui.columns import fit_columns
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import show_error
from ui.record_model import RecordTableModel
from ui.widgets import make_table

CONTEXT = "RecycleBin"
REFUSED_COLOR = QColor("#757575")

KINDS: dict[str, str] = {
    "streets": QT_TRANSLATE_NOOP("RecycleBin", "街道"),
    "communities": QT_TRANSLATE_NOOP("RecycleBin", "社区"),
    "property_companies": QT_TRANSLATE_NOOP("RecycleBin", "物业企业"),
    "compounds": QT_TRANSLATE_NOOP("RecycleBin", "小区"),
    "party_branches": QT_TRANSLATE_NOOP("RecycleBin", "党支部"),
    "branch_compounds": QT_TRANSLATE_NOOP("RecycleBin", "支部覆盖小区"),
    "party_members": QT_TRANSLATE_NOOP("RecycleBin", "党员"),
    "units": QT_TRANSLATE_NOOP("RecycleBin", "房屋"),
    "elections": QT_TRANSLATE_NOOP("RecycleBin", "选举"),
    "owners_committees": QT_TRANSLATE_NOOP("RecycleBin", "业委会"),
    "committee_members": QT_TRANSLATE_NOOP("RecycleBin", "业委会委员"),
    "group_members": QT_TRANSLATE_NOOP("RecycleBin", "筹备组成员"),
    "candidates": QT_TRANSLATE_NOOP("RecycleBin", "候选人"),
    "meetings": QT_TRANSLATE_NOOP("RecycleBin", "会议"),
    "agenda_items": QT_TRANSLATE_NOOP("RecycleBin", "议事事项"),
    "meeting_items": QT_TRANSLATE_NOOP("RecycleBin", "会议议题"),
    "rating_templates": QT_TRANSLATE_NOOP("RecycleBin", "评价模板"),
    "rating_inspections": QT_TRANSLATE_NOOP("RecycleBin", "物业评价"),
    "evaluations": QT_TRANSLATE_NOOP("RecycleBin", "支部评价"),
    "attachments": QT_TRANSLATE_NOOP("RecycleBin", "附件"),
}
REFUSALS: dict[str, str] = {
    "not_listed": QT_TRANSLATE_NOOP("RecycleBin", "这类记录不能从回收站恢复"),
    "supervisor_only": QT_TRANSLATE_NOOP("RecycleBin", "{kind}是全区共用的记录，由区级主管恢复"),
    "owner_deleted": QT_TRANSLATE_NOOP("RecycleBin", "所属的{owner_kind}“{owner}”也已删除，请先恢复它"),
    "key_taken": QT_TRANSLATE_NOOP(
        "RecycleBin", "已有一个相同的{kind}（删除之后新建或恢复的），不能再恢复这一个"),
    "unfinished_election": QT_TRANSLATE_NOOP("RecycleBin", "这个小区已有一场未完成的选举，不能再恢复一场"),
    "tallied": QT_TRANSLATE_NOOP("RecycleBin", "选举已计票，名单不能再改"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kind_text(table: str) -> str:
    source = KINDS.get(table)
    return tr(source) if source else recycle.table_label(table)


def refusal_text(refusal: Refusal | None) -> str:
    if refusal is None:
        return ""
    values = dict(refusal.params)
    for key in ("kind", "owner_kind"):
        if key in values:
            values[key] = kind_text(values[key])
    source = REFUSALS.get(refusal.code)
    return tr(source).format(**values) if source else refusal.text


class DeletedRowsModel(RecordTableModel):
    """The bin's lines; rows that cannot be restored now are grey, the reason in the last column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            (tr("类别"), lambda r: kind_text(r.table)),
            (tr("名称"), lambda r: r.name),
            (tr("所属"), lambda r: r.place),
            (tr("删除人"), lambda r: r.deleted_by),
            (tr("删除时间"), lambda r: r.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M")),
            (tr("能否恢复"), lambda r: refusal_text(r.refusal) or tr("可以恢复")),
        ], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and 0 <= index.row() < len(self.records) and not self.records[index.row()].restorable):
            return QBrush(REFUSED_COLOR)
        return super().data(index, role)


class RecycleBinDialog(QDialog):
    """Lists what was deleted; 恢复 restores the selected record (sent at the next sync)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("recycleBin")
        self.setWindowTitle(tr("回收站"))
        self.resize(900, 520)
        self.model = DeletedRowsModel(self)
        self.all_rows: list[DeletedRow] = []
        intro = QLabel(tr("删除的记录保留在这里。选中一条，点“恢复”即可找回；恢复会在下次同步时发送到服务器。"))
        intro.setWordWrap(True)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("recycleKind")
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.view = make_table(self.model, "recycleTable")
        self.view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.reason = QLabel()
        self.reason.setObjectName("recycleReason")
        self.reason.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("recycleStatus")
        self.status.setWordWrap(True)
        self.restore_button = QPushButton(tr("恢复"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QPushButton(tr("关闭")), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("类别")))
        top.addWidget(self.kind_filter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        with self.ctx.store.session() as session:
            self.all_rows = recycle.deleted_rows(session)
        wanted = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(tr("全部（{n}）").format(n=len(self.all_rows)), "")
        tables = sorted({r.table for r in self.all_rows}, key=lambda t: kind_text(t))
        for table in tables:
            count = sum(1 for r in self.all_rows if r.table == table)
            self.kind_filter.addItem(tr("{kind}（{n}）").format(kind=kind_text(table), n=count), table)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(wanted or "")))
        self.kind_filter.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        table = self.kind_filter.currentData() or ""
        self.model.set_records([r for r in self.all_rows if not table or r.table == table])
        fit_columns(self.view)
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            self._selection_changed(QModelIndex(), QModelIndex())

    def selected(self) -> DeletedRow | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _selection_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.model.record(current.row()) if current.isValid() else None
        self.restore_button.setEnabled(line is not None and line.restorable)
        if line is None:
            self.reason.setText(tr("回收站是空的。") if not self.all_rows else "")
        elif line.restorable:
            self.reason.setText("")
        else:
            self.reason.setText(tr("不能恢复：{why}").format(why=refusal_text(line.refusal)))

    def select_row(self, table: str, row_id: str) -> bool:
        for row, line in enumerate(self.model.records):
            if line.table == table and line.row_id == row_id:
                self.view.selectRow(row)
                return True
        return False

    def restore_selected(self) -> bool:
        line = self.selected()
        if line is None or not line.restorable:
            return False
        try:
            with self.ctx.store.transaction() as session:
                recycle.restore(session, line.table, line.row_id)
        except recycle.RestoreRefused as exc:
            show_error(self, recycle.RestoreRefused(
                tr("不能恢复：{why}").format(why=refusal_text(exc.refusal)), exc.refusal))
            self.reload()
            return False
        except BadInput as exc:  # e.g. restored meanwhile on another page
            show_error(self, exc)
            self.reload()
            return False
        self.status.setText(tr("已恢复{kind}“{name}”，下次同步时发送到服务器。").format(
            kind=kind_text(line.table), name=line.name))
        self.reload()
        self.ctx.changed(line.table)
        return True


def open_recycle_bin(ctx: UiContext, parent: QWidget | None = None) -> RecycleBinDialog:
    dialog = RecycleBinDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
