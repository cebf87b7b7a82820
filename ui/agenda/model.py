"""Item models over one loaded ItemTable: the table (the one source model), the list's proxy
(a precomputed index list: see ui/agenda/filtering.py) and the board's per-stage column models.
They read the table's columns only for the rows a view paints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.agenda import STAGES, ItemTable
from app.agenda_rules import local_today
from ui.agenda import labels
from ui.agenda.filtering import AgendaFilter
from ui.agenda.labels import tr
from ui.cell_delegate import CellDelegate

__all__ = ["AgendaFilter", "AgendaTableModel", "CardTexts", "ChoiceModel", "IndexListProxy",
           "StageColumnModel"]

ItemIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-compound-desk-agenda-item"
OVERDUE_COLOR = QColor("#b3261e")
COLUMNS = ("title", "compound", "street", "stage", "category", "raised_on", "deadline",
           "responsible")
HEADERS = {
    "title": "事项", "compound": "小区", "street": "街道", "stage": "阶段", "category": "类别",
    "raised_on": "提出日期", "deadline": "期限", "responsible": "责任方",
}


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, ID_ROLE, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.ToolTipRole})


def _iso(value: str | None) -> str:
    return value or ""


class AgendaTableModel(QAbstractTableModel):
    """The one source model: every loaded agenda item (an ItemTable), read-only (edits go
    through app/ and then replace the changed row)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = ItemTable(today=local_today(), places={})

    def set_table(self, table: ItemTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table)

    def columnCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return tr(HEADERS[COLUMNS[section]])
        return None

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.table):
            return None
        return self.data_at(index.row(), index.column(), role)

    def data_at(self, i: int, column_number: int, role: int) -> Any:
        """What data() gives for row `i`: also called by the proxy directly, saving a
        mapToSource round trip per painted cell and role."""
        if role not in _ROLES:
            return None
        column = COLUMNS[column_number]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(i, column)
        if role == ID_ROLE:
            return self.table.ids[i]
        overdue = self.table.overdue[i]
        if role == Qt.ItemDataRole.ForegroundRole and overdue and column in ("title", "deadline"):
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole and overdue and column == "deadline":
            return tr("已逾期")
        return None

    def display(self, i: int, column: str) -> str:
        table = self.table
        if column == "title":
            return table.titles[i]
        if column == "compound":
            return table.compound_name(i)
        if column == "street":
            return table.street_name(i)
        if column == "stage":
            return labels.stage(table.stages[i])
        if column == "category":
            return labels.category(table.categories[i])
        if column == "raised_on":
            return table.raised[i]
        if column == "deadline":
            text = _iso(table.due[i])
            return f"{text} {tr('逾期')}" if table.overdue[i] else text
        return table.responsible[i]

    def sort_keys(self, column: str) -> Sequence[Any]:
        """One sort key per row for `column` (computed when the user sorts, not per filter)."""
        table = self.table
        if column == "raised_on":
            return table.raised
        if column == "deadline":
            return [d or "9999" for d in table.due]
        if column == "stage":
            rank = {s: n for n, s in enumerate(STAGES)}
            return [rank.get(s, len(STAGES)) for s in table.stages]
        if column == "title":
            return table.titles
        return [self.display(i, column) for i in range(len(table))]


class IndexListProxy(QAbstractProxyModel):
    """The list view's rows: a precomputed list of source rows (filtered, in sort order).

    A filter change replaces the list in one model reset; Qt never asks Python whether each of
    20,000 rows passes. Rows map back to the source model with mapToSource() as usual.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: Sequence[int] = []
        self._source: AgendaTableModel | None = None
        self._positions: dict[int, int] | None = None
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._order: list[int] | None = None  # source rows in sort order; None = load order

    def setSourceModel(self, model: QAbstractItemModel | None) -> None:
        self.beginResetModel()
        super().setSourceModel(model)  # type: ignore[arg-type]  # stub omits None (Qt takes nullptr)
        self._source = model if isinstance(model, AgendaTableModel) else None
        self.rows = range(model.rowCount()) if model is not None else []
        self._positions = None
        self._order = None
        self.endResetModel()

    def set_matched(self, matched: list[int] | None) -> None:
        """Show these source rows (ascending; None = all) in the current sort order."""
        source = self.sourceModel()
        total = source.rowCount() if source is not None else 0
        order = self._order
        if order is None:
            rows: Sequence[int] = range(total) if matched is None else matched
        elif matched is None:
            rows = order
        else:
            member = bytearray(total)
            for i in matched:
                member[i] = 1
            rows = [i for i in order if member[i]]
        self.beginResetModel()
        self.rows = rows
        self._positions = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if not isinstance(source, AgendaTableModel) or not 0 <= column < len(COLUMNS):
            return
        keys = source.sort_keys(COLUMNS[column])
        self._order = sorted(range(len(keys)), key=keys.__getitem__,
                             reverse=order == Qt.SortOrder.DescendingOrder)
        self.sort_column, self.sort_order = column, order
        shown = sorted(self.rows)
        self.set_matched(None if len(shown) == len(keys) else shown)

    def sortColumn(self) -> int:
        return self.sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self.sort_order

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int, parent: ItemIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self.rows) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    # ignore[override]: the stubs overload parent() with QObject.parent(), which a Python
    # override cannot match.
    def parent(self, child: ItemIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: ItemIndex) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: ItemIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) > 0

    def mapToSource(self, proxy_index: ItemIndex) -> QModelIndex:
        source = self.sourceModel()
        if source is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self.rows):
            return QModelIndex()
        return source.index(self.rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: ItemIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._positions is None:
            self._positions = {source_row: n for n, source_row in enumerate(self.rows)}
        row = self._positions.get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self.rows):
            return None
        return source.data_at(self.rows[row], index.column(), role)

    def flags(self, index: ItemIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if orientation == Qt.Orientation.Horizontal and source is not None:
            return source.headerData(section, orientation, role)
        return None


def list_delegate(proxy: IndexListProxy, source: AgendaTableModel,
                  parent: QObject | None = None) -> CellDelegate:
    """The list's delegate (ui/cell_delegate.py): each cell's text and colour read straight from
    the item table; titles and compound names drawn as text, the short columns blitted."""
    overdue_columns = {COLUMNS.index("title"), COLUMNS.index("deadline")}

    def cell(index: ItemIndex) -> tuple[str, QColor | None]:
        i = proxy.rows[index.row()]
        column = index.column()
        colour = OVERDUE_COLOR if column in overdue_columns and source.table.overdue[i] else None
        return source.display(i, COLUMNS[column]), colour

    text_columns = frozenset({COLUMNS.index("title"), COLUMNS.index("compound")})
    return CellDelegate(cell, text_columns=text_columns, parent=parent)


Card = tuple[str, str, str, bool]  # title, "compound · category", "期限/提出 date", overdue


class CardTexts:
    """What each card shows, worked out once per table row and shared by the seven columns (a
    filter change shows cards seen before; their words are not looked up again). `generation`
    changes whenever the texts may have: the delegates drop their painted cards then."""

    def __init__(self) -> None:
        self.table: ItemTable | None = None
        self.generation = 0
        self._cards: dict[int, Card] = {}

    def use(self, table: ItemTable) -> None:
        if table is not self.table:
            self.table = table
            self.forget()

    def forget(self) -> None:
        """The table's rows were changed in place (an edit): read every card again."""
        self._cards.clear()
        self.generation += 1

    def card(self, table: ItemTable, i: int) -> Card:
        found = self._cards.get(i) if table is self.table else None
        if found is None:
            due = table.due[i]
            when = (tr("期限 ") + due) if due else (tr("提出 ") + table.raised[i])
            place = f"{table.compound_name(i)} · {labels.category(table.categories[i])}"
            if labels.owners_matter(table.categories[i]):  # 定 only by the owners' vote
                place += " · " + tr("业主表决")
            found = (table.titles[i], place, when, table.overdue[i])
            if table is self.table:
                self._cards[i] = found
        return found


class StageColumnModel(QStringListModel):
    """One board column: the cards (rows of the shared ItemTable) at one stage.

    Dragging a card out gives its id; dropping one in asks (via `move_requested`) for the
    transition, which the page runs through the state machine.

    A Qt string list of the cards' item ids underneath: laying out and painting a column asks
    the model for its row count and each card's flags hundreds of times, and none of those
    calls enter Python (each would wait for the interpreter while a worker thread reads).
    Only the drag-and-drop methods are Python's; the card delegate paints from `card()`.
    """

    move_requested = Signal(str, str)  # item id, target stage

    def __init__(self, stage: str, parent: QObject | None = None,
                 texts: CardTexts | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.table = ItemTable(today=local_today(), places={})
        self.texts = texts or CardTexts()
        self._rows: Sequence[int] = []

    def set_rows(self, table: ItemTable, rows: Sequence[int]) -> None:
        self.table, self._rows = table, rows
        ids = table.ids
        self.setStringList([ids[i] for i in rows])  # one model reset

    def shows(self, table: ItemTable, rows: Sequence[int]) -> bool:
        """Whether these are the cards already shown (nothing to reset or repaint)."""
        return table is self.table and rows == self._rows

    def table_row(self, row: int) -> int:
        return self._rows[row]

    def table_rows(self) -> Sequence[int]:
        return self._rows

    def item_id(self, row: int) -> str:
        return self.table.ids[self._rows[row]]

    def card(self, row: int) -> Card:
        """(title, "compound · category", "期限/提出 date", overdue) of the card at `row`: what
        the board's card delegate paints, read from the table's columns once per row."""
        return self.texts.card(self.table, self._rows[row])

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [self.item_id(i.row()) for i in indexes if i.isValid()]
        mime.setData(MIME_TYPE, QByteArray("\n".join(ids[:1]).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ItemIndex) -> bool:
        return data.hasFormat(MIME_TYPE)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ItemIndex) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False
        item_id = bytes(data.data(MIME_TYPE).data()).decode()
        if item_id and all(self.table.ids[i] != item_id for i in self._rows):
            self.move_requested.emit(item_id, self.stage)
        return False  # the move happens (or not) through the state machine, then a reload


class ChoiceModel(QAbstractListModel):
    """A picker's entries (label, value), first "all" with value None; set in one reset so a
    combo box of 2,000 compounds fills without 2,000 addItem calls."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices: list[tuple[str, str | None]] = [("", None)]
        self._rows: dict[str | None, int] = {None: 0}

    def set_choices(self, everything: str, choices: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.choices = [(everything, None), *choices]
        self._rows = {value: row for row, (_label, value) in enumerate(self.choices)}
        self.endResetModel()

    def row_of(self, value: str | None) -> int:
        return self._rows.get(value, 0)

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.choices)

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.choices):
            return None
        label, value = self.choices[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None
