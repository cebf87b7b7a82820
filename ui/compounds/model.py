"""The one source model of compounds, and the filter/search proxy over it (Qt's address-book
pattern: views edit through the proxy, rows are mapped back with mapToSource())."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.compounds import CompoundRow
from app.search import normalize_query
from ui import labels
from ui.cell_delegate import CellDelegate
from ui.i18n import QT_TRANSLATE_NOOP

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# (key, header source text)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("CompoundModel", "小区名称")),
    ("street", QT_TRANSLATE_NOOP("CompoundModel", "街道")),
    ("community", QT_TRANSLATE_NOOP("CompoundModel", "社区")),
    ("stage", QT_TRANSLATE_NOOP("CompoundModel", "生命周期")),
    ("households", QT_TRANSLATE_NOOP("CompoundModel", "户数")),
    ("coverage", QT_TRANSLATE_NOOP("CompoundModel", "党支部覆盖")),
    ("members", QT_TRANSLATE_NOOP("CompoundModel", "党员")),
    ("committee", QT_TRANSLATE_NOOP("CompoundModel", "业委会")),
    ("acting", QT_TRANSLATE_NOOP("CompoundModel", "以居代业")),
    ("company", QT_TRANSLATE_NOOP("CompoundModel", "物业企业")),
    ("address", QT_TRANSLATE_NOOP("CompoundModel", "地址")),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
COLUMN_COUNT = len(COLUMNS)
NUMERIC = {"households", "members"}
COVERAGE_COLOURS = {"organisational": "#1b7f3a", "work": "#a86400", "uncovered": "#b3261e"}
COVERAGE_BRUSHES = {kind: QBrush(QColor(colour)) for kind, colour in COVERAGE_COLOURS.items()}
NUMERIC_COLUMNS = frozenset(i for i, key in enumerate(COLUMN_KEYS) if key in NUMERIC)
COVERAGE_COLUMN = COLUMN_KEYS.index("coverage")
HOUSEHOLDS_COLUMN = COLUMN_KEYS.index("households")
MEMBERS_COLUMN = COLUMN_KEYS.index("members")
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ID = int(ID_ROLE)
SORT = int(SORT_ROLE)
HANDLED_ROLES = frozenset({DISPLAY, ALIGN, FOREGROUND, TOOLTIP, ID, SORT})
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
COVERAGE_QCOLORS = {kind: QColor(colour) for kind, colour in COVERAGE_COLOURS.items()}


def tr(text: str) -> str:
    return QCoreApplication.translate("CompoundModel", text)


class CompoundTableModel(QAbstractTableModel):
    """Read-only table of CompoundRow; edits go through app/ and come back as new rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[CompoundRow] = []
        self._row_of: dict[str, int] = {}
        self._text_cache: dict[str, tuple[CompoundRow, tuple[str, ...]]] = {}

    # --- Qt API ---
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """One Python call per index: the inherited one asks rowCount() and columnCount() (two
        more C++ → Python calls), and the proxy asks for an index for every painted cell."""
        if 0 <= row < len(self.rows) and 0 <= column < COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(COLUMNS[section][1])
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section][0] in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks ~10 roles per visible cell: answer the unused ones first and cheaply.
        role = int(role)
        if role not in HANDLED_ROLES or not index.isValid():
            return None
        position, column = index.row(), index.column()
        if not 0 <= position < len(self.rows):
            return None
        row = self.rows[position]
        if role == DISPLAY:
            return self.texts(row)[column]
        if role == ALIGN:
            return RIGHT if column in NUMERIC_COLUMNS else None
        if role == FOREGROUND:
            return COVERAGE_BRUSHES.get(row.coverage) if column == COVERAGE_COLUMN else None
        if role == ID:
            return row.id
        if role == SORT:
            if column == HOUSEHOLDS_COLUMN:
                return row.households
            if column == MEMBERS_COLUMN:
                return row.member_count
            return self.texts(row)[column]
        if role == TOOLTIP and column == COVERAGE_COLUMN and row.branch_names:
            return "、".join(row.branch_names)
        return None

    def texts(self, row: CompoundRow) -> tuple[str, ...]:
        """The display texts of a row, made once per row object."""
        cached = self._text_cache.get(row.id)
        if cached is not None and cached[0] is row:
            return cached[1]
        texts = tuple(self._display(row, key) for key in COLUMN_KEYS)
        self._text_cache[row.id] = (row, texts)
        return texts

    @staticmethod
    def _display(row: CompoundRow, key: str) -> str:
        if key == "name":
            return row.name
        if key == "street":
            return row.street_name
        if key == "community":
            return row.community_name
        if key == "stage":
            return labels.label(labels.LIFECYCLE, row.lifecycle_stage)
        if key == "households":
            return str(row.households)
        if key == "coverage":
            return labels.label(labels.COVERAGE, row.coverage)
        if key == "members":
            return str(row.member_count)
        if key == "committee":
            return labels.label(labels.COMMITTEE_STATUS, row.committee_status)
        if key == "acting":
            return tr("是") if row.residents_committee_acting else ""
        if key == "company":
            return row.property_company
        return row.address

    # --- our API ---
    def set_rows(self, rows: list[CompoundRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._row_of = {row.id: i for i, row in enumerate(self.rows)}
        self._text_cache.clear()
        self.endResetModel()

    def row_of(self, compound_id: str) -> int:
        return self._row_of.get(compound_id, -1)

    def compound(self, source_row: int) -> CompoundRow:
        return self.rows[source_row]

    def upsert(self, row: CompoundRow) -> None:
        """Replace the row with the same id, or append it."""
        position = self.row_of(row.id)
        if position >= 0:
            self.rows[position] = row
            self.dataChanged.emit(self.index(position, 0),
                                  self.index(position, len(COLUMNS) - 1))
            return
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(row)
        self._row_of[row.id] = position
        self.endInsertRows()

    def remove(self, compound_id: str) -> None:
        position = self.row_of(compound_id)
        if position < 0:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self.rows[position]
        self._row_of = {row.id: i for i, row in enumerate(self.rows)}
        self.endRemoveRows()


class CompoundFilterProxy(QSortFilterProxyModel):
    """Filters (street, community, stage, coverage, committee status, 以居代业) and the search text
    (name, address, pinyin: matched against keys precomputed by app.search)."""

    FILTER_KEYS = ("street_id", "community_id", "lifecycle_stage", "coverage",
                   "committee_status", "acting")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filters: dict[str, Any] = {}
        self.query = ""
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)

    def source(self) -> CompoundTableModel:
        return self._source

    def setSourceModel(self, model: Any) -> None:
        assert isinstance(model, CompoundTableModel)
        self._source = model
        super().setSourceModel(model)

    def set_search(self, text: str) -> None:
        query = normalize_query(text)
        if query == self.query:
            return
        self.query = query
        self._refilter()

    def set_filters(self, filters: dict[str, Any]) -> None:
        """Replace the filters; a key missing or None means 'any'."""
        clean = {k: v for k, v in filters.items() if k in self.FILTER_KEYS and v is not None
                 and v != ""}
        if clean == self.filters:
            return
        self.filters = clean
        self._refilter()

    def _refilter(self) -> None:
        """Let Qt rebuild its mapping in one layout change (a filter change row by row would
        send hundreds of removals to the view)."""
        self.invalidate()

    def _accepts(self, row: CompoundRow) -> bool:
        query, filters = self.query, self.filters
        if query and query not in row.search_key:
            return False
        if not filters:
            return True
        return (
            filters.get("street_id", row.street_id) == row.street_id
            and filters.get("community_id", row.community_id) == row.community_id
            and filters.get("lifecycle_stage", row.lifecycle_stage) == row.lifecycle_stage
            and filters.get("coverage", row.coverage) == row.coverage
            and filters.get("committee_status", row.committee_status) == row.committee_status
            and ("acting" not in filters
                 or row.residents_committee_acting == bool(filters["acting"]))
        )

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        """Called by Qt for every row on each keystroke: kept to a substring test on the key
        app.search precomputed (no per-row work beyond it)."""
        if self.filters:
            return self._accepts(self._source.rows[source_row])
        return not self.query or self.query in self._source.rows[source_row].search_key

    def compound_id(self, proxy_index: QModelIndex) -> str | None:
        if not proxy_index.isValid():
            return None
        source = self.mapToSource(proxy_index)
        return self.source().compound(source.row()).id


class CompoundDelegate(CellDelegate):
    """The compound list's cells, painted from the row objects (ui/cell_delegate.py): names,
    addresses and household counts, nearly all different, drawn as text; the rest blitted."""

    TEXT_COLUMNS = frozenset(i for i, key in enumerate(COLUMN_KEYS)
                             if key in ("name", "households", "address"))

    def __init__(self, proxy: CompoundFilterProxy, parent: Any = None) -> None:
        super().__init__(self._cell_of, numeric_columns=NUMERIC_COLUMNS,
                         text_columns=self.TEXT_COLUMNS, parent=parent)
        self._proxy = proxy
        # proxy row -> source row, asked once per painted row rather than once per cell (each
        # mapToSource is a C++ call that calls back into the Python source model)
        self._source_rows: dict[int, int] = {}
        for signal in (proxy.layoutChanged, proxy.modelReset, proxy.rowsInserted,
                       proxy.rowsRemoved, proxy.rowsMoved):
            signal.connect(self._source_rows.clear)

    def _cell_of(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, QColor | None]:
        source = self._proxy.source()
        proxy_row = index.row()
        source_row = self._source_rows.get(proxy_row)
        if source_row is None:
            source_row = self._source_rows[proxy_row] = self._proxy.mapToSource(index).row()
        row = source.rows[source_row]
        column = index.column()
        colour = COVERAGE_QCOLORS.get(row.coverage) if column == COVERAGE_COLUMN else None
        return source.texts(row)[column], colour
