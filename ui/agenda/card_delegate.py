"""How a board card is painted: a framed card with the title, the place and category, and the
due date with an overdue mark. One Python call per visible card (no per-role data() calls and
no style-drawn item panels), which also makes a freshly opened board's first paint cheaper."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
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
GAP = 3  # between cards


class CardDelegate(QStyledItemDelegate):
    """Paints the cards of one StageColumnModel (the view's uniform item size comes from
    sizeHint, asked once)."""

    def __init__(self, model: StageColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.overdue_mark = tr("逾期")

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()  # type: ignore[attr-defined]
        return QSize(150, 3 * line + 2 * PAD + 2 * GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.row()
        if not 0 <= row < self.model.rowCount():
            return
        title, place, when, overdue = self.model.card(row)
        rect: QRect = option.rect.adjusted(GAP, GAP, -GAP, -GAP)  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(SELECTED_EDGE if selected else CARD_EDGE, 1.5 if selected else 1.0))
        painter.setBrush(SELECTED_FILL if selected else CARD_FILL)
        painter.drawRoundedRect(rect, 4, 4)
        if overdue:  # a red edge on the left: seen while scanning a column
            painter.fillRect(QRect(rect.left() + 1, rect.top() + 3, 3, rect.height() - 6), OVERDUE)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics: QFontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        line = metrics.lineSpacing()
        left, width = rect.left() + PAD + 2, rect.width() - 2 * PAD - 2
        top = rect.top() + PAD
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setPen(OVERDUE if overdue else option.palette.text().color())  # type: ignore[attr-defined]
        painter.drawText(QRect(left, top, width, line), flags,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, width))
        painter.setPen(MUTED_TEXT)
        painter.drawText(QRect(left, top + line, width, line), flags,
                         metrics.elidedText(place, Qt.TextElideMode.ElideRight, width))
        mark_width = metrics.horizontalAdvance(self.overdue_mark) + 4 if overdue else 0
        painter.drawText(QRect(left, top + 2 * line, width - mark_width, line), flags,
                         metrics.elidedText(when, Qt.TextElideMode.ElideRight, width - mark_width))
        if overdue:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(OVERDUE)
            painter.drawText(QRect(left, top + 2 * line, width, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             self.overdue_mark)
        painter.restore()
