"""表决安排: the owners' assembly vote period, place and e-voting, which the election notice
(业主大会会议通知/选举公告) prints. Checked as typed with the same rule the save applies, so a
caseworker sees why before pressing save; the save button stays off while something is wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.elections.vote_dates import (
    VOTE_ARRANGEMENT_STAGES,
    VOTE_PLACE_MAX,
    assembly_announced_on,
    earliest_vote_start,
    objection_vote_start,
    vote_arrangement_problem,
)
from app.rules import Rules
from db.models import Election
from ui.date_edit import DateEdit
from ui.elections.common import tr
from ui.operations import problem_text
from ui.terms import citation

# save(start, end, place, e_vote) -> True when saved
Save = Callable[[date, date, str, bool], bool]


def date_edit(name: str) -> DateEdit:
    edit = DateEdit(prefer="future")
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class VoteArrangementEditor(QWidget):
    """Shows one election's vote arrangements; `show_election` fills it, `save` stores it."""

    def __init__(self, save: Save, rules: Callable[[], Rules]) -> None:
        super().__init__()
        self.setObjectName("voteArrangements")
        self._save, self._rules = save, rules
        self.election: Election | None = None
        self.start = date_edit("voteStart")
        self.end = date_edit("voteEnd")
        self.place = QLineEdit()
        self.place.setObjectName("votePlace")
        self.place.setMaxLength(VOTE_PLACE_MAX)
        self.place.setPlaceholderText(tr("例如：小区会所二楼活动室"))
        self.e_vote = QCheckBox(tr("同时采用电子投票（业主可在线表决）"))
        self.e_vote.setObjectName("eVote")
        self.rule_note = QLabel()
        self.rule_note.setObjectName("voteRuleNote")
        self.rule_note.setWordWrap(True)
        self.rule_note.setStyleSheet("color:#555;")
        self.problem = QLabel()
        self.problem.setObjectName("voteProblem")
        self.problem.setWordWrap(True)
        self.save_button = QPushButton(tr("保存表决安排"))
        self.save_button.setObjectName("saveVoteArrangements")
        self.save_button.clicked.connect(self.save)
        self.place.returnPressed.connect(self.save)

        for edit in (self.start, self.end):
            edit.dateChanged.connect(self.validate)
        self.start.dateChanged.connect(self._keep_end_after_start)
        self.place.textChanged.connect(self.validate)

        fields = QWidget()  # a form of four short fields reads badly stretched across the tab
        fields.setMaximumWidth(620)
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("投票开始日期"), self.start)
        form.addRow(tr("投票结束日期"), self.end)
        form.addRow(tr("投票地点"), self.place)
        form.addRow("", self.e_vote)
        form.addRow("", self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule_note)
        layout.addWidget(fields)
        layout.addStretch(1)
        self.setTabOrder(self.start, self.end)
        self.setTabOrder(self.end, self.place)
        self.setTabOrder(self.place, self.e_vote)
        self.setTabOrder(self.e_vote, self.save_button)

    @staticmethod
    def applies_to(election: Election) -> bool:
        """The tab shows from the candidate notice on (read-only once tallied)."""
        stages = ("candidate_notice", "voting", "tallied", "filed", "seated")
        return election.stage in stages

    def show_election(self, election: Election | None, today: date) -> None:
        self.election = election
        if election is None:
            return
        earliest = earliest_vote_start(election, self._rules())
        start = election.vote_start or max(earliest or today, today)
        end = election.vote_end or start + timedelta(days=13)  # a two-week vote by default
        editable = election.stage in VOTE_ARRANGEMENT_STAGES
        for widget in (self.start, self.end, self.place, self.e_vote):
            widget.blockSignals(True)
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        self.place.setText(election.vote_place or "")
        self.e_vote.setChecked(bool(election.e_vote))
        for widget in (self.start, self.end, self.place, self.e_vote):
            widget.blockSignals(False)
            widget.setEnabled(editable)
        notes = []
        rules = self._rules()
        objection = objection_vote_start(election, rules)
        announced = assembly_announced_on(election)
        if objection is not None:
            notes.append(tr("异议期至 {d} 止（{s}）。").format(
                d=(objection - timedelta(days=1)).isoformat(), s=citation(rules.periods.origin)))
        if announced is not None:
            notes.append(tr("业主大会会议须于投票 {n} 日以前公告，以候选人公示日 {p} 为公告日（{s}）。").format(
                n=rules.assembly_notice_days, p=announced.isoformat(),
                s=citation(rules.assembly_notice_origin)))
        if earliest is not None:
            notes.append(tr("投票最早从 {e} 开始。").format(e=earliest.isoformat()))
        if not editable:
            notes.append(tr("已计票，表决安排不能再改。"))
        elif election.vote_start is None or not election.vote_place:
            notes.append(tr("保存后即可打印选举公告和业主大会会议通知。"))
        self.rule_note.setText("".join(notes))
        self.validate()

    def _keep_end_after_start(self, new_start: QDate) -> None:
        """Moving the start past the end drags the end along, as a date range picker does."""
        if self.end.date() < new_start:
            self.end.setDate(new_start)

    def values(self) -> tuple[date, date, str, bool]:
        return (cast(date, self.start.date().toPython()), cast(date, self.end.date().toPython()),
                self.place.text(), self.e_vote.isChecked())

    def validate(self) -> str | None:
        """Show what is wrong with the values as they stand; the save button follows."""
        if self.election is None:
            problem: str | None = tr("先选择一场选举")
        else:
            start, end, place, _ = self.values()
            found = vote_arrangement_problem(self.election, start, end, place, self._rules())
            problem = None if found is None else problem_text(found)
        editable = self.election is not None and self.election.stage in VOTE_ARRANGEMENT_STAGES
        self.problem.setText((problem or "") if editable else "")
        self.problem.setStyleSheet("color:#b3261e;" if problem else "")
        self.problem.setVisible(bool(self.problem.text()))  # no blank gap over the save button
        self.save_button.setEnabled(problem is None)
        return problem

    def save(self) -> bool:
        if self.validate() is not None:
            return False
        return self._save(*self.values())
