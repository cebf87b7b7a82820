"""The 会议 page: meetings newest first, a form to plan one, and the door into meeting mode."""

from __future__ import annotations

import itertools
from datetime import datetime, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import meetings
from app.agenda_rules import load_rules, local_today, local_zone
from app.compound_choices import CompoundChoice, compound_choices
from app.errors import BadInput
from app.meetings import MeetingRow
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.agenda.meeting_mode import MeetingMode
from ui.compound_picker import CompoundPicker
from ui.context import UiContext
from ui.date_edit import DateEdit, TimeEdit
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text
from ui.resources import icon

ItemIndex = QModelIndex | QPersistentModelIndex
HEADERS = (
    QT_TRANSLATE_NOOP("agenda", "时间"), QT_TRANSLATE_NOOP("agenda", "小区"),
    QT_TRANSLATE_NOOP("agenda", "类型"), QT_TRANSLATE_NOOP("agenda", "会议"),
    QT_TRANSLATE_NOOP("agenda", "地点"), QT_TRANSLATE_NOOP("agenda", "状态"),
)
STATUS = {
    "planned": QT_TRANSLATE_NOOP("agenda", "计划"), "open": QT_TRANSLATE_NOOP("agenda", "进行中"),
    "closed": QT_TRANSLATE_NOOP("agenda", "已结束"),
}


class MeetingListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MeetingRow] = []

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return tr(HEADERS[section])
        return None

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (
            row.held_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M"), row.compound_name,
            labels.meeting_kind(row.kind), row.title, row.place, status_text(row),
        )[index.column()]


def status_text(row: MeetingRow) -> str:
    """计划 / 进行中 19:32 / 已结束 19:32–21:05 (local times)."""
    times = [moment.astimezone(local_zone()).strftime("%H:%M")
             for moment in (row.started_at, row.ended_at) if moment is not None]
    word = tr(STATUS.get(row.status, row.status))
    return f"{word} {'–'.join(times)}" if times else word


class MeetingsWidget(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mode: MeetingMode | None = None
        self._compounds_stale = True  # the picker's list is read again on the next reload
        self.model = MeetingListModel(self)
        self._build_list()
        self._build_actions()
        form_box = self._build_form()
        right = QVBoxLayout()
        right.addWidget(form_box)
        for button in (self.open_button, self.start_button, self.end_button, self.print_signin,
                       self.print_minutes):
            right.addWidget(button)
        right.addWidget(self.action_error)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(right, 1)
        ctx.reloads.watch_tables(self, self._data_changed, ("meetings", "compounds"), "meetings")
        self._update_actions()

    def _build_list(self) -> None:
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setObjectName("meetingList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setColumnWidth(0, 140)  # "2026-03-12 19:30" on one line
        self.table.setColumnWidth(4, 150)
        self.table.setColumnWidth(5, 170)  # "已结束 19:32–21:05"
        self.table.setToolTip(tr("双击或回车进入会议模式"))
        self.table.activated.connect(lambda index: self.open_meeting_mode(self.model.rows[index.row()].id))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

    def _build_actions(self) -> None:
        """The selected meeting's buttons: meeting mode, start, end, the two papers."""
        self.open_button = QPushButton(tr("进入会议模式（全屏）"))
        self.open_button.setObjectName("openMeetingMode")
        self.open_button.clicked.connect(self._open_selected)
        self.start_button = QPushButton(tr("开始会议"))
        self.start_button.setObjectName("startMeeting")
        self.start_button.clicked.connect(lambda: self.move_selected("start"))
        self.end_button = QPushButton(tr("结束会议"))
        self.end_button.setObjectName("endMeeting")
        self.end_button.clicked.connect(lambda: self.move_selected("end"))
        self.print_signin = QPushButton(icon("print"), tr("打印签到表…"))
        self.print_signin.setObjectName("printSigninSheet")
        self.print_signin.clicked.connect(lambda: self.print_selected("signin-sheet"))
        self.print_minutes = QPushButton(icon("print"), tr("打印会议纪要…"))
        self.print_minutes.setObjectName("printMinutes")
        self.print_minutes.clicked.connect(lambda: self.print_selected("minutes"))
        self.action_error = QLabel()
        self.action_error.setObjectName("meetingActionError")
        self.action_error.setStyleSheet("color: #b3261e;")
        self.action_error.setWordWrap(True)

    def _build_form(self) -> QGroupBox:
        """新建会议: compound (picked, never defaulted), kind, day and time, place."""
        self.compound = CompoundPicker([])
        self.compound_holder = QWidget()
        holder = QVBoxLayout(self.compound_holder)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(self.compound)
        self.kind = QComboBox()
        for key in load_rules().meeting_kinds:
            self.kind.addItem(labels.meeting_kind(key), key)
        now = datetime.now(local_zone())  # the caseworker's clock, whatever the machine's zone
        self.held_on = DateEdit(now.date(), prefer="future")
        self.held_on.setObjectName("meetingDay")
        self.held_time = TimeEdit(time(now.hour, 0))
        self.held_time.setObjectName("meetingTime")
        self.place = QLineEdit()
        self.place.setPlaceholderText(tr("如：小区党群服务站"))
        self.prefill = QCheckBox(tr("带入本小区各方参会人和待议事项"))
        self.prefill.setObjectName("prefillMeeting")
        self.prefill.setChecked(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.create_button = create = QPushButton(tr("新建会议"))
        create.setObjectName("createMeeting")
        create.clicked.connect(self.create_meeting)
        self.place.returnPressed.connect(self.create_meeting)
        form_box = QGroupBox(tr("新建会议"))
        form = QFormLayout(form_box)
        form.addRow(tr("小区"), self.compound_holder)
        form.addRow(tr("类型"), self.kind)
        form.addRow(tr("日期"), self.held_on)  # its own row: what was read has room beside it
        form.addRow(tr("时间"), self.held_time)
        form.addRow(tr("地点"), self.place)
        form.addRow(self.prefill)
        form.addRow(self.error)
        form.addRow(create)
        return form_box

    def reload(self) -> None:
        current = self.selected_meeting()
        with self.ctx.store.session() as s:
            rows = meetings.list_meetings(s)
            choices = compound_choices(s) if self._compounds_stale else None
        if choices is not None:
            self._set_compounds(choices)
            self._compounds_stale = False
        self.model.set_rows(rows)
        if current is not None:
            self.select_meeting(current.id)
        self._update_actions()

    def _set_compounds(self, choices: list[CompoundChoice]) -> None:
        """A new picker over `choices`, keeping the pick when that compound is still there."""
        picked = self.compound.compound_id()
        old, self.compound = self.compound, CompoundPicker(choices, compound_id=picked)
        layout = self.compound_holder.layout()
        assert layout is not None
        layout.replaceWidget(old, self.compound)
        old.deleteLater()
        self._tab_order()

    def _tab_order(self) -> None:
        """The form top to bottom, then the list and the selected meeting's buttons (the
        picker by its field: ordering the picker itself would put its pop-up list in the way)."""
        order = [self.compound.edit, self.kind, self.held_on.field, self.held_time, self.place, self.prefill,
                 self.create_button, self.table, self.open_button, self.start_button,
                 self.end_button, self.print_signin, self.print_minutes]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _data_changed(self, tables: frozenset[str]) -> None:
        if tables & {"", "compounds"}:
            self._compounds_stale = True
        self.reload()

    def create_meeting(self) -> str | None:
        """Plan a meeting from the form; it is selected in the list once made."""
        compound_id = self.compound.compound_id()
        if not compound_id:
            self.error.setText(tr("请先选定小区：输入名称或拼音首字母，从列表中选择"))
            self.compound.setFocus()
            return None
        if not self.held_on.commit():
            self.error.setText(self.held_on.message())
            return None
        self.held_time.commit()
        day = self.held_on.value() or local_today()
        held = datetime.combine(day, self.held_time.value(), tzinfo=local_zone())
        try:
            with self.ctx.store.transaction() as s:
                meeting = meetings.create_meeting(
                    s, compound_id=compound_id, kind=str(self.kind.currentData()), held_at=held,
                    place=self.place.text(), prefill=self.prefill.isChecked())
                meeting_id = meeting.id
        except BadInput as exc:
            self.error.setText(error_text(exc))
            return None
        self.compound.remember()
        self.error.clear()
        self.reload()
        self.select_meeting(meeting_id)
        self.table.setFocus()
        self.ctx.changed("meetings")
        return meeting_id

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """{"meeting_id": …}: select that meeting (我的待办 opens it); the list is read first."""
        if filters.get("meeting_id"):
            self.reload()
            self.select_meeting(str(filters["meeting_id"]))
            self.table.setFocus()

    def select_meeting(self, meeting_id: str) -> bool:
        row = next((n for n, r in enumerate(self.model.rows) if r.id == meeting_id), None)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_meeting(self) -> MeetingRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def move_selected(self, step: str) -> bool:
        """开始会议 / 结束会议 for the selected meeting; a refusal is shown under the buttons."""
        row = self.selected_meeting()
        if row is None:
            return False
        try:
            with self.ctx.store.transaction() as s:
                (meetings.start_meeting if step == "start" else meetings.end_meeting)(s, row.id)
        except BadInput as exc:
            self.action_error.setText(error_text(exc))
            return False
        self.action_error.clear()
        self.reload()
        self.ctx.changed("meetings")
        return True

    def _update_actions(self) -> None:
        """Start while planned, end while open; the sign-in sheet from planning on, the minutes
        once the meeting has ended."""
        row = self.selected_meeting()
        for button in (self.open_button, self.print_signin):
            button.setEnabled(row is not None)
        self.start_button.setEnabled(row is not None and row.status == "planned")
        self.end_button.setEnabled(row is not None and row.status == "open")
        self.print_signin.setToolTip(tr("打印所选会议的签到表") if row else tr("先选择一场会议"))
        ready = row is not None and row.status == "closed"
        self.print_minutes.setEnabled(ready)
        self.print_minutes.setToolTip(
            tr("打印所选会议的会议纪要") if ready
            else tr("会议结束后才有会议纪要") if row else tr("先选择一场会议"))

    def print_selected(self, kind: str) -> Any:
        """打印: the sign-in sheet or minutes of the selected meeting, in the preview window."""
        row = self.selected_meeting()
        if row is None or (kind == "minutes" and row.status != "closed"):
            return None
        return self.print_meeting(kind, row.id)

    def print_meeting(self, kind: str, meeting_id: str) -> Any:
        from ui.printing.preview import show_document

        return show_document(self.ctx, kind, meeting_id)

    def _open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_meeting_mode(self.model.rows[index.row()].id)

    def open_meeting_mode(self, meeting_id: str, full_screen: bool = True) -> MeetingMode:
        mode = MeetingMode(self.ctx.store, meeting_id, on_change=self.ctx.changed,
                           print_minutes=lambda: self.print_meeting("minutes", meeting_id))
        mode.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mode.closed.connect(self.reload)
        if full_screen:
            mode.showFullScreen()
        else:
            mode.show()
        self.mode = mode
        return mode

