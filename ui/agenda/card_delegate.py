"""How a board card is painted: a framed card with the title, the place and category, and the
due date with an overdue mark. One Python call per visible card (no per-role data() calls and
no style-drawn item panels), which also makes a freshly opened board's first paint cheaper.

A card is drawn once into a pixmap and blitted after that (a search keystroke and its undoing
show the same cards again; drawing Chinese text shapes it every time, a blit does not). The
pixmaps are dropped when the cards' texts may have changed (CardTexts.generation) or the font
changes; beyond CACHE_LIMIT the oldest quarter goes. `prepare` draws the cards a column is about
to show before it repaints, a few at a time (the board spreads them over event-loop turns), so
the repaint itself only blits."""

from __future__ import annotations

import re
import time
from datetime import date

from PySide6.QtCore import (
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from app.agenda_rules import local_today
from ui.agenda.labels import tr
from ui.agenda.model import StageColumnModel

CARD_FILL = QColor("#ffffff")
CARD_EDGE = QColor("#d0d7de")
MUTED_TEXT = QColor("#5f6368")
OVERDUE = QColor("#b3261e")
SELECTED_FILL = QColor("#e8f0fe")
SELECTED_EDGE = QColor("#1a73e8")
PAD = 6  # inside the card
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def fitted_date_line(when: str, width: int, metrics: QFontMetrics, today: date) -> str:
    """"期限 2026-12-17" as it fits a narrow card: whole; else this year's date as 12月17日
    (Dec 17); else the date alone (the word dropped) — the deadline stays readable."""
    if metrics.horizontalAdvance(when) <= width:
        return when
    found = ISO_DATE.search(when)
    if found is None:
        return when
    day = QDate(int(found[1]), int(found[2]), int(found[3]))
    if day.year() == today.year:
        short = QLocale().toString(day, tr("M月d日"))
        shorter = when[:found.start()] + short + when[found.end():]
        if metrics.horizontalAdvance(shorter) <= width:
            return shorter
        return short
    return found[0]
GAP = 3  # between cards


class CardDelegate(QStyledItemDelegate):
    """Paints the cards of one StageColumnModel (the view's uniform item size comes from
    sizeHint, asked once)."""

    CACHE_LIMIT = 400  # painted cards kept per column (~40 KB each)
    LINES_LIMIT = 20_000  # elided lines kept (short strings)

    def __init__(self, model: StageColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.overdue_mark = tr("逾期")
        self.today = local_today  # the card's short date leaves out this year
        self._pixmaps: dict[tuple[int, int, int, bool], QPixmap] = {}
        self._generation = -1
        self._font = QFont()
        self.drawn = 0  # cards drawn so far (a repaint of drawn cards adds none)
        self._lines: dict[tuple[str, int], str] = {}  # elided texts of the current font
        self._dates: dict[tuple[str, int, int], tuple[str, int]] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(150, 3 * line + 2 * PAD + 2 * GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.row()
        if not 0 <= row < self.model.rowCount():
            return
        self._keep_if_current(option.font)
        area: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        key = (self.model.table_row(row), area.width(), area.height(), selected)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            device = painter.device()
            ratio = device.devicePixelRatioF() if device is not None else 1.0
            pixmap = self._keep(key, self._card_pixmap(option, row, selected, ratio))
        painter.drawPixmap(area.topLeft(), pixmap)

    def prepare(self, view: QListView, until: float) -> bool:
        """Draw the cards `view` shows now, as its next paint will ask for them (size, font,
        selection), until `time.perf_counter()` passes `until`; whether all are drawn. Its
        repaint then only blits."""
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)  # what QListView's paintEvent starts from
        if view.isEnabled():
            option.palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
        self._keep_if_current(option.font)
        viewport = view.viewport()
        ratio = viewport.devicePixelRatioF()
        height = viewport.height()
        width = viewport.width() - 2 * view.spacing()
        selection = view.selectionModel()
        first = view.indexAt(QPoint(0, 0))
        row = first.row() if first.isValid() else 0
        drawn = 0  # at least one card per call: a call that only laid the view out still gains
        while row < self.model.rowCount():
            index = self.model.index(row)
            area = view.visualRect(index)
            if area.top() >= height:
                break
            area.setWidth(min(area.width(), width))  # as QListView's paintEvent narrows it
            selected = selection is not None and selection.isSelected(index)
            key = (self.model.table_row(row), area.width(), area.height(), selected)
            if key not in self._pixmaps:
                if drawn and time.perf_counter() >= until:
                    return False
                option.rect = area
                self._keep(key, self._card_pixmap(option, row, selected, ratio))
                drawn += 1
            row += 1
        return True

    def _keep_if_current(self, font: QFont) -> None:
        """Drop the drawn cards when their texts may have changed or the font did."""
        generation = self.model.texts.generation
        if font != self._font:
            self._lines.clear()
            self._dates.clear()
        if generation != self._generation or font != self._font:
            self._pixmaps.clear()
            self._generation, self._font = generation, QFont(font)

    def _keep(self, key: tuple[int, int, int, bool], pixmap: QPixmap) -> QPixmap:
        if len(self._pixmaps) >= self.CACHE_LIMIT:  # the oldest quarter (dicts keep order)
            for old in list(self._pixmaps)[:self.CACHE_LIMIT // 4]:
                del self._pixmaps[old]
        self._pixmaps[key] = pixmap
        return pixmap

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        """A card's whole text as its tooltip (a narrow card elides its lines)."""
        if event.type() == QEvent.Type.ToolTip and 0 <= index.row() < self.model.rowCount():
            title, place, when, overdue = self.model.card(index.row())
            lines = [title, place, when + (f" {self.overdue_mark}" if overdue else "")]
            QToolTip.showText(event.globalPos(), "\n".join(lines), view)
            return True
        return super().helpEvent(event, view, option, index)

    def _card_pixmap(self, option: QStyleOptionViewItem, row: int, selected: bool,
                     ratio: float) -> QPixmap:
        """The card drawn once on a transparent pixmap of the cell's size (device pixels)."""
        area: QRect = option.rect
        pixmap = QPixmap(max(1, round(area.width() * ratio)), max(1, round(area.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setFont(option.font)
        self.draw_card(painter, option, QRect(0, 0, area.width(), area.height()), row, selected)
        painter.end()
        self.drawn += 1
        return pixmap

    def draw_card(self, painter: QPainter, option: QStyleOptionViewItem, area: QRect, row: int,
                  selected: bool) -> None:
        title, place, when, overdue = self.model.card(row)
        rect = area.adjusted(GAP, GAP, -GAP - 1, -GAP - 1)
        # Plain rectangles and point-placed text: the cheapest way QPainter draws (a first
        # paint of ~100 cards must stay well inside one frame budget on a slow machine).
        painter.save()
        painter.setPen(SELECTED_EDGE if selected else CARD_EDGE)
        painter.setBrush(SELECTED_FILL if selected else CARD_FILL)
        painter.drawRect(rect)
        if overdue:  # a red edge on the left: seen while scanning a column
            painter.fillRect(rect.left() + 1, rect.top() + 1, 3, rect.height() - 1, OVERDUE)
        metrics: QFontMetrics = option.fontMetrics
        line, ascent = metrics.lineSpacing(), metrics.ascent()
        left, width = rect.left() + PAD + 2, rect.width() - 2 * PAD - 2
        base = rect.top() + PAD + ascent
        painter.setPen(OVERDUE if overdue else option.palette.text().color())
        painter.drawText(left, base, self._elided(title, width, metrics))
        painter.setPen(MUTED_TEXT)
        painter.drawText(left, base + line, self._elided(place, width, metrics))
        if overdue:
            painter.setPen(OVERDUE)
        when, mark_width = self._date_line(when, width, metrics)
        painter.drawText(left, base + 2 * line, when)
        if overdue and mark_width:  # the mark only where the whole date leaves room for it
            painter.drawText(left + width - mark_width, base + 2 * line, self.overdue_mark)
        painter.restore()

    def _elided(self, text: str, width: int, metrics: QFontMetrics) -> str:
        """`text` cut to `width`, worked out once per text and width: cards share compound,
        category and date lines, and measuring Chinese text shapes it."""
        key = (text, width)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) >= self.LINES_LIMIT:
                self._lines.clear()
            found = self._lines[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return found

    def _date_line(self, when: str, width: int, metrics: QFontMetrics) -> tuple[str, int]:
        """The date line as it fits (fitted_date_line, then cut), and the overdue mark's width
        when the mark fits beside it (0 otherwise: the date matters more)."""
        today = self.today()
        key = (when, width, today.year)
        found = self._dates.get(key)
        if found is None:
            fitted = fitted_date_line(when, width, metrics, today)
            mark_width = metrics.horizontalAdvance(self.overdue_mark)
            fits = metrics.horizontalAdvance(fitted) + mark_width + 6 <= width
            if len(self._dates) >= self.LINES_LIMIT:
                self._dates.clear()
            found = self._dates[key] = (self._elided(fitted, width, metrics), mark_width if fits else 0)
        return found
