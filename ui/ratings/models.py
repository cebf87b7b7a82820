"""Read-only table models over app/ rows (rankings, history, trend, evaluations) and the score
sheet of an inspection. Each column is a header plus a function of the row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app import ratings
from ui.i18n import QT_TRANSLATE_NOOP

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_COLOUR = QColor("#b3261e")
DONE_COLOUR = QColor("#1b7f3a")
PENDING_COLOUR = QColor("#6b6b6b")


def tr(text: str) -> str:
    return QCoreApplication.translate("ratings", text)


def points_text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str  # source text, translated when shown
    value: Callable[[R], Any]
    align_right: bool = False


class RowsModel(QAbstractTableModel, Generic[R]):
    """A list of rows shown through columns; replace the rows with `set_rows`."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return tr(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return points_text(value) if isinstance(value, Decimal) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None


def ranking_columns() -> list[Column[ratings.RankingRow]]:
    return [
        Column(QT_TRANSLATE_NOOP("ratings", "排名"), lambda r: r.rank, True),
        Column(QT_TRANSLATE_NOOP("ratings", "小区"), lambda r: r.row.compound_name),
        Column(QT_TRANSLATE_NOOP("ratings", "物业企业"), lambda r: r.row.company_name),
        Column(QT_TRANSLATE_NOOP("ratings", "评价日期"), lambda r: r.row.inspected_on.isoformat()),
        Column(QT_TRANSLATE_NOOP("ratings", "得分"), lambda r: r.row.total, True),
        Column(QT_TRANSLATE_NOOP("ratings", "得分率%"), lambda r: f"{r.row.percent:.2f}", True),
        Column(QT_TRANSLATE_NOOP("ratings", "星级"), lambda r: ratings.stars_text(r.row.stars)),
    ]


def history_columns() -> list[Column[ratings.InspectionRow]]:
    return [
        Column(QT_TRANSLATE_NOOP("ratings", "评价日期"), lambda r: r.inspected_on.isoformat()),
        Column(QT_TRANSLATE_NOOP("ratings", "小区"), lambda r: r.compound_name),
        Column(QT_TRANSLATE_NOOP("ratings", "街道"), lambda r: r.street_name),
        Column(QT_TRANSLATE_NOOP("ratings", "得分"), lambda r: r.total, True),
        Column(QT_TRANSLATE_NOOP("ratings", "得分率%"), lambda r: f"{r.percent:.2f}", True),
        Column(QT_TRANSLATE_NOOP("ratings", "星级"), lambda r: ratings.stars_text(r.stars)),
        Column(QT_TRANSLATE_NOOP("ratings", "评价人"), lambda r: r.inspector),
        Column(QT_TRANSLATE_NOOP("ratings", "模板"), lambda r: r.template_label),
    ]


def trend_columns() -> list[Column[ratings.TrendPoint]]:
    return [
        Column(QT_TRANSLATE_NOOP("ratings", "季度"), lambda t: t.period),
        Column(QT_TRANSLATE_NOOP("ratings", "平均得分率%"), lambda t: f"{t.average_percent:.2f}", True),
        Column(QT_TRANSLATE_NOOP("ratings", "评价次数"), lambda t: t.inspections, True),
    ]


class ScoreSheetModel(QAbstractTableModel):
    """The indicators of one inspection with what was entered; the status column says what
    still stops the inspection from being finished."""

    HEADERS = (
        QT_TRANSLATE_NOOP("ratings", "编号"),
        QT_TRANSLATE_NOOP("ratings", "指标"),
        QT_TRANSLATE_NOOP("ratings", "满分"),
        QT_TRANSLATE_NOOP("ratings", "得分"),
        QT_TRANSLATE_NOOP("ratings", "扣分说明"),
        QT_TRANSLATE_NOOP("ratings", "证据"),
        QT_TRANSLATE_NOOP("ratings", "状态"),
    )
    STATUS_COLUMN = 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ratings.SheetRow] = []

    def set_rows(self, rows: Sequence[ratings.SheetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def update_row(self, position: int, row: ratings.SheetRow) -> None:
        self.rows[position] = row
        self.dataChanged.emit(self.index(position, 0),
                              self.index(position, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def _status(self, row: ratings.SheetRow) -> str:
        problem = row.problem()
        return tr("✓ 完成") if not problem else tr(problem)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if row.evidence:
                evidence = tr("{n} 份").format(n=row.evidence)
            else:
                evidence = tr("必需") if row.evidence_required else ""
            values = (row.code, row.text, points_text(row.max_points), points_text(row.points),
                      row.note, evidence, self._status(row))
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f"\n{tr('扣分说明：')}{row.note}" if row.note else ""
            return f"{row.area_name} · {row.text}\n{tr('评分说明：')}{row.guidance}{note}"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS_COLUMN:
            problem = row.problem()
            if not problem:
                return QBrush(DONE_COLOUR)
            return QBrush(PENDING_COLOUR if problem == "未评分" else PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None
