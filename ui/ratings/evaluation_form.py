"""The branch's yearly evaluation (评价权) of the owners' committee or the property company: a
short scored form, comments, who evaluated and when; the compound's past evaluations below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import evaluations, ratings
from app.agenda_rules import local_today
from app.compound_choices import compound_choices
from app.errors import BadInput
from db.models import Evaluation
from db.store import Store
from ui.compound_picker import CompoundPicker
from ui.date_edit import DateEdit
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import error_text
from ui.ratings.models import Column, RowsModel, points_text, tr
from ui.widgets import own_name

ERROR_STYLE = "color: #b3261e;"


def evaluation_columns() -> list[Column[Evaluation]]:
    return [
        Column(QT_TRANSLATE_NOOP("ratings", "年度"), lambda e: e.year, True),
        Column(QT_TRANSLATE_NOOP("ratings", "评价对象"),
               lambda e: tr(evaluations.TARGET_LABELS.get(e.target, e.target))),
        Column(QT_TRANSLATE_NOOP("ratings", "得分"), lambda e: e.score, True),
        Column(QT_TRANSLATE_NOOP("ratings", "评价人"), lambda e: e.evaluator),
        Column(QT_TRANSLATE_NOOP("ratings", "评价日期"), lambda e: e.evaluated_on.isoformat()),
        Column(QT_TRANSLATE_NOOP("ratings", "意见"), lambda e: e.comments),
    ]


class EvaluationForm(QWidget):
    saved = Signal(str)  # compound id

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.form = evaluations.default_form()
        self.compound = CompoundPicker([], self)  # a compound its branch evaluates: picked, no default
        self.compound.setObjectName("evaluationCompound")
        self.target = QComboBox()
        for code in evaluations.TARGETS:
            self.target.addItem(tr(evaluations.TARGET_LABELS[code]), code)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(local_today().year)
        self.questions_box = QGroupBox(tr("评分（每项 0 至满分）"))
        self.questions_layout = QFormLayout(self.questions_box)
        self.answer_edits: dict[str, QLineEdit] = {}
        self.total_label = QLabel()
        self.comments = QPlainTextEdit()
        self.comments.setPlaceholderText(tr("支部意见：做得好的、需要改进的"))
        self.comments.setTabChangesFocus(True)
        self.comments.setMaximumHeight(80)
        self.evaluator = QLineEdit(own_name(store))  # a person's name, never the OS account
        self.evaluated_on = DateEdit(QDate.currentDate(), prefer="past")
        self.evaluated_on.setCalendarPopup(True)
        self.evaluated_on.setDisplayFormat("yyyy-MM-dd")
        self.message = QLabel()
        self.message.setWordWrap(True)
        save = QPushButton(tr("保存评价"))
        save.clicked.connect(self.save)
        self.history = RowsModel(evaluation_columns(), self)
        history_view = QTableView()
        history_view.setTabKeyNavigation(False)  # Tab leaves the table
        history_view.setModel(self.history)
        history_view.horizontalHeader().setStretchLastSection(True)

        head = QFormLayout()
        head.addRow(tr("小区"), self.compound)
        head.addRow(tr("评价对象"), self.target)
        head.addRow(tr("年度"), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.questions_box)
        layout.addWidget(self.total_label)
        tail = QFormLayout()
        tail.addRow(tr("意见"), self.comments)
        tail.addRow(tr("评价人"), self.evaluator)
        tail.addRow(tr("评价日期"), self.evaluated_on)
        layout.addLayout(tail)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(save)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(tr("本小区的历年评价")))
        layout.addWidget(history_view, 1)

        self.target.currentIndexChanged.connect(lambda _i: self._build_questions())
        self.compound.picked.connect(lambda _id: self._load_history())
        self.reload()
        self._build_questions()

    def reload(self) -> None:
        with self.store.session() as session:
            compounds = evaluations.compounds_with_branch(session)
            choices = compound_choices(session, only=[cid for cid, _name, _branch in compounds])
        self.compound.set_choices(choices)
        if not compounds:
            self.message.setText(tr("还没有党支部覆盖的小区：评价权由小区党支部行使。"))
        self._load_history()

    def _build_questions(self) -> None:
        while self.questions_layout.rowCount():
            self.questions_layout.removeRow(0)
        self.answer_edits = {}
        for question in self.form.questions[self.target.currentData()]:
            edit = QLineEdit()
            edit.setMaximumWidth(120)
            edit.setPlaceholderText(tr("0 至 {max}").format(max=question.max_points))
            edit.textEdited.connect(lambda _t: self._show_total())
            self.answer_edits[question.code] = edit
            self.questions_layout.addRow(f"{question.code} {question.text}", edit)
        self._show_total()

    def _show_total(self) -> None:
        total = Decimal(0)
        problems = []
        for question in self.form.questions[self.target.currentData()]:
            text = self.answer_edits[question.code].text()
            value, problem = ratings.parse_points(text, question.max_points) if text.strip() else (
                None, "")
            if problem:
                problems.append(f"{question.code}：{problem}")
            elif value is not None:
                total += value
        maximum = self.form.maximum(self.target.currentData())
        self.total_label.setText(tr("合计 {total} / {max} 分").format(total=points_text(total), max=points_text(maximum))
                                 + ("　" + "；".join(problems) if problems else ""))
        self.total_label.setStyleSheet(ERROR_STYLE if problems else "")

    def _load_history(self) -> None:
        compound_id = self.compound.compound_id()
        if compound_id is None:
            self.history.set_rows([])
            return
        with self.store.session() as session:
            self.history.set_rows(evaluations.evaluations_for_compound(session, compound_id))

    def save(self) -> None:
        compound_id = self.compound.compound_id()
        if compound_id is None:
            self.message.setText(tr("请先选择小区：输入名称或拼音首字母，从列表中选定"))
            self.message.setStyleSheet(ERROR_STYLE)
            self.compound.setFocus()
            return
        try:
            with self.store.transaction() as session:
                row = evaluations.record_evaluation(
                    session, compound_id=compound_id, target=self.target.currentData(),
                    year=self.year.value(),
                    answers={code: edit.text() for code, edit in self.answer_edits.items()},
                    comments=self.comments.toPlainText(), evaluator=self.evaluator.text(),
                    evaluated_on=cast(date, self.evaluated_on.date().toPython()),
                    form=self.form)
                score = row.score
        except BadInput as exc:
            self.message.setText(error_text(exc))
            self.message.setStyleSheet(ERROR_STYLE)
            return
        self.message.setStyleSheet("color: #1b7f3a;")
        self.message.setText(tr("已保存：{score} 分").format(score=score))
        self.compound.remember()
        self._load_history()
        self.saved.emit(compound_id)
