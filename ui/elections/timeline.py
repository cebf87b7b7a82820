"""The stage timeline: every stage of this election's kind as a chip, done ones ticked, the
current one highlighted (red when overdue). The chips wrap onto further lines when the panel is
narrow, so a long kind (换届: eleven stages) never widens the window past a 1366×768 screen."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

from app.elections.stages import STAGE_CHECKPOINT, STAGE_NAMES
from ui.terms import term

DONE = "color:#1b5e20;background:#e8f5e9;border:1px solid #a5d6a7;"
NOW = "color:white;background:#1565c0;border:1px solid #0d47a1;font-weight:bold;"
LATE = "color:white;background:#b3261e;border:1px solid #8c1d18;font-weight:bold;"
LATER = "color:#555;background:#f5f5f5;border:1px solid #ddd;"
CHIP = "border-radius:9px;padding:3px 8px;"
SPACING = 4


class FlowLayout(QLayout):
    """Left to right, wrapping onto a new line when the next item does not fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(SPACING)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class StageTimeline(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stageTimeline")
        self._layout = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.chips: list[QLabel] = []
        self._shown: tuple[object, ...] = ()

    def show_stages(self, stages: tuple[str, ...], current: str, overdue: bool,
                    names: Mapping[str, str] = STAGE_NAMES) -> None:
        """`names`: the kind's own stage names ([kinds.<kind>].stage_names). The chips are
        rebuilt only when what they say changed: the panel shows the same election again after
        every ballot, and a styled label per stage cost the UI thread ms each time."""
        reached = stages.index(current) if current in stages else 0
        texts = tuple(("◆ " if stage in STAGE_CHECKPOINT else "") + term(names.get(stage, stage))
                      for stage in stages)
        shown = (stages, texts, reached, overdue)
        if shown == self._shown:
            return
        self._shown = shown
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.hide()
            chip.setParent(None)
            chip.deleteLater()
        self.chips = []
        for i, (stage, text) in enumerate(zip(stages, texts, strict=True)):
            if i < reached:
                style = DONE
            elif i == reached:
                style = LATE if overdue else NOW
            else:
                style = LATER
            chip = QLabel(text)
            chip.setObjectName(f"stage_{stage}")
            chip.setStyleSheet(CHIP + style)
            self._layout.addWidget(chip)
            chip.show()
            self.chips.append(chip)
        self._layout.invalidate()
        self.updateGeometry()
