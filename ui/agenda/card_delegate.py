"""How a board card is painted: a framed card with the title, the place and category, and the
due date with an overdue mark. One Python call per visible card (no per-role data() calls and
no style-drawn item panels), which also makes a freshly opened board's first paint cheaper."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

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

    def __init__(self, model: StageColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.overdue_mark = tr("逾期")
        self.today = date.today  # the card's short date leaves out this year

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(150, 3 * line + 2 * PAD + 2 * GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.row()
        if not 0 <= row < self.model.rowCount():
            return
        title, place, when, overdue = self.model.card(row)
        rect: QRect = option.rect.adjusted(GAP, GAP, -GAP - 1, -GAP - 1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
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
        elide = Qt.TextElideMode.ElideRight
        painter.setPen(OVERDUE if overdue else option.palette.text().color())
        painter.drawText(left, base, metrics.elidedText(title, elide, width))
        painter.setPen(MUTED_TEXT)
        painter.drawText(left, base + line, metrics.elidedText(place, elide, width))
        if overdue:
            painter.setPen(OVERDUE)
        when = fitted_date_line(when, width, metrics, self.today())
        painter.drawText(left, base + 2 * line, metrics.elidedText(when, elide, width))
        if overdue:  # the mark only where the whole date leaves room for it: the date matters more
            mark_width = metrics.horizontalAdvance(self.overdue_mark)
            if metrics.horizontalAdvance(when) + mark_width + 6 <= width:
                painter.drawText(left + width - mark_width, base + 2 * line, self.overdue_mark)
        painter.restore()
