"""Ballot entry at keyboard speed and the live tally.

Entry: type a room (or a name) and Enter, then the numbers of the approved candidates
("1 3 5", or "135" when there are at most nine; "*" all; "0" or nothing for none) and Enter —
saved, and the cursor is back in the room box for the next ballot. E-vote exports are imported
in the background helper; the tally of a large register runs there too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.elections.register import Owner
from app.elections.tally import TallyResult
from ui.elections.common import tr
from ui.elections.models import tally_model
from ui.operations import error_text
from ui.widgets import make_table


def parse_numbers(text: str, names: list[str]) -> list[str]:
    """Candidate numbers as typed → names; raises ValueError with a readable message."""
    text = text.strip()
    if text in ("", "0", "-"):
        return []
    if text in ("*", "全"):
        return list(names)
    parts = text.replace(",", " ").replace("，", " ").split()
    if len(parts) == 1 and len(names) <= 9 and parts[0].isdigit():
        parts = list(parts[0])
    chosen: list[str] = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= len(names):
            raise ValueError(tr("“{p}”不是候选人编号（1–{n}）").format(p=part, n=len(names)))
        name = names[int(part) - 1]
        if name in chosen:
            raise ValueError(tr("候选人 {n} 重复").format(n=part))
        chosen.append(name)
    return chosen


def find_owner(text: str, owners: list[Owner]) -> Owner | None:
    """A room ("1-101"), "room name" as the completer offers it, or an owner's exact name."""
    text = text.strip()
    if not text:
        return None
    room = text.split()[0]
    for owner in owners:
        if room in owner.rooms:
            return owner
    matches = [o for o in owners if o.name == text]
    return matches[0] if len(matches) == 1 else None


class BallotEntry(QWidget):
    """`save(owner_key, vote_text, replace) -> bool` stores one paper ballot."""

    saved = Signal()

    def __init__(self, save: Callable[[str, str, bool], bool], import_file: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("ballotEntry")
        self._save = save
        self.owners: list[Owner] = []
        self.names: list[str] = []
        self.entered: dict[str, str] = {}
        self.candidates_label = QLabel()
        self.candidates_label.setObjectName("ballotCandidates")
        self.candidates_label.setWordWrap(True)
        self.room = QLineEdit()
        self.room.setObjectName("ballotRoom")
        self.room.setPlaceholderText(tr("房号或业主姓名，回车"))
        self.owner_label = QLabel()
        self.owner_label.setObjectName("ballotOwner")
        self.vote = QLineEdit()
        self.vote.setObjectName("ballotVote")
        self.vote.setPlaceholderText(tr("同意的候选人编号，如 1 3 5；* 全部；0 或空：都不同意；回车保存"))
        self.replace = QCheckBox(tr("更正已录入的选票"))
        self.replace.setObjectName("ballotReplace")
        self.status = QLabel()
        self.status.setObjectName("ballotStatus")
        self.import_button = QPushButton(tr("导入电子投票结果…"))
        self.import_button.setObjectName("importEvotes")
        self.import_button.clicked.connect(import_file)
        self.room.returnPressed.connect(self._room_entered)
        self.vote.returnPressed.connect(self._vote_entered)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("房号")))
        row.addWidget(self.room, 2)
        row.addWidget(self.owner_label, 2)
        row.addWidget(QLabel(tr("选票")))
        row.addWidget(self.vote, 3)
        row.addWidget(self.replace)
        layout = QVBoxLayout(self)
        layout.addWidget(self.candidates_label)
        layout.addLayout(row)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def set_data(self, owners: list[Owner], names: list[str], entered: dict[str, str], open_: bool) -> None:
        self.owners, self.names, self.entered = owners, names, entered
        listing = "  ".join(f"{i}. {n}" for i, n in enumerate(names, start=1))
        self.candidates_label.setText(tr("候选人：") + (listing or tr("（无）")))
        completer = QCompleter([f"{r} {o.name}" for o in owners for r in o.rooms], self.room)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.room.setCompleter(completer)
        for widget in (self.room, self.vote, self.replace, self.import_button):
            widget.setEnabled(open_)
        if not open_:
            self.status.setText(tr("投票阶段才能录入选票。"))
        else:
            self.status.setText(tr("已录入纸质票 {n} 张。").format(n=len(entered)))

    def _room_entered(self) -> None:
        owner = find_owner(self.room.text(), self.owners)
        if owner is None:
            self.owner_label.setText(tr("名册中没有这个房号/业主"))
            self.owner_label.setStyleSheet("color:#b3261e;")
            return
        self.owner_label.setStyleSheet("")
        already = tr("（已录入）") if owner.key in self.entered else ""
        self.owner_label.setText(f"{owner.name} {'、'.join(owner.rooms)} {owner.area} m² {already}")
        self.current = owner
        self.vote.setFocus()
        self.vote.selectAll()

    def _vote_entered(self) -> None:
        owner = find_owner(self.room.text(), self.owners)
        if owner is None:
            self.room.setFocus()
            return
        try:
            chosen = parse_numbers(self.vote.text(), self.names)
        except ValueError as exc:
            self.status.setText(error_text(exc))
            self.status.setStyleSheet("color:#b3261e;")
            return
        if self._save(owner.key, ";".join(chosen), self.replace.isChecked()):
            self.status.setStyleSheet("")
            self.status.setText(tr("已保存：{o} → {v}").format(o=owner.name, v="、".join(chosen) or tr("都不同意")))
            self.room.clear()
            self.vote.clear()
            self.owner_label.clear()
            self.replace.setChecked(False)
            self.room.setFocus()
            self.saved.emit()


class TallyPanel(QWidget):
    """The live tally: quorum, what is still missing, each candidate, the elected."""

    refresh_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("tallyPanel")
        self.model = tally_model(self)
        self.view = make_table(self.model, "tallyTable")
        self.summary = QLabel()
        self.summary.setObjectName("tallySummary")
        self.summary.setWordWrap(True)
        self.refresh = QPushButton(tr("重新计票"))
        self.refresh.setObjectName("tallyRefresh")
        self.refresh.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def show_result(self, result: TallyResult | None, error: str = "") -> None:
        if result is None:
            self.model.set_records([])
            self.summary.setText(error)
            return
        self.model.set_records(result.candidates)
        lines = [
            tr("业主 {o} 人、专有面积 {a} m²；已参与表决 {po} 人、{pa} m²。").format(
                o=result.total_owners, a=result.total_area,
                po=result.participating_owners, pa=result.participating_area),
        ]
        if result.quorum_met:
            lines.append(tr("参与表决已达法定比例：{q}。").format(q=result.quorum.describe_zh()))
        else:
            lines.append(tr("尚差 {n} 名业主、{m} m² 才达到法定参与比例：{q}。").format(
                n=result.missing_owners, m=result.missing_area, q=result.quorum.describe_zh()))
        lines.append(tr("当选（应选 {s} 名）：{e}").format(
            s=result.seats, e="、".join(result.elected) or tr("暂无")))
        if result.tied:
            lines.append(tr("末位同票：{t}，需另行决定。").format(t="、".join(result.tied)))
        lines.append(tr("依据：{s}").format(s=result.threshold.origin.source))
        self.summary.setText("\n".join(lines))

    def any_data(self) -> Any:
        return self.model.records
