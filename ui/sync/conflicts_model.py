"""Open conflicts as a table: kind, record, field, my value, the server's value, when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.exporting import COLUMN_LABELS
from app.sync.conflicts import ConflictView, describe
from app.sync.reasons import readable_reason
from ui.i18n import QT_TRANSLATE_NOOP

KIND_TEXT: dict[str, str] = {
    "field": QT_TRANSLATE_NOOP("sync", "双方都改了此项"),
    "deleted_there": QT_TRANSLATE_NOOP("sync", "服务器上已删除，我有修改"),
    "deleted_here": QT_TRANSLATE_NOOP("sync", "我已删除，服务器上有修改"),
    "refused": QT_TRANSLATE_NOOP("sync", "服务器拒绝了我的修改"),
}
COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("sync", "类型"), QT_TRANSLATE_NOOP("sync", "记录"),
    QT_TRANSLATE_NOOP("sync", "字段"), QT_TRANSLATE_NOOP("sync", "我的值"),
    QT_TRANSLATE_NOOP("sync", "服务器的值"), QT_TRANSLATE_NOOP("sync", "发生时间"),
)

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("sync", text)


def field_label(conflict: ConflictView) -> str:
    if conflict.kind != "field":
        return "—"
    return COLUMN_LABELS.get(conflict.field, conflict.field)


def mine_text(conflict: ConflictView) -> str:
    if conflict.kind == "refused":
        return describe(conflict.mine.get("fields"))
    if conflict.kind == "deleted_here":
        return tr("删除")
    return describe(conflict.mine)


def theirs_text(conflict: ConflictView) -> str:
    if conflict.kind == "refused":
        chinese = QLocale().language() == QLocale.Language.Chinese  # the UI language (ui.i18n)
        return tr("拒绝原因：") + readable_reason(conflict.theirs, "zh_CN" if chinese else "en")
    if conflict.kind == "deleted_there":
        return tr("已删除")
    return describe(conflict.theirs)


class ConflictsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.conflicts: list[ConflictView] = []

    def set_conflicts(self, conflicts: list[ConflictView]) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.conflicts):
            return None
        conflict = self.conflicts[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return conflict.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return tr(KIND_TEXT[conflict.kind])
        if column == 1:
            return f"{conflict.table_label}：{conflict.row_label}"
        if column == 2:
            return field_label(conflict)
        if column == 3:
            return mine_text(conflict)
        if column == 4:
            return theirs_text(conflict)
        if column == 5:
            return conflict.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return None
