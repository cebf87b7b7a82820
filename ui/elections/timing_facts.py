"""The facts each kind's 筹备时机关 checks, on the application tab: the trigger of a by-election
or early re-election (a choice from the rules file), the day a re-election was reported to the
street office, the community party committee's opinion on a first election (date and text);
and, on the vote arrangements tab, the day the owners' assembly was announced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.elections.stages import checkpoint_name, flow
from app.elections.timing_facts import OPINION_MAX, TimingFacts
from app.rules import Rules
from db.models import Election
from ui.date_edit import DateEdit
from ui.elections.common import tr
from ui.terms import term

SaveFacts = Callable[[TimingFacts], bool]
SaveDay = Callable[[date | None], bool]


def _date_edit(name: str) -> DateEdit:
    edit = DateEdit(prefer="past")
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _set_date(edit: DateEdit, day: date | None, fallback: date) -> None:
    shown = day or fallback
    edit.setDate(QDate(shown.year, shown.month, shown.day))


def _picked(edit: DateEdit, known: QCheckBox) -> date | None:
    day = edit.date().toPython()
    return day if known.isChecked() and isinstance(day, date) else None


class TimingFactsEditor(QGroupBox):
    """Shows the rows the election's kind needs; `save` stores all of them at once."""

    def __init__(self, save: SaveFacts, rules: Callable[[], Rules]) -> None:
        super().__init__()
        self.setObjectName("timingFacts")
        self._save, self._rules = save, rules
        self.trigger = QComboBox()
        self.trigger.setObjectName("electionTrigger")
        self.reported_known = QCheckBox(tr("已报告"))
        self.reported_known.setObjectName("reportedKnown")
        self.reported_on = _date_edit("reportedOn")
        self.opinion_known = QCheckBox(tr("已出具"))
        self.opinion_known.setObjectName("partyOpinionKnown")
        self.opinion_on = _date_edit("partyOpinionOn")
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("partyOpinion")
        self.opinion.setPlaceholderText(tr("社区党委对成立业主大会、选举业主委员会的意见"))
        self.opinion.setMaximumHeight(80)
        self.note = QLabel()
        self.note.setObjectName("timingFactsNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#555;")
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveTimingFacts")
        self.save_button.clicked.connect(self.save)
        self.reported_row = self._dated(self.reported_known, self.reported_on)
        self.opinion_row = self._dated(self.opinion_known, self.opinion_on)
        self.form = QFormLayout()
        self.form.addRow(tr("事由"), self.trigger)
        self.form.addRow(tr("向街道办事处报告换届"), self.reported_row)
        self.form.addRow(tr("社区党委意见日期"), self.opinion_row)
        self.form.addRow(tr("社区党委意见"), self.opinion)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)

    @staticmethod
    def _dated(known: QCheckBox, edit: DateEdit) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(known)
        line.addWidget(edit)
        line.addStretch(1)
        known.toggled.connect(edit.setEnabled)
        return row

    def show_election(self, election: Election, today: date, editable: bool) -> None:
        rules = self._rules()
        found = flow(election.kind, rules)
        # the kind's own name of its timing checkpoint, as the timeline shows it (换届时机关, …)
        checkpoint = term(checkpoint_name("timing", election.kind, rules))
        self.setTitle(tr("{checkpoint}所需事项").format(checkpoint=checkpoint))
        self.save_button.setText(tr("保存{checkpoint}所需事项").format(checkpoint=checkpoint))
        triggers = found.triggers if found is not None else ()
        party = found is not None and found.party_origin is not None
        report = found is not None and found.report_months is not None
        self.trigger.clear()
        self.trigger.addItem(tr("（未选择）"), None)
        for trigger in triggers:
            self.trigger.addItem(tr(trigger.title), trigger.key)
        self.trigger.setCurrentIndex(max(0, self.trigger.findData(election.trigger)))
        self.reported_known.setChecked(election.reported_on is not None)
        _set_date(self.reported_on, election.reported_on, today)
        self.reported_on.setEnabled(election.reported_on is not None)
        self.opinion_known.setChecked(election.party_opinion_on is not None)
        _set_date(self.opinion_on, election.party_opinion_on, today)
        self.opinion_on.setEnabled(election.party_opinion_on is not None)
        self.opinion.setPlainText(election.party_opinion)
        for widget, shown in ((self.trigger, bool(triggers)), (self.reported_row, report),
                              (self.opinion_row, party), (self.opinion, party)):
            self.form.setRowVisible(widget, shown)
        notes = []
        if report and found is not None:
            notes.append(tr("换届：任期届满 {m} 个月前向街道办事处报告，选举须在任期届满前完成。")
                         .format(m=found.report_months))
        if party:
            notes.append(tr("首次选举：先建支部——党支部覆盖本小区、双找找到本小区党员、社区党委意见已记录。"))
        self.note.setText("\n".join(notes))
        self.setVisible(bool(triggers) or report or party)
        self.setEnabled(editable)

    def facts(self) -> TimingFacts:
        key = self.trigger.currentData()
        return TimingFacts(
            trigger=key if isinstance(key, str) else None,
            reported_on=_picked(self.reported_on, self.reported_known),
            party_opinion_on=_picked(self.opinion_on, self.opinion_known),
            party_opinion=self.opinion.toPlainText()[:OPINION_MAX],
        )

    def save(self) -> bool:
        return self._save(self.facts())


class AssemblyNoticeRow(QWidget):
    """The day the owners' assembly was announced (物业管理条例第十四条: 15 days before it meets)."""

    def __init__(self, save: SaveDay) -> None:
        super().__init__()
        self.setObjectName("assemblyNotice")
        self._save = save
        self.known = QCheckBox(tr("已公告"))
        self.known.setObjectName("assemblyNoticeKnown")
        self.day = _date_edit("assemblyNoticeOn")
        self.known.toggled.connect(self.day.setEnabled)
        self.save_button = QPushButton(tr("保存公告日期"))
        self.save_button.setObjectName("saveAssemblyNotice")
        self.save_button.clicked.connect(self.save)
        line = QHBoxLayout()  # the label above it: one line was wider than the screen at 特大
        line.addWidget(self.known)
        line.addWidget(self.day)
        line.addWidget(self.save_button)
        line.addStretch(1)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(QLabel(tr("业主大会会议公告日期")))
        rows.addLayout(line)

    def show_election(self, election: Election, today: date, editable: bool) -> None:
        self.known.setChecked(election.assembly_notice_on is not None)
        _set_date(self.day, election.assembly_notice_on, today)
        self.day.setEnabled(election.assembly_notice_on is not None)
        self.setEnabled(editable)

    def save(self) -> bool:
        return self._save(_picked(self.day, self.known))
