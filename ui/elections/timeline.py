"""The stage timeline: every stage of this election's kind as a chip, done ones ticked, the
current one highlighted (red when overdue)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.elections.stages import STAGE_CHECKPOINT, STAGE_NAMES
from ui.elections.common import tr

DONE = "color:#1b5e20;background:#e8f5e9;border:1px solid #a5d6a7;"
NOW = "color:white;background:#1565c0;border:1px solid #0d47a1;font-weight:bold;"
LATE = "color:white;background:#b3261e;border:1px solid #8c1d18;font-weight:bold;"
LATER = "color:#555;background:#f5f5f5;border:1px solid #ddd;"
CHIP = "border-radius:9px;padding:3px 8px;"


class StageTimeline(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stageTimeline")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.chips: list[QLabel] = []
        self._layout.addStretch(1)

    def show_stages(self, stages: tuple[str, ...], current: str, overdue: bool,
                    names: Mapping[str, str] = STAGE_NAMES) -> None:
        """`names`: the kind's own stage names ([kinds.<kind>].stage_names)."""
        for chip in self.chips:
            chip.hide()
            chip.setParent(None)
            chip.deleteLater()
        self.chips = []
        reached = stages.index(current) if current in stages else 0
        for i, stage in enumerate(stages):
            text = tr(names.get(stage, stage))
            if stage in STAGE_CHECKPOINT:
                text = "◆ " + text
            if i < reached:
                style = DONE
            elif i == reached:
                style = LATE if overdue else NOW
            else:
                style = LATER
            chip = QLabel(text)
            chip.setObjectName(f"stage_{stage}")
            chip.setStyleSheet(CHIP + style)
            self._layout.insertWidget(len(self.chips), chip)
            chip.show()
            self.chips.append(chip)
