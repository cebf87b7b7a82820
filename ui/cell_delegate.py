"""A table delegate for long read-only lists: one Python call per painted cell, the elided text
and its position worked out once per (text, cell size), short texts drawn once into pixmaps.

The stock delegate asks the model about ten roles per painted cell (each a C++ → Python call)
and runs the style's full item layout every time; after a search keystroke or a filter change a
full screen of cells is repainted, and that was most of the time it took. Cells look the same:
text elided on the right, numbers right-aligned, an optional colour, the selection.

Drawing Chinese text costs ~20 µs a cell (shaping every time), a small pixmap blit ~2 µs. Columns
with few distinct values (a street, a stage, a date) are drawn once into a pixmap per (text,
colour) and blitted after that; columns of mostly different texts (names, titles, addresses) are
drawn as text.

Not QStaticText: PySide6 6.12's QPainter.drawStaticText drops a reference to None on every call,
which crashes the interpreter after a few hundred repaints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

ItemIndex = QModelIndex | QPersistentModelIndex
# What a cell shows: its text and a colour (None: the palette's text colour).
CellFunction = Callable[[ItemIndex], tuple[str, QColor | None]]

RIGHT_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
SELECTED_VALUE = QStyle.StateFlag.State_Selected.value
CELL_PADDING = 4


class CellDelegate(QStyledItemDelegate):
    """Paints every cell from `cell(index)`; see the module docstring."""

    CACHE_LIMIT = 20_000
    PIXMAP_LIMIT = 3_000  # ~5 KB each: at most ~15 MB

    def __init__(self, cell: CellFunction, *, numeric_columns: frozenset[int] = frozenset(),
                 text_columns: frozenset[int] = frozenset(), parent: QObject | None = None) -> None:
        """`text_columns`: columns of mostly different texts, drawn as text; every other column
        is blitted from pixmaps of its texts."""
        super().__init__(parent)
        self._cell = cell
        self._numeric = numeric_columns
        self._text_columns = text_columns
        self._prepared: dict[tuple[str, int, int], tuple[str, int, int]] = {}
        self._pixmaps: dict[tuple[str, int, float], tuple[QPixmap, int]] = {}
        self._colours: dict[int, tuple[QColor, QColor, QBrush]] = {}  # palette key -> colours

    def initStyleOption(self, option: QStyleOptionViewItem, index: ItemIndex) -> None:
        """For size hints (fit column to contents): the same text and alignment as painted."""
        text, _colour = self._cell(index)
        option.index = index  # type: ignore[assignment]  # PySide6 converts a persistent index
        option.text = text
        option.features |= HAS_DISPLAY
        option.displayAlignment = RIGHT_ALIGN if index.column() in self._numeric else LEFT_ALIGN

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ItemIndex) -> None:
        text, own_colour = self._cell(index)
        selected = option.state.value & SELECTED_VALUE
        if not text:
            if selected:
                painter.fillRect(option.rect, self._palette_colours(option)[2])
            return
        column = index.column()
        x0, y0, width, height = cast("tuple[int, int, int, int]", option.rect.getRect())
        key = (text, width, height)
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepare(text, column, option)
            if len(self._prepared) >= self.CACHE_LIMIT:
                self._prepared.clear()
            self._prepared[key] = prepared
        text_colour, highlighted, highlight = self._palette_colours(option)
        if selected:
            painter.fillRect(option.rect, highlight)
            colour = highlighted
        else:
            colour = own_colour or text_colour
        shown, x, baseline = prepared
        if column not in self._text_columns:
            pixmap, top = self._pixmap(shown, colour, option, painter)
            painter.drawPixmap(x0 + x, y0 + baseline - top, pixmap)
            return
        painter.setPen(colour)
        painter.drawText(x0 + x, y0 + baseline, shown)

    def _palette_colours(self, option: QStyleOptionViewItem) -> tuple[QColor, QColor, QBrush]:
        palette = option.palette
        colours = self._colours.get(palette.cacheKey())
        if colours is None:
            colours = (palette.color(QPalette.ColorRole.Text),
                       palette.color(QPalette.ColorRole.HighlightedText), palette.highlight())
            self._colours[palette.cacheKey()] = colours
        return colours

    def _pixmap(self, shown: str, colour: QColor, option: QStyleOptionViewItem,
                painter: QPainter) -> tuple[QPixmap, int]:
        """The text drawn once onto a transparent pixmap (device pixels), and its ascent."""
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        key = (shown, colour.rgba(), ratio)  # the list's font is fixed while it runs
        cached = self._pixmaps.get(key)
        if cached is None:
            metrics = option.fontMetrics
            width = metrics.horizontalAdvance(shown) + 2
            pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(metrics.height() * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            text_painter = QPainter(pixmap)
            text_painter.setFont(option.font)
            text_painter.setPen(colour)
            text_painter.drawText(0, metrics.ascent(), shown)
            text_painter.end()
            if len(self._pixmaps) >= self.PIXMAP_LIMIT:
                self._pixmaps.clear()
            cached = self._pixmaps[key] = (pixmap, metrics.ascent())
        return cached

    def _prepare(self, text: str, column: int,
                 option: QStyleOptionViewItem) -> tuple[str, int, int]:
        """The elided text and its baseline position inside the cell."""
        metrics = option.fontMetrics
        rect = option.rect
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                   max(rect.width() - 2 * CELL_PADDING, 0))
        x = (rect.width() - CELL_PADDING - metrics.horizontalAdvance(shown)
             if column in self._numeric else CELL_PADDING)
        return shown, int(x), round((rect.height() - metrics.height()) / 2 + metrics.ascent())
