"""Record one owners' vote: what was voted, when, and the figures (totals prefilled from the
owners' register). The outcome is computed as the figures are typed (app.owners_votes.outcome);
a refused figure is named and its field marked."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import BadInput
from app.owners_votes.outcome import outcome_of
from app.owners_votes.records import VoteInput
from app.rules import Rules
from ui.date_edit import DateEdit
from ui.operations import error_text
from ui.owners_votes.labels import MATTERS, matter, outcome_text, subject, tr

FIGURES = ("total_owners", "total_area_m2", "voted_owners", "voted_area_m2", "yes_owners",
           "yes_area_m2")
FIELD_MARK = re.compile(r"（([a-z_0-9]+)）")
ERROR_STYLE = "border: 1px solid #b3261e;"
REQUIRED = ("voted_owners", "voted_area_m2", "yes_owners", "yes_area_m2")


class OwnersVoteDialog(QDialog):
    """`run(data)` records the vote (raising BadInput to keep the dialog open)."""

    def __init__(self, rules: Rules, base: VoteInput, totals: tuple[int, Decimal], today: date,
                 run: Callable[[VoteInput], None], subjects: tuple[str, ...],
                 matters: tuple[str, ...] = tuple(MATTERS), parent: QWidget | None = None, *,
                 editing: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("ownersVoteDialog")
        self.setWindowTitle(tr("更正业主表决结果") if editing else tr("登记业主表决结果"))
        self.setMinimumWidth(480)
        self._rules, self._base, self._run = rules, base, run
        self.subject = QComboBox()
        self.subject.setObjectName("voteSubject")
        for code in subjects:
            self.subject.addItem(subject(code), code)
        self.subject.setCurrentIndex(max(0, self.subject.findData(base.subject)))
        self.title = QLineEdit(base.title)
        self.title.setObjectName("voteTitle")
        self.matter = QComboBox()
        self.matter.setObjectName("voteMatter")
        for code in matters:
            self.matter.addItem(matter(code), code)
        self.matter.setCurrentIndex(max(0, self.matter.findData(base.matter)))
        held = base.held_on or today
        self.held_on = DateEdit(QDate(held.year, held.month, held.day))
        self.held_on.setObjectName("voteHeldOn")
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.figures: dict[str, QLineEdit] = {}
        initial = {"total_owners": str(totals[0]), "total_area_m2": str(totals[1])}
        if editing:
            initial.update({name: str(getattr(base, name)) for name in FIGURES[2:]})
        for name in FIGURES:
            edit = QLineEdit(initial.get(name, ""))
            edit.setObjectName(f"vote_{name}")
            edit.textChanged.connect(self.update_outcome)
            self.figures[name] = edit
        self.matter.currentIndexChanged.connect(self.update_outcome)
        form = self._form = QFormLayout()
        form.addRow(tr("表决类别"), self.subject)
        form.addRow(tr("表决事项"), self.title)
        form.addRow(tr("事项类别"), self.matter)
        form.addRow(tr("表决日期"), self.held_on)
        form.addRow(tr("业主总人数（按名册）"), self.figures["total_owners"])
        form.addRow(tr("专有部分总面积 m²（按名册）"), self.figures["total_area_m2"])
        form.addRow(tr("参与表决人数"), self.figures["voted_owners"])
        form.addRow(tr("参与表决面积 m²"), self.figures["voted_area_m2"])
        form.addRow(tr("同意人数"), self.figures["yes_owners"])
        form.addRow(tr("同意面积 m²"), self.figures["yes_area_m2"])
        self.outcome = QLabel()
        self.outcome.setObjectName("voteOutcome")
        self.outcome.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("voteError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.update_outcome()

    def values(self) -> VoteInput:
        text = {name: edit.text().strip() for name, edit in self.figures.items()}
        picked = self.held_on.date().toPython()
        return VoteInput(
            compound_id=self._base.compound_id, subject=self.subject.currentData(),
            title=self.title.text(), matter=self.matter.currentData(),
            held_on=picked if isinstance(picked, date) else None,
            total_owners=text["total_owners"], total_area_m2=text["total_area_m2"],
            voted_owners=text["voted_owners"], voted_area_m2=text["voted_area_m2"],
            yes_owners=text["yes_owners"], yes_area_m2=text["yes_area_m2"],
            election_id=self._base.election_id, agenda_item_id=self._base.agenda_item_id,
            note=self._base.note)

    def update_outcome(self) -> None:
        """The outcome of the figures as typed; nothing while a figure is not a number yet."""
        try:
            owners = {k: int(self.figures[k].text() or "0") for k in FIGURES if "owners" in k}
            areas = {k: Decimal(self.figures[k].text() or "0") for k in FIGURES if "area" in k}
        except (ValueError, InvalidOperation):
            self.outcome.setText(tr("请填写数字"))
            return
        result = outcome_of(owners["total_owners"], areas["total_area_m2"], owners["voted_owners"],
                            areas["voted_area_m2"], owners["yes_owners"], areas["yes_area_m2"],
                            self.matter.currentData(), self._rules)
        self.outcome.setText(tr("按所填数字：{r}").format(r=outcome_text(result)))

    def _refuse(self, text: str, widget: QWidget | None) -> None:
        self.error.setText(text)
        self.error.show()
        if widget is not None:
            widget.setStyleSheet(ERROR_STYLE)
            widget.setFocus()

    def try_accept(self) -> None:
        for edit in self.figures.values():
            edit.setStyleSheet("")
        for name in REQUIRED:  # an empty figure is a figure not yet typed, not a zero
            edit = self.figures[name]
            if not edit.text().strip():
                label = self._form.labelForField(edit)
                named = label.text() if isinstance(label, QLabel) else name
                self._refuse(tr("请填写{field}").format(field=named), edit)
                return
        try:
            self._run(self.values())
        except BadInput as exc:
            found = FIELD_MARK.search(str(exc))  # the Chinese text marks the field by its key
            # the message names the field in Chinese and, for this dialog, its key: shown without
            self._refuse(FIELD_MARK.sub("", error_text(exc)),
                         self.figures.get(found.group(1)) if found else None)
            return
        self.accept()
