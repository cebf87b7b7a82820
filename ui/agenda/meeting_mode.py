"""Meeting mode: a full-screen page used at the meeting table, offline, keyboard first.

Attendance ticks, then item after item: each party's position, the decision, the responsible
party and the deadline, typed with Tab/Enter and shortcuts. Typed text is committed to the local
store after AUTOSAVE_IDLE_MS of no typing, and at once when the field loses focus, the item
changes, the item is decided or the window closes (one small transaction per field); ticks and
dates are committed at once. A crash or a kill loses at most the last fraction of a second of
typing, and the outbox gets one entry per pause instead of several per keystroke.

The cursor starts at attendance (①) and Tab walks ① sign-in → ② items → ③ positions → ④ the
decision → ⑤ minutes → the meeting's buttons; the field with the cursor is outlined.

Keys: Tab/Enter next field · Ctrl+Enter decide the item (→ 定) · Ctrl+PgDn / Ctrl+PgUp next /
previous item · Ctrl+I then Enter add an item · Ctrl+L sign-in list · Ctrl+J minutes · F5 start
the meeting · F8 end it · Ctrl+P print the minutes (once ended) · Ctrl++ / Ctrl+- larger text for
a projector · Esc leave.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import meetings
from app.agenda_rules import local_zone
from app.errors import BadInput
from app.meetings import AttendeeView, MeetingItemView, MeetingView
from db.store import Store
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.date_edit import DateEdit
from ui.operations import error_text
from ui.terms import label_term

ItemIndex = QModelIndex | QPersistentModelIndex
STATUS_COLORS = {"planned": "#6d4c41", "open": "#1565c0", "closed": "#1b6e3a"}
LARGE_TEXT = 1.4  # the projector's text size against the normal one
# The field with the cursor is outlined, so the Tab order can be followed from across the room.
FOCUS_STYLE = (
    "QLineEdit:focus, QPlainTextEdit:focus, QListView:focus, QComboBox:focus,"
    " QPushButton:focus { border: 3px solid #1565c0; border-radius: 3px; }"
)
DONE_COLOR = QColor("#1b6e3a")
AUTOSAVE_IDLE_MS = 400


class _RowsModel(QAbstractListModel):
    """A list model over a Python list of rows, replaced whole when the meeting reloads."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, index: ItemIndex) -> Any | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]


class AttendanceModel(_RowsModel):
    """Attendees with a check box each: ticking signs them in (saved at once by the page)."""

    sign_in_changed = Signal(str, bool)
    rows: list[AttendeeView]

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("{name}（{role}）").format(name=row.name, role=labels.role(row.role))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.signed_in else Qt.CheckState.Unchecked
        return None

    def flags(self, index: ItemIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: ItemIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        row = self.rows[index.row()]
        self.rows[index.row()] = AttendeeView(row.id, row.name, row.role, checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.sign_in_changed.emit(row.id, checked)
        return True


class MeetingItemsModel(_RowsModel):
    """The meeting's items in order, marked once decided."""

    rows: list[MeetingItemView]

    def data(self, index: ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {row.title}  [{labels.stage(row.stage)}]"
        if role == Qt.ItemDataRole.ForegroundRole and row.stage not in ("listen", "discuss"):
            return QBrush(DONE_COLOR)
        return None


class MeetingMode(QWidget):
    """The meeting-mode window for one meeting. `closed` is emitted when the user leaves."""

    closed = Signal()
    saved = Signal(str)  # what was saved (field name), after each commit

    def __init__(self, store: Store, meeting_id: str, parent: QWidget | None = None,
                 on_change: Callable[[str], None] | None = None,
                 print_minutes: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.meeting_id = meeting_id
        self.on_change = on_change
        self._print_minutes = print_minutes
        self._base_font = QFont(self.font())
        self.current = 0
        self.view: MeetingView
        self._loading = False
        self._deadline_refusal = ""  # why the deadline typed for the current item was refused
        self._pending: dict[str, Callable[[], object]] = {}  # field → its deferred commit
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_IDLE_MS)
        self._autosave.timeout.connect(self.flush_pending)
        self.setObjectName("meetingMode")
        self.setWindowTitle(tr("会议模式"))
        self._build()
        self._shortcuts()
        self.set_large_text(False)
        self.reload()
        self.go_to(0)
        self.attendance_view.setCurrentIndex(self.attendance.index(0))
        self.attendance_view.setFocus()  # the order starts at attendance (①)

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        with self.store.session() as s:
            roles = {k: label_term(v) for k, v in meetings.meeting_roles(s, self.meeting_id).items()}  # 以居代业
        left = QVBoxLayout()
        left.addWidget(self._build_sign_in(roles), 1)
        left.addWidget(self._build_items(), 1)
        centre = self._build_current(roles)
        minutes_box = QGroupBox(tr("⑤ 会议纪要 (Ctrl+J)"))
        self.minutes = QPlainTextEdit()
        self.minutes.setObjectName("minutes")
        self.minutes.setTabChangesFocus(True)
        self.minutes.textChanged.connect(self._save_minutes)
        QVBoxLayout(minutes_box).addWidget(self.minutes)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        scroll = QScrollArea()  # larger text may need more room than a laptop has: it scrolls
        scroll.setObjectName("currentItemArea")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder.setLayout(centre)
        scroll.setWidget(holder)
        body.addWidget(scroll, 4)
        body.addWidget(minutes_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_top())
        layout.addLayout(body, 1)
        order = [self.attendance_view, self.new_name, self.new_role, self.items_view, self.add_box,
                 self.add_button, *self.position_edits.values(), self.decision, self.responsible,
                 self.deadline.field, self.decide_button, self.prev_button, self.next_button,
                 self.minutes, self.start_button, self.end_button, self.print_button,
                 self.large_text, self.leave_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        for widget in (*self.position_edits.values(), self.decision, self.responsible, self.minutes):
            widget.installEventFilter(self)  # leaving a field saves it at once
        self.add_box.installEventFilter(self)  # Enter on the picked item puts it on the table

    def _build_top(self) -> QHBoxLayout:
        """Heading, where the meeting stands, start / end / print, larger text, leave."""
        self.heading = QLabel()
        self.heading.setObjectName("meetingHeading")
        self.status_label = QLabel()
        self.status_label.setObjectName("meetingStatus")
        self.saved_label = QLabel(tr("所有内容随输随存，无需联网"))
        self.saved_label.setObjectName("savedLabel")
        self.start_button = QPushButton(tr("开始会议 (F5)"))
        self.start_button.setObjectName("startMeeting")
        self.start_button.clicked.connect(self.start)
        self.end_button = QPushButton(tr("结束会议 (F8)"))
        self.end_button.setObjectName("endMeeting")
        self.end_button.clicked.connect(self.end)
        self.print_button = QPushButton(tr("打印会议纪要 (Ctrl+P)"))
        self.print_button.setObjectName("printMinutesInMode")
        self.print_button.clicked.connect(self.print_minutes)
        self.print_button.setVisible(self._print_minutes is not None)
        self.large_text = QPushButton(tr("大字 (Ctrl++)"))
        self.large_text.setObjectName("largeText")
        self.large_text.setCheckable(True)
        self.large_text.setToolTip(tr("投影时放大全部文字"))
        self.large_text.toggled.connect(self.set_large_text)
        self.leave_button = QPushButton(tr("退出会议模式 (Esc)"))
        self.leave_button.setObjectName("leaveMeetingMode")
        self.leave_button.clicked.connect(self.leave)
        for label in (self.heading, self.saved_label):  # long titles never widen the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setWordWrap(True)  # a long title goes on a second line, never cut off
        self._button_words = {
            self.start_button: (tr("开始会议 (F5)"), tr("开始会议")),
            self.end_button: (tr("结束会议 (F8)"), tr("结束会议")),
            self.print_button: (tr("打印会议纪要 (Ctrl+P)"), tr("打印纪要")),
            self.large_text: (tr("大字 (Ctrl++)"), tr("大字")),
            self.leave_button: (tr("退出会议模式 (Esc)"), tr("退出")),
        }
        top = QHBoxLayout()
        top.addWidget(self.heading, 3)
        top.addWidget(self.status_label)
        top.addWidget(self.saved_label, 1)
        for widget in (self.start_button, self.end_button, self.print_button, self.large_text,
                       self.leave_button):
            top.addWidget(widget)
        return top

    def _build_sign_in(self, roles: dict[str, str]) -> QGroupBox:
        """① 签到: the invited, ticked with the space bar; a name typed and Enter adds one."""
        self.attendance = AttendanceModel(self)
        self.attendance.sign_in_changed.connect(self._sign_in)
        self.attendance_view = QListView()
        self.attendance_view.setObjectName("attendance")
        self.attendance_view.setModel(self.attendance)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newAttendeeName")
        self.new_name.setPlaceholderText(tr("姓名，回车添加"))
        self.new_role = QComboBox()
        self.new_role.setObjectName("newAttendeeRole")
        for key, label in roles.items():
            self.new_role.addItem(label, key)
        self.new_name.returnPressed.connect(self.add_attendee)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.new_role)
        sign_box = QGroupBox(tr("① 签到 (Ctrl+L，空格勾选)"))
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.addWidget(self.attendance_view, 1)
        sign_layout.addLayout(add_row)
        return sign_box

    def _build_items(self) -> QGroupBox:
        """② 议题: the items on the table, and the compound's others to add (Ctrl+I, Enter)."""
        self.items_model = MeetingItemsModel(self)
        self.items_view = QListView()
        self.items_view.setObjectName("meetingItems")
        self.items_view.setModel(self.items_model)
        self.items_view.clicked.connect(lambda index: self.go_to(index.row()))
        self.items_view.activated.connect(lambda index: self.go_to(index.row(), focus=True))
        self.add_box = QComboBox()
        self.add_box.setObjectName("addItemBox")
        for box in (self.add_box, self.new_role):  # long titles never widen the column
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
        self.add_button = QPushButton(tr("上会 (Ctrl+I，回车)"))
        self.add_button.setObjectName("addItemButton")
        self.add_button.clicked.connect(self.add_selected_item)
        add_item_row = QHBoxLayout()
        add_item_row.addWidget(self.add_box, 1)
        add_item_row.addWidget(self.add_button)
        items_box = QGroupBox(tr("② 议题"))
        items_layout = QVBoxLayout(items_box)
        items_layout.addWidget(self.items_view, 1)
        items_layout.addLayout(add_item_row)
        return items_box

    def _build_current(self, roles: dict[str, str]) -> QVBoxLayout:
        """③ each party's position and ④ the decision on the current item, with the item nav."""
        self.item_title = QLabel()
        self.item_title.setObjectName("itemTitle")
        self.item_title.setWordWrap(True)
        self.item_description = QLabel()
        self.item_description.setWordWrap(True)
        positions = QGroupBox(tr("③ 各方意见（听、议）"))
        grid = QGridLayout(positions)
        self.position_edits: dict[str, QLineEdit] = {}
        for row, (key, label) in enumerate(roles.items()):
            edit = QLineEdit()
            edit.setObjectName(f"position_{key}")
            edit.setPlaceholderText(tr("{party}的意见").format(party=label))
            edit.textChanged.connect(lambda text, k=key: self._save_position(k, text))
            edit.returnPressed.connect(self.focusNextChild)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(edit, row, 1)
            self.position_edits[key] = edit
        centre = QVBoxLayout()
        centre.addWidget(self.item_title)
        centre.addWidget(self.item_description)
        centre.addWidget(positions)
        centre.addWidget(self._build_decision())
        self.item_error = QLabel()
        self.item_error.setObjectName("itemError")
        self.item_error.setWordWrap(True)
        self.item_error.setStyleSheet("color: #b3261e; font-weight: bold;")
        centre.addWidget(self.item_error)
        centre.addStretch(1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(tr("上一项 (Ctrl+PgUp)"))
        self.prev_button.clicked.connect(lambda: self.go_to(self.current - 1))
        self.next_button = QPushButton(tr("下一项 (Ctrl+PgDn)"))
        self.next_button.clicked.connect(lambda: self.go_to(self.current + 1))
        self.position_label = QLabel()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.position_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        centre.addLayout(nav)
        return centre

    def _build_decision(self) -> QGroupBox:
        decision_box = QGroupBox(tr("④ 决定（定）"))
        form = QFormLayout(decision_box)
        self.decision = QPlainTextEdit()
        self.decision.setObjectName("decision")
        self.decision.setTabChangesFocus(True)
        self.decision.setFixedHeight(90)
        self.decision.setPlaceholderText(tr("会议决定的内容"))
        self.decision.textChanged.connect(
            lambda: self._save_item("decision", decision=self.decision.toPlainText()))
        self.responsible = QLineEdit()
        self.responsible.setObjectName("responsible")
        self.responsible.setPlaceholderText(tr("如：物业企业、业委会、社区工作站"))
        self.responsible.textChanged.connect(
            lambda text: self._save_item("responsible_party", responsible_party=text))
        self.responsible.returnPressed.connect(self.focusNextChild)
        self.deadline = DateEdit(optional=True, prefer="future")
        self.deadline.setObjectName("deadline")
        self.deadline.value_changed.connect(self._save_deadline)
        self.deadline.field.returnPressed.connect(self.focusNextChild)
        self.decide_button = QPushButton(tr("作出决定，转入「定」 (Ctrl+Enter)"))
        self.decide_button.setObjectName("decideButton")
        self.decide_button.clicked.connect(self.decide)
        form.addRow(tr("决定内容"), self.decision)
        form.addRow(tr("责任方"), self.responsible)
        form.addRow(tr("办理期限"), self.deadline)
        form.addRow("", self.decide_button)
        return decision_box

    def _shortcuts(self) -> None:
        def bind(keys: str | QKeySequence.StandardKey, action: Callable[[], object]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

        bind("Ctrl+Return", self.decide)
        bind("Ctrl+Enter", self.decide)
        bind("Ctrl+PgDown", lambda: self.go_to(self.current + 1, focus=True))
        bind("Ctrl+PgUp", lambda: self.go_to(self.current - 1, focus=True))
        bind("Ctrl+I", self.add_box.setFocus)
        bind("Ctrl+L", self.attendance_view.setFocus)
        bind("Ctrl+J", self.minutes.setFocus)
        bind("F5", self.start)
        bind("F8", self.end)
        bind(QKeySequence.StandardKey.Print, self.print_minutes)
        bind(QKeySequence.StandardKey.ZoomIn, lambda: self.large_text.setChecked(True))
        bind(QKeySequence.StandardKey.ZoomOut, lambda: self.large_text.setChecked(False))
        bind("Esc", self.leave)

    def set_large_text(self, on: bool) -> None:
        """Projector text: every label, field and list LARGE_TEXT times its size."""
        self.large_text.setChecked(on)
        scale = LARGE_TEXT if on else 1.0
        # through the style sheet: with one set, a font set on the window reaches no child
        base = self._base_font.pointSizeF()
        size = f"{base * scale:.1f}pt" if base > 0 else f"{round(self._base_font.pixelSize() * scale)}px"
        self.setStyleSheet(FOCUS_STYLE + (f" QWidget {{ font-size: {size}; }}" if on else ""))
        for button, (long, short) in self._button_words.items():  # keys stay in the tooltips
            button.setText(short if on else long)
            button.setToolTip(long)
        self.heading.setStyleSheet(f"font-size: {round(20 * scale)}px; font-weight: bold;")
        self.item_title.setStyleSheet(f"font-size: {round(18 * scale)}px; font-weight: bold;")
        self.decision.setFixedHeight(round(90 * scale))

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.flush_pending()  # what was typed goes in before the store is read back
        with self.store.session() as s:
            self.view = meetings.meeting_view(s, self.meeting_id)
            candidates = meetings.items_for_meeting(s, self.meeting_id)
        view = self.view
        when = view.held_at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")
        kind = labels.meeting_kind(view.kind)
        parts = [when, view.title if labels.meeting_kind_word(view.kind) in view.title else f"{view.title} · {kind}", view.place]
        self.heading.setText(" · ".join(p for p in parts if p))
        self.heading.setToolTip(self.heading.text())
        self._show_status()
        self.attendance.set_rows(view.attendees)
        self.items_model.set_rows(view.items)
        self.add_box.clear()
        for item_id, title, stage in candidates:
            self.add_box.addItem(f"{title}  [{labels.stage(stage)}]", item_id)
        if not candidates:
            self.add_box.addItem(tr("本小区没有待议事项"), None)
        if self.minutes.toPlainText() != view.minutes:
            self._loading = True
            self.minutes.setPlainText(view.minutes)
            self._loading = False

    def current_item(self) -> MeetingItemView | None:
        items = self.view.items
        return items[self.current] if 0 <= self.current < len(items) else None

    def go_to(self, index: int, focus: bool = False) -> None:
        """Show item `index` (clamped) in the editors, after saving what was typed; `focus`
        puts the cursor in its first position field."""
        self.flush_pending()
        items = self.view.items
        self.current = max(0, min(index, len(items) - 1)) if items else 0
        item = self.current_item()
        self._loading = True
        try:
            editable = item is not None and item.stage in ("listen", "discuss")
            for key, edit in self.position_edits.items():
                edit.setText(item.positions.get(key, "") if item else "")
                edit.setEnabled(editable)
            self.decision.setPlainText(item.decision if item else "")
            self.responsible.setText(item.responsible_party if item else "")
            self.deadline.set_value(item.deadline if item else None)
            for widget in (self.decision, self.responsible, self.deadline, self.decide_button):
                widget.setEnabled(editable)
        finally:
            self._loading = False
        self.item_error.clear()
        self._deadline_refusal = ""
        if item is None:
            self.item_title.setText(tr("还没有议题：在左下方选择事项，按“上会”加入"))
            self.item_description.clear()
            self.position_label.clear()
            return
        state = "" if item.stage in ("listen", "discuss") else tr("（已决定：{stage}）").format(
            stage=labels.stage(item.stage))
        self.item_title.setText(f"{item.title}{state}")
        self.item_description.setText(item.description)
        self.position_label.setText(tr("第 {n} / {total} 项").format(n=self.current + 1, total=len(items)))
        self.items_view.setCurrentIndex(self.items_model.index(self.current))
        if editable and focus:
            next(iter(self.position_edits.values())).setFocus()

    # --- autosave ----------------------------------------------------------------------------

    def _commit(self, what: str, work: Callable[[Any], object]) -> bool:
        """One field edit = one committed transaction. Refusals are shown, not lost silently."""
        try:
            with self.store.transaction() as s:
                work(s)
        except BadInput as exc:
            self.item_error.setText(error_text(exc))
            self.saved_label.setText(tr("未保存：{what}").format(what=error_text(exc)))
            return False
        now = QTime.currentTime().toString("HH:mm:ss")
        self.saved_label.setText(tr("已自动保存 {time}").format(time=now))
        self.saved.emit(what)
        return True

    def _replace_current(self, **changes: Any) -> None:
        item = self.current_item()
        if item is None:
            return
        fields = {**item.__dict__, **changes}
        self.view.items[self.current] = MeetingItemView(**fields)

    def _defer(self, what: str, commit: Callable[[], object]) -> None:
        """Remember the latest value of a typed field; commit it once typing pauses."""
        self._pending[what] = commit
        self._autosave.start()
        self.saved_label.setText(tr("输入中…（停顿即自动保存）"))

    def flush_pending(self) -> None:
        """Commit every field typed since the last save (idle timer, focus-out, close)."""
        self._autosave.stop()
        pending, self._pending = self._pending, {}
        for commit in pending.values():
            commit()

    def has_pending(self) -> bool:
        return bool(self._pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._pending:
            self.flush_pending()
        if (watched is self.add_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.add_selected_item()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_pending()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_pending()
        super().hideEvent(event)

    def _save_position(self, role: str, text: str) -> None:
        item = self.current_item()
        if self._loading or item is None:
            return
        self._replace_current(positions={**item.positions, role: text})
        self._defer(f"position:{role}:{item.id}", lambda: self._commit(
            f"position:{role}", lambda s: meetings.set_position(s, item.id, role, text)))

    def _save_item(self, what: str, *, at_once: bool = False, **values: Any) -> None:
        item = self.current_item()
        if self._loading or item is None:
            return

        def commit() -> bool:
            if self._commit(what, lambda s: meetings.update_meeting_item(s, item.id, **values)):
                self.item_error.clear()
                return True
            return False

        if at_once:  # the item shows the new value only once it is stored
            if commit():
                self._replace_current(**values)
            return
        self._replace_current(**values)
        self._defer(f"{what}:{item.id}", commit)

    def _save_deadline(self, deadline: date | None) -> None:
        """A refused deadline puts the field back to the stored one, the reason beside it and
        in the item's error line (kept there for 作出决定 to repeat)."""
        item = self.current_item()
        if self._loading or item is None:
            return
        self._save_item("deadline", at_once=True, deadline=deadline)
        stored = self.current_item()
        if stored is None or stored.deadline == deadline:
            self._deadline_refusal = ""
            return
        self._deadline_refusal = self.item_error.text()
        self._loading = True
        try:
            self.deadline.set_value(stored.deadline)
        finally:
            self._loading = False
        self.deadline.show_refusal(self._deadline_refusal)

    def _save_minutes(self) -> None:
        if self._loading:
            return
        text = self.minutes.toPlainText()
        self._defer("minutes", lambda: self._commit(
            "minutes", lambda s: meetings.update_meeting(s, self.meeting_id, minutes=text)))

    def _sign_in(self, attendance_id: str, signed_in: bool) -> None:
        self._commit("sign_in", lambda s: meetings.set_signed_in(s, attendance_id, signed_in))

    # --- actions -----------------------------------------------------------------------------

    def add_attendee(self) -> None:
        name = self.new_name.text()
        role = str(self.new_role.currentData())
        if self._commit("attendee", lambda s: meetings.add_attendee(
                s, self.meeting_id, name=name, role=role, signed_in=True)):
            self.new_name.clear()
            self.reload()

    def add_selected_item(self) -> None:
        item_id = self.add_box.currentData()
        if not item_id:
            return
        if self._commit("item", lambda s: meetings.add_item(s, self.meeting_id, str(item_id))):
            self.reload()
            self.go_to(len(self.view.items) - 1, focus=True)

    def decide(self) -> None:
        """Decide the current item: 听/议 → 定 through the state machine; then the next item."""
        item = self.current_item()
        if item is None or item.stage not in ("listen", "discuss"):
            return
        if not self.deadline.commit():  # a deadline typed but not yet taken (Ctrl+Enter in it)
            self.item_error.setText(self.deadline.message())
            return
        if self._deadline_refusal and item.deadline is None:  # typed, but refused: say why
            self.item_error.setText(self._deadline_refusal)
            return
        self.flush_pending()
        if self._commit("decide", lambda s: meetings.decide_item(s, item.id)):
            if self.on_change is not None:
                self.on_change("agenda_items")
            self.reload()
            following = next((i for i, it in enumerate(self.view.items)
                              if i > self.current and it.stage in ("listen", "discuss")), None)
            self.go_to(following if following is not None else self.current, focus=True)
            if following is None:  # all decided: the minutes are next (⑤)
                self.minutes.setFocus()

    def start(self) -> None:
        """开始会议 (F5): 计划 → 进行中, the time kept; the cursor goes to the first item."""
        self.flush_pending()
        if self.view.status != "planned":
            return
        if self._commit("start", lambda s: meetings.start_meeting(s, self.meeting_id)):
            self._moved()
            self.go_to(self.current, focus=True)

    def end(self) -> None:
        """结束会议 (F8): 进行中 → 已结束; then the minutes can be printed (Ctrl+P)."""
        self.flush_pending()
        if self.view.status != "open":
            return
        if self._commit("end", lambda s: meetings.end_meeting(s, self.meeting_id)):
            self._moved()
            (self.print_button if self.print_button.isVisible() else self.minutes).setFocus()

    def print_minutes(self) -> object | None:
        """打印会议纪要 (Ctrl+P): once the meeting has ended, the minutes in the preview (the
        printing task is returned)."""
        self.flush_pending()
        if self._print_minutes is None or self.view.status != "closed":
            return None
        return self._print_minutes()

    def _moved(self) -> None:
        if self.on_change is not None:
            self.on_change("meetings")
        self.reload()

    def _show_status(self) -> None:
        """Where the meeting stands, and which of start / end / print applies now."""
        view = self.view
        times = [moment.astimezone(local_zone()).strftime("%H:%M")
                 for moment in (view.started_at, view.ended_at) if moment is not None]
        text = {"planned": tr("计划"), "open": tr("进行中（{start} 开始）"),
                "closed": tr("已结束（{start}–{end}）")}.get(view.status, view.status)
        self.status_label.setText(text.format(start=(times or ["?"])[0], end=times[-1] if times else "?"))
        color = STATUS_COLORS.get(view.status, "")
        self.status_label.setStyleSheet(f"font-weight: bold; color: {color};")
        self.start_button.setEnabled(view.status == "planned")
        self.end_button.setEnabled(view.status == "open")
        self.print_button.setEnabled(view.status == "closed")
        self.print_button.setToolTip(tr("打印会议纪要") if view.status == "closed"
                                     else tr("会议结束后才有会议纪要"))

    def leave(self) -> None:
        self.flush_pending()
        self.close()
        self.closed.emit()
