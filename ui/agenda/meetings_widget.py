"""The 会议 page: meetings newest first, a form to plan one, and the door into meeting mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
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

from app import agenda, meetings
from app.agenda_rules import load_rules, local_zone
from app.errors import BadInput
from app.meetings import MeetingRow
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.agenda.meeting_mode import MeetingMode
from ui.context import UiContext
from ui.resources import icon

ItemIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("时间", "小区", "类型", "会议", "地点", "状态")
STATUS = {"planned": "计划", "open": "进行中", "closed": "已结束"}


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
            labels.meeting_kind(row.kind), row.title, row.place, tr(STATUS.get(row.status, row.status)),
        )[index.column()]


class MeetingsWidget(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mode: MeetingMode | None = None
        self.model = MeetingListModel(self)
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
        self.table.setToolTip(tr("双击或回车进入会议模式"))
        self.table.activated.connect(lambda index: self.open_meeting_mode(self.model.rows[index.row()].id))
        self.open_button = QPushButton(tr("进入会议模式（全屏）"))
        self.open_button.setObjectName("openMeetingMode")
        self.open_button.clicked.connect(self._open_selected)
        self.print_signin = QPushButton(icon("print"), tr("打印签到表…"))
        self.print_signin.setObjectName("printSigninSheet")
        self.print_signin.clicked.connect(lambda: self.print_selected("signin-sheet"))
        self.print_minutes = QPushButton(icon("print"), tr("打印会议纪要…"))
        self.print_minutes.setObjectName("printMinutes")
        self.print_minutes.clicked.connect(lambda: self.print_selected("minutes"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_print())

        self.compound = QComboBox()
        self.compound.setEditable(True)
        self.compound.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kind = QComboBox()
        for key, label in load_rules().meeting_kinds.items():
            self.kind.addItem(label, key)
        self.held_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.held_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.held_at.setCalendarPopup(True)
        self.place = QLineEdit()
        self.place.setPlaceholderText(tr("如：小区党群服务站"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        create = QPushButton(tr("新建会议"))
        create.setObjectName("createMeeting")
        create.clicked.connect(self.create_meeting)
        form_box = QGroupBox(tr("新建会议"))
        form = QFormLayout(form_box)
        form.addRow(tr("小区"), self.compound)
        form.addRow(tr("类型"), self.kind)
        form.addRow(tr("时间"), self.held_at)
        form.addRow(tr("地点"), self.place)
        form.addRow(self.error)
        form.addRow(create)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addWidget(self.open_button)
        right.addWidget(self.print_signin)
        right.addWidget(self.print_minutes)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(right, 1)
        ctx.bus.data_changed.connect(self._data_changed)
        self._update_print()

    def reload(self) -> None:
        with self.ctx.store.session() as s:
            rows = meetings.list_meetings(s)
            compounds = agenda.compound_choices(s)
        self.model.set_rows(rows)
        self._update_print()
        if self.compound.count() != len(compounds):
            self.compound.clear()
            for cid, name, _sid, street in compounds:
                self.compound.addItem(f"{name}（{street}）", cid)

    def _data_changed(self, table: str) -> None:
        if table in ("", "meetings", "compounds"):
            self.reload()

    def create_meeting(self) -> str | None:
        held = self.held_at.dateTime().toPython()
        assert isinstance(held, datetime)
        try:
            with self.ctx.store.transaction() as s:
                meeting = meetings.create_meeting(
                    s, compound_id=str(self.compound.currentData() or ""),
                    kind=str(self.kind.currentData()), held_at=held.replace(tzinfo=local_zone()),
                    place=self.place.text())
                meeting_id = meeting.id
        except BadInput as exc:
            self.error.setText(str(exc))
            return None
        self.error.clear()
        self.reload()
        self.ctx.changed("meetings")
        return meeting_id

    def selected_meeting(self) -> MeetingRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _update_print(self) -> None:
        """The sign-in sheet exists from planning on; minutes once the meeting has started."""
        row = self.selected_meeting()
        self.print_signin.setEnabled(row is not None)
        self.print_signin.setToolTip(tr("打印所选会议的签到表") if row else tr("先选择一场会议"))
        ready = row is not None and row.status != "planned"
        self.print_minutes.setEnabled(ready)
        self.print_minutes.setToolTip(
            tr("打印所选会议的会议纪要") if ready
            else tr("会议开始后才有会议纪要") if row else tr("先选择一场会议"))

    def print_selected(self, kind: str) -> Any:
        """打印: the sign-in sheet or minutes of the selected meeting, in the preview window."""
        row = self.selected_meeting()
        if row is None or (kind == "minutes" and row.status == "planned"):
            return None
        from ui.printing.preview import show_document

        return show_document(self.ctx, kind, row.id)

    def _open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_meeting_mode(self.model.rows[index.row()].id)

    def open_meeting_mode(self, meeting_id: str, full_screen: bool = True) -> MeetingMode:
        mode = MeetingMode(self.ctx.store, meeting_id, on_change=self.ctx.changed)
        mode.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mode.closed.connect(self.reload)
        if full_screen:
            mode.showFullScreen()
        else:
            mode.show()
        self.mode = mode
        return mode
