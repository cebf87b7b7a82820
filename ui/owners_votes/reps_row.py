"""The day the preparatory group's owner representatives were published (深圳条例第二十条); the
group's make-up may be signed only after the period the rules file sets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.elections.procedure import GROUP_STAGES, reps_may_act_on
from app.rules import Rules
from db.models import Election
from ui.date_edit import DateEdit
from ui.owners_votes.labels import tr
from ui.terms import citation

SaveDay = Callable[[date | None], bool]


class RepsPublishedRow(QWidget):
    def __init__(self, save: SaveDay) -> None:
        super().__init__()
        self.setObjectName("repsPublished")
        self._save = save
        self.known = QCheckBox(tr("已公示"))
        self.known.setObjectName("repsPublishedKnown")
        self.day = DateEdit(prefer="past")
        self.day.setObjectName("repsPublishedOn")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.known.toggled.connect(self.day.setEnabled)
        self.hint = QLabel()
        self.hint.setObjectName("repsPublishedHint")
        self.hint.setWordWrap(True)  # never widens the window past a 1366-pixel screen
        self.save_button = QPushButton(tr("保存公示日期"))
        self.save_button.setObjectName("saveRepsPublished")
        self.save_button.clicked.connect(self.save)
        # The label above and the hint below the entry line: side by side they made the
        # elections panel wider than a 1366-pixel screen at 特大 text in English.
        line = QHBoxLayout()
        line.addWidget(self.known)
        line.addWidget(self.day)
        line.addWidget(self.save_button)
        line.addStretch(1)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(QLabel(tr("业主代表公示日期")))
        rows.addLayout(line)
        rows.addWidget(self.hint)

    def show_election(self, election: Election, rules: Rules, today: date) -> None:
        published = election.reps_published_on
        shown = published or today
        self.known.setChecked(published is not None)
        self.day.setDate(QDate(shown.year, shown.month, shown.day))
        self.day.setEnabled(published is not None)
        may_act = reps_may_act_on(election, rules)
        rule = rules.procedure.reps_publication
        self.hint.setText(
            tr("公示 {n} 日，{y}年{m}月{d}日起可审核筹备组人选").format(
                n=rule.days, y=may_act.year, m=may_act.month, d=may_act.day)
            if may_act else tr("公示 {n} 日后方可审核筹备组人选").format(n=rule.days))
        self.hint.setToolTip(tr("依据：{s}").format(s=citation(rule.origin)))
        self.setEnabled(election.stage in GROUP_STAGES)

    def save(self) -> bool:
        picked = self.day.date().toPython()
        return self._save(picked if self.known.isChecked() and isinstance(picked, date) else None)
