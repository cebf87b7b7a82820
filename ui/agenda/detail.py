"""An item's detail: what was raised, decided and answered, and its timeline of stage changes,
with one button per legal next stage. While an item is at 定 or 办 its progress (%, notes) and a
later deadline can be edited here, checked by app.agenda as they are typed."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import agenda
from app.agenda_rules import local_today, local_zone
from app.errors import BadInput
from db.models import AgendaItem
from db.store import Store
from ui.agenda import labels
from ui.agenda.labels import tr
from ui.agenda.stage_dialog import from_qdate, to_qdate
from ui.context import UiContext
from ui.date_edit import DateEdit
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text
from ui.owners_votes.votes_box import VotesBox, election_rules
from ui.resources import icon


class ProgressEdits(TypedDict, total=False):
    """Keyword arguments of agenda.check_progress_edit / update_progress."""

    deadline: date
    progress: int
    progress_note: str


class ItemDetail(QWidget):
    move_requested = Signal(str, str)
    edited = Signal(str)  # item id, after progress or deadline was saved

    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 ctx: UiContext | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ctx = ctx
        self.item_id: str | None = None
        self._item: AgendaItem | None = None
        self._stage: str | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("选择一个事项查看详情"))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.title)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("compound", QT_TRANSLATE_NOOP("agenda", "小区")),
            ("stage", QT_TRANSLATE_NOOP("agenda", "阶段")),
            ("category", QT_TRANSLATE_NOOP("agenda", "类别")),
            ("source", QT_TRANSLATE_NOOP("agenda", "来源")),
            ("raised", QT_TRANSLATE_NOOP("agenda", "提出")),
            ("description", QT_TRANSLATE_NOOP("agenda", "描述")),
            ("positions", QT_TRANSLATE_NOOP("agenda", "各方意见")),
            ("decision", QT_TRANSLATE_NOOP("agenda", "决定")),
            ("responsible", QT_TRANSLATE_NOOP("agenda", "责任方")),
            ("deadline", QT_TRANSLATE_NOOP("agenda", "期限")),
            ("progress", QT_TRANSLATE_NOOP("agenda", "进度")),
            ("referred", QT_TRANSLATE_NOOP("agenda", "吹哨报到")),
            ("answer", QT_TRANSLATE_NOOP("agenda", "回音")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setObjectName(f"detail_{key}")
            self.values[key] = value
            self.form.addRow(tr(label), value)
        layout.addLayout(self.form)
        self.print_answer = QPushButton(icon("print"), tr("打印回音告知…"))
        self.print_answer.setObjectName("printAnswerNotice")
        self.print_answer.clicked.connect(self.print_answer_notice)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_answer)
        layout.addLayout(print_row)
        self._set_print_ready(None)
        layout.addWidget(self._build_progress())
        # an owners' matter (agenda.toml) is decided by the owners' vote recorded here
        self.votes = VotesBox(store, election_rules, local_today)
        self.votes.recorded.connect(self._vote_recorded)
        self.votes.hide()
        layout.addWidget(self.votes)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        layout.addWidget(QLabel(tr("流转记录")))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        layout.addWidget(self.timeline, 1)

    def _build_progress(self) -> QGroupBox:
        box = QGroupBox(tr("办理情况（可修改）"))
        box.setObjectName("progressBox")
        form = QFormLayout(box)
        self.progress = QSpinBox()
        self.progress.setObjectName("editProgress")
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress_note = QLineEdit()
        self.progress_note.setObjectName("editProgressNote")
        self.progress_note.setPlaceholderText(tr("进展说明，如：已完成东门划线"))
        self.deadline = DateEdit(prefer="future")
        self.deadline.setObjectName("editDeadline")
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setCalendarPopup(True)
        self.progress_error = QLabel()
        self.progress_error.setObjectName("progressError")
        self.progress_error.setWordWrap(True)
        self.progress_error.setStyleSheet("color: #b3261e;")
        self.save_progress = QPushButton(tr("保存办理情况"))
        self.save_progress.setObjectName("saveProgress")
        self.save_progress.clicked.connect(self.save_edits)
        form.addRow(tr("进度"), self.progress)
        form.addRow(tr("进展说明"), self.progress_note)
        form.addRow(tr("办理期限"), self.deadline)
        form.addRow(self.progress_error)
        form.addRow("", self.save_progress)
        self.progress.valueChanged.connect(self._check_edits)
        self.progress_note.textChanged.connect(self._check_edits)
        self.deadline.dateChanged.connect(self._check_edits)
        self.progress_box = box
        box.hide()
        return box

    def _edits(self) -> ProgressEdits:
        """What the progress box asks for (only fields that apply at the item's stage)."""
        values: ProgressEdits = {"deadline": from_qdate(self.deadline.date())}
        if self._stage == "doing":
            values["progress"] = self.progress.value()
            values["progress_note"] = self.progress_note.text().strip()
        return values

    def _check_edits(self) -> bool:
        """Validated as typed: the reason a save would be refused is shown at once."""
        if self._loading or self._item is None:
            return False
        try:
            agenda.check_progress_edit(self._item, **self._edits())
        except BadInput as exc:
            self.progress_error.setText(error_text(exc))
            self.save_progress.setEnabled(False)
            return False
        self.progress_error.clear()
        self.save_progress.setEnabled(True)
        return True

    def save_edits(self) -> bool:
        if self.item_id is None or not self._check_edits():
            return False
        try:
            with self.store.transaction() as s:
                agenda.update_progress(s, self.item_id, **self._edits())
        except BadInput as exc:
            self.progress_error.setText(error_text(exc))
            return False
        self.edited.emit(self.item_id)
        return True

    def _show_progress(self, item: AgendaItem | None) -> None:
        stage = getattr(item, "stage", None)
        self._stage = stage
        self._item = item
        editable = stage in ("decide", "doing")
        self.progress_box.setVisible(editable)
        if not editable or item is None:
            return
        self._loading = True
        try:
            self.progress.setValue(int(getattr(item, "progress", 0) or 0))
            self.progress_note.setText(str(getattr(item, "progress_note", "") or ""))
            deadline = getattr(item, "deadline", None) or item.raised_on
            self.deadline.setDate(to_qdate(deadline))
            for widget in (self.progress, self.progress_note):
                widget.setEnabled(stage == "doing")
        finally:
            self._loading = False
        self.progress_error.clear()
        self.save_progress.setEnabled(False)  # nothing changed yet

    def _set_print_ready(self, item: AgendaItem | None) -> None:
        """The answer notice exists once an answer is recorded; say why it is disabled before."""
        answered = bool(str(getattr(item, "answer", "") or "").strip())
        self.print_answer.setEnabled(answered)
        self.print_answer.setToolTip(
            tr("打印议事事项回音告知，张贴或发给居民") if answered
            else tr("事项回音（答复居民）后才能打印回音告知") if item is not None
            else tr("先选择一个事项"))

    def _context(self) -> UiContext | None:
        """The page's UiContext: given, or the nearest ancestor's (the agenda widget's)."""
        widget: Any = self
        while widget is not None and self.ctx is None:
            candidate = getattr(widget, "ctx", None)
            if isinstance(candidate, UiContext):
                return candidate
            widget = widget.parentWidget()
        return self.ctx

    def print_answer_notice(self) -> Any:
        """打印: the item's answer notice (议事事项回音告知) in the preview window."""
        ctx = self._context()
        if self.item_id is None or ctx is None or not self.print_answer.isEnabled():
            return None
        from ui.printing.preview import show_document

        return show_document(ctx, "answer-notice", self.item_id)

    def _vote_recorded(self) -> None:
        if self.item_id is not None:
            item_id = self.item_id
            self.show_item(item_id)
            self.edited.emit(item_id)

    def show_item(self, item_id: str | None) -> None:
        self.item_id = item_id
        while self.buttons.count():
            taken = self.buttons.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.timeline.clear()
        if item_id is None:
            self._show_progress(None)
            self._set_print_ready(None)
            self.votes.show_item(None)
            self.title.setText(tr("选择一个事项查看详情"))
            for value in self.values.values():
                value.clear()
            return
        with self.store.session() as s:
            item = agenda.get_item(s, item_id)
            rows = agenda.load_item_rows(s, item_ids=[item_id])
            events = agenda.timeline(s, item_id)
            s.expunge(item)
        overdue = bool(rows and rows[0].overdue)
        self.title.setText(item.title + (("  " + tr("【逾期】")) if overdue else ""))
        v = self.values
        v["compound"].setText(f"{rows[0].compound_name}（{rows[0].street_name}）" if rows else "")
        v["stage"].setText(f"{labels.stage(item.stage)} · {tr(labels.STAGE_HINT[item.stage])}")
        v["category"].setText(labels.category(item.category))
        v["source"].setText(labels.source(item.source))
        v["raised"].setText(f"{item.raised_on.isoformat()} {item.raised_by}".strip())
        v["description"].setText(item.description)
        v["positions"].setText("\n".join(
            f"{labels.role(k)}：{t}" for k, t in agenda.positions_of(item).items() if t.strip()))
        v["decision"].setText(item.decision)
        v["responsible"].setText(item.responsible_party)
        v["deadline"].setText(item.deadline.isoformat() if item.deadline else "")
        v["progress"].setText(f"{item.progress}% {item.progress_note}" if item.stage == "doing" else "")
        v["referred"].setText(
            f"{item.referred_to} {tr('答复期限')} {item.referred_due.isoformat()}\n{item.referred_answer}"
            if item.referred_due else "")
        answer = item.answer
        if item.answered_on:
            answer = f"{item.answered_on.isoformat()} {item.answer_method}：{item.answer}"
            if item.satisfaction:
                answer += f"  {'★' * item.satisfaction}"
        v["answer"].setText(answer)
        self._show_progress(item)
        self._set_print_ready(item)
        self.votes.show_item(item)
        zone = local_zone()
        for event in events:
            when = event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            step = labels.stage(event.to_stage) if event.from_stage is None else (
                f"{labels.stage(event.from_stage)} → {labels.stage(event.to_stage)}")
            note = f"：{event.note}" if event.note else ""
            self.timeline.addItem(f"{when}  {step}  {event.by}{note}")
        for target in agenda.next_stages(item.stage):
            button = QPushButton(tr("转到「{stage}」").format(stage=labels.stage(target)))
            button.setObjectName(f"advance_{target}")
            button.clicked.connect(
                lambda _checked=False, t=target: self.move_requested.emit(item_id, t))
            self.buttons.addWidget(button)
