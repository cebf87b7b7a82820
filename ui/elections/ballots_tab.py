"""Ballot entry at keyboard speed and the live tally.

Entry: type a room however it comes ("1-101", "1栋101", "1 101", "1#101") or a name and Enter, then the numbers of the approved candidates
("1 3 5", or "135" when there are at most nine; "*" all; "0" or nothing for none) and Enter —
saved, and the cursor is back in the room box for the next ballot. Below: the quorum bars
(owners and area), the ballots entered (Enter corrects one, Delete takes it back) and the owners
who have not voted yet. E-vote exports are imported
in the background helper; the tally of a large register runs there too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.elections.ballot_progress import not_voted, quorum_progress
from app.elections.register import Owner
from app.elections.rooms import room_index, room_key
from app.elections.tally import TallyResult
from ui.elections.common import share_text, tr
from ui.elections.models import tally_model
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text
from ui.terms import term
from ui.widgets import make_table
from ui.yielding import interacting


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


def find_owner(text: str, owners: list[Owner], index: dict[str, Owner] | None = None) -> Owner | None:
    """A room however typed ("1-101", "1栋101", "1 101", "1#101"; app.elections.rooms), "room
    name" as the completer offers it, or an owner's exact name."""
    text = text.strip()
    if not text:
        return None
    index = index if index is not None else room_index((o, o.rooms) for o in owners)
    for candidate in (text, text.split()[0]):
        found = index.get(room_key(candidate))
        if found is not None:
            return found
    matches = [o for o in owners if o.name == text]
    return matches[0] if len(matches) == 1 else None


def joined(words: Collection[str]) -> str:
    """Names in a row with the language's separator (甲、乙 / A, B)."""
    return tr("、").join(words)


def vote_words(vote: str, names: list[str]) -> str:
    """"甲;丙" → "1 3（甲、丙）": the numbers typed at entry, and the names."""
    chosen = [n for n in vote.split(";") if n]
    if not chosen:
        return tr("都不同意")
    numbers = " ".join(str(names.index(n) + 1) for n in chosen if n in names)
    return tr("{numbers}（{names}）").format(numbers=numbers, names=joined(chosen))


HEADERS = (QT_TRANSLATE_NOOP("Elections", "房号"), QT_TRANSLATE_NOOP("Elections", "业主"),
           QT_TRANSLATE_NOOP("Elections", "选票"), QT_TRANSLATE_NOOP("Elections", "方式"))


@dataclass(frozen=True)
class EnteredRow:
    key: str
    cells: tuple[str, str, str, str]  # rooms, owner, vote, channel
    paper: bool


class EnteredModel(QAbstractTableModel):
    """The ballots entered, one row each, replaced whole (a large register: no item per cell)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[EnteredRow] = []

    def set_rows(self, rows: list[EnteredRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(HEADERS):
            return None
        return self.rows[index.row()].cells[index.column()]

    def text(self, row: int, column: int) -> str:
        return self.rows[row].cells[column]


class BallotEntry(QWidget):
    """`save(owner_key, vote_text, replace) -> bool` sends one paper ballot to be stored (False:
    not sent); the writer then calls `ballot_saved` or `ballot_refused`, and only then does the
    status say 已保存. `remove(owner_key) -> bool` takes a mistyped one back (asked first). Below the entry line: the quorum so far (owners and area),
    the ballots entered (Enter corrects, Delete removes) and who has not voted yet."""

    saved = Signal()

    def __init__(self, save: Callable[[str, str, bool], bool], import_file: Callable[[], None],
                 remove: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self.setObjectName("ballotEntry")
        self._save = save
        self._remove = remove
        self.owners: list[Owner] = []
        self.names: list[str] = []
        self.entered: dict[str, str] = {}
        self.e_voted: frozenset[str] = frozenset()
        self.rooms: dict[str, Owner] = {}
        self._by_key: dict[str, Owner] = {}
        self._position: dict[str, int] = {}  # owner key → place in the register
        self.recent: list[str] = []  # owners whose ballot was saved here, the latest typed first
        self._typed_at: dict[str, int] = {}  # owner key → the save's place in the writes' queue
        self.current: Owner | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_entry())
        layout.addWidget(self._build_quorum())
        layout.addWidget(self._build_lists(), 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        layout.addLayout(bottom)

    def _build_entry(self) -> QVBoxLayout:
        self.candidates_label = QLabel()
        self.candidates_label.setObjectName("ballotCandidates")
        self.candidates_label.setWordWrap(True)
        self.room = QLineEdit()
        self.room.setObjectName("ballotRoom")
        self.room.setPlaceholderText(tr("房号（如 1-101、1 101）或业主姓名，回车"))
        self.room.setToolTip(self.room.placeholderText())  # the whole hint where the field is narrow
        self.owner_label = QLabel()
        self.owner_label.setObjectName("ballotOwner")
        self.vote = QLineEdit()
        self.vote.setObjectName("ballotVote")
        self.vote.setPlaceholderText(tr("同意的候选人编号，如 1 3 5；* 全部；0 或空：都不同意；回车保存"))
        self.vote.setToolTip(self.vote.placeholderText())  # the whole hint where the field is narrow
        self.replace = QCheckBox(tr("更正已录入的选票"))
        self.replace.setObjectName("ballotReplace")
        self.status = QLabel()
        self.status.setObjectName("ballotStatus")
        self.status.setWordWrap(True)
        self.import_button = QPushButton(tr("导入电子投票结果…"))
        self.import_button.setObjectName("importEvotes")
        self.room.returnPressed.connect(self._room_entered)
        self.vote.returnPressed.connect(self._vote_entered)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("房号")))
        row.addWidget(self.room, 2)
        row.addWidget(self.owner_label, 2)
        row.addWidget(QLabel(tr("选票")))
        row.addWidget(self.vote, 3)
        row.addWidget(self.replace)
        entry = QVBoxLayout()
        entry.addWidget(self.candidates_label)
        entry.addLayout(row)
        entry.addWidget(self.status)
        return entry

    def _build_quorum(self) -> QGroupBox:
        """Two bars: owners and floor area that took part, each against what the quorum needs."""
        box = QGroupBox(tr("参与表决进度（人数、面积须同时达到）"))
        self.quorum_owners = QProgressBar()
        self.quorum_owners.setObjectName("quorumOwners")
        self.quorum_area = QProgressBar()
        self.quorum_area.setObjectName("quorumArea")
        self.quorum_note = QLabel()
        self.quorum_note.setObjectName("quorumNote")
        for bar in (self.quorum_owners, self.quorum_area):
            bar.setTextVisible(True)
            bar.setRange(0, 1)
            bar.setValue(0)
        form = QFormLayout(box)
        form.addRow(tr("业主人数"), self.quorum_owners)
        form.addRow(tr("专有面积"), self.quorum_area)
        form.addRow(self.quorum_note)
        return box

    def _build_lists(self) -> QSplitter:
        self.entered_model = EnteredModel(self)
        self.entered_view = QTableView()
        self.entered_view.setObjectName("enteredBallots")
        self.entered_view.setModel(self.entered_model)
        self.entered_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entered_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entered_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.entered_view.setTabKeyNavigation(False)
        self.entered_view.verticalHeader().hide()
        self.entered_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.entered_view.activated.connect(lambda _index: self.correct_selected())
        self.entered_view.installEventFilter(self)
        self.correct_button = QPushButton(tr("更正 (回车)"))
        self.correct_button.setObjectName("correctBallot")
        self.correct_button.clicked.connect(self.correct_selected)
        self.delete_button = QPushButton(tr("删除 (Del)"))
        self.delete_button.setObjectName("deleteBallot")
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_button.setVisible(self._remove is not None)
        self.entered_box = QGroupBox()
        entered = QVBoxLayout(self.entered_box)
        entered.addWidget(self.entered_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.delete_button)
        entered.addLayout(buttons)
        self.missing_model = QStringListModel(self)
        self.missing_view = QListView()
        self.missing_view.setObjectName("notVoted")
        self.missing_view.setModel(self.missing_model)
        self.missing_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing_view.activated.connect(self._missing_picked)
        self.missing_box = QGroupBox()
        QVBoxLayout(self.missing_box).addWidget(self.missing_view)
        split = QSplitter()
        split.addWidget(self.entered_box)
        split.addWidget(self.missing_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def set_data(self, owners: list[Owner], names: list[str], entered: dict[str, str], open_: bool,
                 e_voted: Collection[str] = ()) -> None:
        self.names, self.entered = names, entered
        self.e_voted = frozenset(e_voted)
        if owners != self.owners:  # the register, its index and completer: only when changed
            self.owners = owners
            self._by_key = {o.key: o for o in owners}
            self._position = {o.key: n for n, o in enumerate(owners)}
            self.rooms = room_index((o, o.rooms) for o in owners)
            completer = QCompleter([f"{r} {o.name}" for o in owners for r in o.rooms], self.room)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.room.setCompleter(completer)
        listing = "  ".join(f"{i}. {n}" for i, n in enumerate(names, start=1))
        self.candidates_label.setText(tr("候选人：{names}").format(names=listing or tr("（无）")))
        for widget in (self.room, self.vote, self.replace, self.import_button, self.correct_button,
                       self.delete_button):
            widget.setEnabled(open_)
        if not open_:
            self.status.setText(tr("投票阶段才能录入选票。"))
        elif not self.status.text():  # a refusal stays until the next good entry clears it
            self.status.setText(tr("已录入纸质票 {n} 张。").format(n=len(entered)))
        self._fill_lists()

    def clear_entry(self) -> None:
        """Empty the entry line, its owner, correction mark and status (another election is
        about to be shown: what was typed for the last one must not be saved into it)."""
        self.room.clear()
        self.vote.clear()
        self.owner_label.clear()
        self.owner_label.setStyleSheet("")
        self.replace.setChecked(False)
        self.status.clear()
        self.status.setStyleSheet("")
        self.current = None
        self.recent = []
        self._typed_at = {}

    def _fill_lists(self) -> None:
        """The ballots entered and the owners still to vote. Paper ballots saved here come
        first, the latest on top and selected (Tab to the list, Enter corrects it), then the
        others in register order, then e-votes."""
        by_key = self._by_key
        paper, electronic = tr("纸质"), tr("电子")
        recent = [k for k in self.recent if k in self.entered]
        place = {k: n for n, k in enumerate(recent)}
        last = len(self._position)
        ordered = sorted(self.entered.items(), key=lambda item: (
            place.get(item[0], len(place)), self._position.get(item[0], last), item[0]))
        rows: list[EnteredRow] = []
        for key, vote in [*ordered, *((k, None) for k in sorted(self.e_voted))]:
            owner = by_key.get(key)
            words = vote_words(vote, self.names) if vote is not None else "—"
            rows.append(EnteredRow(key, (joined(owner.rooms) if owner else key,
                                         owner.name if owner else "", words,
                                         paper if vote is not None else electronic),
                                   vote is not None))
        self.entered_model.set_rows(rows)
        if recent:
            self.entered_view.setCurrentIndex(self.entered_model.index(0, 0))
        self.entered_box.setTitle(tr("已录入的选票（{n} 张）").format(n=len(rows)))
        missing = not_voted(self.owners, set(self.entered) | self.e_voted)
        self.missing_model.setStringList([f"{joined(o.rooms)}  {o.name}" for o in missing])
        self._missing = missing
        self.missing_box.setTitle(tr("尚未投票（{n} 户）").format(n=len(missing)))

    def show_quorum(self, result: TallyResult | None) -> None:
        """The two quorum bars from the live tally (nothing shown before the vote)."""
        if result is None:
            for bar in (self.quorum_owners, self.quorum_area):
                bar.setRange(0, 1)
                bar.setValue(0)
                bar.setFormat("—")
            self.quorum_note.clear()
            return
        progress = quorum_progress(result)
        self._bar(self.quorum_owners, progress.owners, progress.owners_total, progress.owners_met,
                  tr("{done} / {total} 人（需 {needed} 人）").format(
                      done=progress.owners, total=progress.owners_total,
                      needed=progress.owners_needed))
        self._bar(self.quorum_area, int(progress.area * 100), int(progress.area_total * 100),
                  progress.area_met, tr("{done} / {total} m²（需 {needed} m²）").format(
                      done=progress.area, total=progress.area_total, needed=progress.area_needed))
        self.quorum_note.setText(
            tr("已达法定参与比例。") if progress.met
            else tr("尚差 {n} 名业主、{m} m²。").format(n=result.missing_owners, m=result.missing_area))

    @staticmethod
    def _bar(bar: QProgressBar, value: int, total: int, met: bool, text: str) -> None:
        bar.setRange(0, max(total, 1))
        bar.setValue(min(value, max(total, 1)))
        bar.setFormat(text)
        colour = "#a5d6a7" if met else "#90caf9"  # light, so the figures on it stay readable
        bar.setStyleSheet("QProgressBar { text-align: center; }"
                          f" QProgressBar::chunk {{ background: {colour}; }}")

    # --- entry -------------------------------------------------------------------------------

    def _error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setStyleSheet("color:#b3261e;")

    def _room_entered(self) -> None:
        interacting()  # the audit, if running, waits while ballots are typed in
        owner = find_owner(self.room.text(), self.owners, self.rooms)
        if owner is None:
            self.current = None
            self._error(self.owner_label, tr("名册中没有这个房号/业主"))
            return
        self.owner_label.setStyleSheet("")
        if self.status.styleSheet():  # the last error goes once an entry is good
            self.status.setStyleSheet("")
            self.status.clear()
        already = tr("（已录入）") if owner.key in self.entered else ""
        self.owner_label.setText(f"{owner.name} {joined(owner.rooms)} {owner.area} m² {already}")
        self.current = owner
        self.vote.setFocus()
        self.vote.selectAll()

    def _vote_entered(self) -> None:
        interacting()  # the audit, if running, waits while ballots are typed in
        owner = find_owner(self.room.text(), self.owners, self.rooms)
        if owner is None:
            self.room.setFocus()
            return
        try:
            chosen = parse_numbers(self.vote.text(), self.names)
        except ValueError as exc:
            self._error(self.status, error_text(exc))
            return
        self.status.setStyleSheet("")
        self.status.setText(tr("正在保存：{o} → {v}").format(
            o=owner.name, v=joined(chosen) or tr("都不同意")))
        sent = self._save(owner.key, ";".join(chosen), self.replace.isChecked())
        if sent and not self.status.styleSheet():  # not refused at once: on to the next ballot
            self.room.clear()
            self.vote.clear()
            self.owner_label.clear()
            self.replace.setChecked(False)
            self.room.setFocus()

    def ballot_saved(self, owner_key: str, vote: str, turn: int) -> None:
        """The writer stored the ballot: say so (the list follows when the view reloads).
        `turn` is the write's place in the queue: the writes run in typing order, but two
        workers' reports may reach the UI thread the other way round, so the list and the
        status line follow the turn, not the arrival."""
        owner = self._by_key.get(owner_key)
        chosen = [n for n in vote.split(";") if n]
        latest = all(turn > t for k, t in self._typed_at.items() if k != owner_key)
        self._typed_at[owner_key] = turn
        self.recent = sorted(self._typed_at, key=lambda k: -self._typed_at[k])
        if latest and not self.status.styleSheet():  # a later refusal stays on screen
            self.status.setText(tr("已保存：{o} → {v}").format(
                o=owner.name if owner else owner_key, v=joined(chosen) or tr("都不同意")))
        self.saved.emit()

    def ballot_refused(self, owner_key: str, vote: str, replace: bool, reason: str,
                       duplicate: bool = False) -> None:
        """The writer refused the ballot: it goes back into the entry line and the status line
        says why; for an owner who already has one, how to correct that one instead."""
        owner = self._by_key.get(owner_key)
        if owner is not None:
            chosen = [n for n in vote.split(";") if n]
            self.room.setText(owner.rooms[0] if owner.rooms else owner.name)
            self.vote.setText(" ".join(str(self.names.index(n) + 1) for n in chosen
                                       if n in self.names) or "0")
            self.replace.setChecked(replace)
            self.current = owner
            self.vote.setFocus()
        if duplicate:
            reason += tr("。更正方法：勾选“更正已录入的选票”后在选票栏按回车，"
                         "或在“已录入的选票”中选中它按回车。")
        self._error(self.status, reason)

    # --- correcting ----------------------------------------------------------------------------

    def _selected(self) -> tuple[str, bool] | None:
        index = self.entered_view.currentIndex()
        if not index.isValid():
            return None
        row = self.entered_model.rows[index.row()]
        return row.key, row.paper

    def correct_selected(self) -> bool:
        """The selected paper ballot back in the entry line, marked as a correction."""
        picked = self._selected()
        owner = next((o for o in self.owners if picked and o.key == picked[0]), None)
        if picked is None or owner is None or not picked[1]:
            self._error(self.status, tr("只有纸质选票可以在这里更正"))
            return False
        self.room.setText(owner.rooms[0] if owner.rooms else owner.name)
        self._room_entered()
        vote = self.entered.get(owner.key, "")
        self.vote.setText(" ".join(str(self.names.index(n) + 1) for n in vote.split(";") if n in self.names))
        self.replace.setChecked(True)
        self.status.setStyleSheet("")  # says what Enter will do now, not the last save
        self.status.setText(tr("更正 {o} 的选票：改好编号后回车保存。").format(o=owner.name))
        self.vote.setFocus()
        self.vote.selectAll()
        return True

    def delete_selected(self) -> bool:
        """Take back the selected paper ballot (kept in the history, the owner counts as not
        voted again)."""
        picked = self._selected()
        if picked is None or self._remove is None:
            return False
        if not picked[1]:
            self._error(self.status, tr("电子投票不能在这里删除"))
            return False
        if not self._confirm_delete(picked[0]):
            return False
        if self._remove(picked[0]):
            self.status.setStyleSheet("")
            self.status.setText(tr("已删除一张纸质选票，可重新录入。"))
            self.saved.emit()
            return True
        return False

    def _confirm_delete(self, owner_key: str) -> bool:
        """删除 / 取消, 取消 the default: a stray Del takes nothing back."""
        owner = self._by_key.get(owner_key)
        who = f"{joined(owner.rooms)} {owner.name}" if owner else owner_key
        box = QMessageBox(QMessageBox.Icon.Question, tr("删除选票"),
                          tr("删除 {who} 的纸质选票？删除后该业主算作未投票，可重新录入。").format(
                              who=who), parent=self)
        box.setObjectName("confirmDeleteBallot")
        delete = box.addButton(tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    def _missing_picked(self, index: QModelIndex) -> None:
        owner = self._missing[index.row()] if 0 <= index.row() < len(self._missing) else None
        if owner is not None:
            self.room.setText(owner.rooms[0] if owner.rooms else owner.name)
            self._room_entered()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.entered_view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Delete)):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)


class TallyPanel(QWidget):
    """The live tally: quorum, what is still missing, each candidate, the elected. `shown`
    carries each result (None when there is none) to the entry tab's quorum bars."""

    refresh_requested = Signal()
    shown = Signal(object)  # TallyResult | None

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
        self.shown.emit(result)
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
            lines.append(tr("参与表决已达法定比例：{q}。").format(q=share_text(result.quorum)))
        else:
            lines.append(tr("尚差 {n} 名业主、{m} m² 才达到法定参与比例：{q}。").format(
                n=result.missing_owners, m=result.missing_area, q=share_text(result.quorum)))
        lines.append(tr("当选（应选 {s} 名）：{e}").format(
            s=result.seats, e=joined(result.elected) or tr("暂无")))
        if result.tied:
            lines.append(tr("末位同票：{t}，需另行决定。").format(t=joined(result.tied)))
        lines.append(tr("依据：{s}").format(s=term(result.threshold.origin.source)))
        self.summary.setText("\n".join(lines))

    def any_data(self) -> Any:
        return self.model.records
