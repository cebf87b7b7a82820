"""The 我的待办 list as one flat table: a heading row per group (已逾期 / 本周到期 / 近期) and
the rows due under it. Flat, so a district's thousands of rows cost one model reset."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app import my_work
from app.agenda_rules import local_today
from app.elections.stages import kind_name, stage_name
from app.my_work import MyWork, WorkRow
from ui.agenda import labels as agenda_labels
from ui.i18n import QT_TRANSLATE_NOOP
from ui.terms import term

OVERDUE_COLOR = QColor("#b3261e")
HEADING_BACKGROUND = QColor("#eef2f7")
ROW_ROLE = Qt.ItemDataRole.UserRole + 20


def tr(text: str) -> str:
    return QCoreApplication.translate("MyWork", text)


def group_title(group: str) -> str:
    return {my_work.OVERDUE: tr("已逾期"), my_work.WEEK: tr("本周到期"),
            my_work.SOON: tr("近期")}[group]


def day_text(day: date, today: date) -> str:
    """A date as the caseworker reads it: 12月3日 周四 (the year too when it is not this one)."""
    shape = tr("M月d日 ddd") if day.year == today.year else tr("yyyy年M月d日 ddd")
    return QLocale().toString(QDate(day.year, day.month, day.day), shape)


def left_text(day: date, today: date) -> str:
    days = (day - today).days
    if days < 0:
        return tr("逾期 {n} 天").format(n=-days)
    if days == 0:
        return tr("今天到期")
    return tr("还有 {n} 天").format(n=days)


# Kind and stage names of the rules file that the shared labels do not hold (re-election,
# early re-election and by-election wording), for the English screen.
RULE_WORDS = (
    QT_TRANSLATE_NOOP("MyWork", "提前换届"), QT_TRANSLATE_NOOP("MyWork", "换届时机关"),
    QT_TRANSLATE_NOOP("MyWork", "提前换届时机关"), QT_TRANSLATE_NOOP("MyWork", "补选时机关"),
    QT_TRANSLATE_NOOP("MyWork", "成立换届小组"), QT_TRANSLATE_NOOP("MyWork", "换届小组人选关"),
    QT_TRANSLATE_NOOP("MyWork", "补选委员就任"),
)


def _word(name: str) -> str:
    """An election kind or stage as the rules word it, in the UI's language (ui/terms.py)."""
    return term(name)


def what_text(row: WorkRow) -> str:
    """What is due, in words."""
    p = row.params
    if row.what == my_work.ELECTION_STAGE:
        return tr("{kind}：{stage}阶段的办理期限").format(
            kind=_word(kind_name(p["kind"])), stage=_word(stage_name(p["stage"], p["kind"])))
    if row.what == my_work.FIRST_MEETING:
        return tr("{kind}：业主委员会首次会议期限").format(kind=_word(kind_name(p["kind"])))
    if row.what == my_work.FILING:
        return tr("{kind}：选举结果备案期限").format(kind=_word(kind_name(p["kind"])))
    if row.what == my_work.TERM_END:
        return tr("业主委员会任期届满（换届已启动）") if p["under_way"] else \
            tr("业主委员会任期届满，尚未启动换届")
    if row.what == my_work.AGENDA_DEADLINE:
        return tr("议事“{title}”（{stage}）办理期限").format(
            title=p["title"], stage=agenda_labels.stage(p["stage"]))
    if row.what == my_work.AGENDA_ANSWER:
        return tr("议事“{title}”已办完，待回音").format(title=p["title"])
    if row.what == my_work.AGENDA_REFERRED:
        return tr("议事“{title}”吹哨报到：{to}答复期限").format(title=p["title"], to=p["to"])
    kind = agenda_labels.meeting_kind(p["kind"])
    title = p["title"] or kind
    if row.what == my_work.MEETING_PLANNED:
        return tr("会议“{title}”计划召开").format(title=title)
    if row.what == my_work.MEETING_OPEN:
        return tr("会议“{title}”已开始，尚未结束").format(title=title)
    return tr("会议“{title}”已结束，会议纪要待打印").format(title=title)


class MyWorkModel(QAbstractTableModel):
    """Columns: 到期日, 剩余, 小区, 事项. A heading row spans the table (see `heading_rows`)."""

    HEADERS = (QT_TRANSLATE_NOOP("MyWork", "到期日"), QT_TRANSLATE_NOOP("MyWork", "剩余"),
               QT_TRANSLATE_NOOP("MyWork", "小区"), QT_TRANSLATE_NOOP("MyWork", "事项"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = local_today()
        self.lines: list[tuple[str, int] | WorkRow] = []  # (group, count) headings and rows

    def set_work(self, work: MyWork) -> None:
        self.beginResetModel()
        self.today = work.today
        self.lines = []
        for group in my_work.GROUPS:
            rows = work.in_group(group)
            if rows:
                self.lines.append((group, len(rows)))
                self.lines.extend(rows)
        self.endResetModel()

    def heading_rows(self) -> list[int]:
        return [n for n, line in enumerate(self.lines) if isinstance(line, tuple)]

    def work_row(self, row: int) -> WorkRow | None:
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        return line if isinstance(line, WorkRow) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return tr(self.HEADERS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.work_row(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: not selectable, the keys skip it
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if isinstance(line, tuple):
            return self._heading(line, index.column(), role)
        if role == ROW_ROLE:
            return line
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return day_text(line.due, self.today)
            if column == 1:
                return left_text(line.due, self.today)
            if column == 2:
                return line.compound
            return what_text(line)
        if role == Qt.ItemDataRole.ForegroundRole and line.due < self.today:
            return QBrush(OVERDUE_COLOR)
        return None

    def _heading(self, line: tuple[str, int], column: int, role: int) -> Any:
        group, count = line
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return tr("{group}（{n}）").format(group=group_title(group), n=count)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and group == my_work.OVERDUE:
            return QBrush(OVERDUE_COLOR)
        return None
