"""An item's detail: what was raised, decided and answered, and its timeline of stage changes,
with one button per legal next stage."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import agenda
from app.agenda_rules import local_zone
from db.store import Store
from ui.agenda import labels
from ui.agenda.labels import tr


class ItemDetail(QWidget):
    move_requested = Signal(str, str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.item_id: str | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("选择一个事项查看详情"))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.title)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("compound", "小区"), ("stage", "阶段"), ("category", "类别"), ("source", "来源"),
            ("raised", "提出"), ("description", "描述"), ("positions", "各方意见"),
            ("decision", "决定"), ("responsible", "责任方"), ("deadline", "期限"),
            ("progress", "进度"), ("referred", "吹哨报到"), ("answer", "回音"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setObjectName(f"detail_{key}")
            self.values[key] = value
            self.form.addRow(tr(label), value)
        layout.addLayout(self.form)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        layout.addWidget(QLabel(tr("流转记录")))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        layout.addWidget(self.timeline, 1)

    def show_item(self, item_id: str | None) -> None:
        self.item_id = item_id
        while self.buttons.count():
            widget = self.buttons.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.timeline.clear()
        if item_id is None:
            self.title.setText(tr("选择一个事项查看详情"))
            for value in self.values.values():
                value.clear()
            return
        with self.store.session() as s:
            item = agenda.get_item(s, item_id)
            rows = agenda.load_item_rows(s, item_ids=[item_id])
            events = agenda.timeline(s, item_id)
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
