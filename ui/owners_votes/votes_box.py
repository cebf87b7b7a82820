"""The owners' votes of one election or one agenda item, each with its outcome, and a button
that records another (the first election's 管理规约 and 议事规则; an owners' matter on the agenda)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from app.owners_votes.agenda_matters import owners_matter
from app.owners_votes.first_assembly import first_assembly_problem
from db.models import AgendaItem, Election
from db.store import Store
from ui.operations import problem_text
from ui.owners_votes.labels import matter, outcome_text, subject, tr
from ui.terms import term

if TYPE_CHECKING:  # the tally and the rules file (pydantic) load when a vote is shown or recorded
    from app.owners_votes.records import VoteInput
    from app.rules import Rules
    from ui.owners_votes.vote_dialog import OwnersVoteDialog


def election_rules() -> Rules:
    """The rules file, loaded (with pydantic) only once a vote is shown or recorded."""
    from app.rules import load_rules

    return load_rules()


class VotesBox(QGroupBox):
    """Call `show_election` or `show_item`; `recorded` fires after a vote is saved."""

    recorded = Signal()

    def __init__(self, store: Store, rules: Callable[[], Rules], clock: Callable[[], date]) -> None:
        super().__init__(tr("业主表决"))
        self.setObjectName("ownersVotes")
        self.store, self.rules, self.clock = store, rules, clock
        self._base: VoteInput | None = None
        self._subjects: tuple[str, ...] = ()
        self._matters: tuple[str, ...] = ("ordinary", "major")
        self.dialog: OwnersVoteDialog | None = None
        self.note = QLabel()
        self.note.setObjectName("ownersVotesNote")
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("ownersVotesList")
        self.list.setToolTip(tr("双击或回车：更正该条表决的数字"))
        # activated: Enter on the keyboard, double-click (or the platform's click) by mouse
        self.list.itemActivated.connect(lambda _item: self.open_dialog(self.list.currentRow()))
        self._votes: list[Any] = []  # the OwnersVote of each listed row
        self.add = QPushButton(tr("登记表决结果…"))
        self.add.setObjectName("recordOwnersVote")
        self.add.clicked.connect(lambda: self.open_dialog())
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.list)

    def _fill(self, rows: list[Any], note: str) -> None:
        self.list.clear()
        self._votes = [r.vote for r in rows]
        for r in rows:
            v = r.vote
            held = v.held_on.isoformat() if v.held_on else tr("日期未登记")
            self.list.addItem(f"{held}  {subject(v.subject)}：{v.title}（{matter(v.matter)}）  "
                              f"{outcome_text(r.outcome)}")
        self.note.setText(note)

    def _show(self, visible: bool) -> None:
        """Shown or hidden — unless it is a tab's page, which the tab bar shows (setVisible on
        a page would draw it over whichever tab is current)."""
        if isinstance(self.parentWidget(), QStackedWidget):
            return
        self.setVisible(visible)

    def show_election(self, election: Election | None) -> None:
        self._show(election is not None and election.kind == "first")
        if election is None or election.kind != "first":
            self._base = None
            return
        from app.owners_votes.records import VoteInput, list_votes

        self._base = VoteInput(compound_id=election.compound_id, subject="management_statute",
                               title=tr("管理规约"), election_id=election.id)
        self._subjects, self._matters = ("management_statute", "procedure_rules"), ("ordinary",)
        with self.store.session() as s:
            rows = list_votes(s, self.rules(), election_id=election.id)
            problem = first_assembly_problem(s, election, self.rules())
        self._fill(rows, problem_text(problem) if problem is not None
                   else tr("首次业主大会已表决通过管理规约和业主大会议事规则"))

    def show_item(self, item: AgendaItem | None) -> None:
        found = owners_matter(item.category) if item is not None else None
        self._show(found is not None)
        if item is None or found is None:
            self._base = None
            return
        from app.owners_votes.records import VoteInput, list_votes

        self._base = VoteInput(compound_id=item.compound_id, subject="agenda", title=item.title,
                               matter=found.matter, agenda_item_id=item.id)
        self._subjects = ("agenda",)
        self._matters = ("major",) if found.matter == "major" else ("ordinary", "major")
        with self.store.session() as s:
            rows = list_votes(s, self.rules(), agenda_item_id=item.id)
        note = tr("业主共同决定事项（{label}，{source}）：须经业主表决通过方可转入「定」").format(
            label=found.label, source=term(found.source))
        self._fill(rows, note)

    def show_compound(self, compound_id: str | None) -> None:
        """Every vote of the compound; a new one here is a removal or another joint decision (the
        statutes are recorded with their election, an agenda item's vote with the item)."""
        if compound_id is None:
            self._base = None
            self._fill([], "")
            return
        from app.owners_votes.records import VoteInput, list_votes

        self._base = VoteInput(compound_id=compound_id, subject="removal", title=tr("罢免业委会委员"))
        self._subjects, self._matters = ("removal", "other"), ("ordinary", "major")
        with self.store.session() as s:
            rows = list_votes(s, self.rules(), compound_id=compound_id)
        self._fill(rows, tr("罢免、更换委员等业主共同决定事项（《民法典》第二百七十八条）；"
                            "管理规约、议事规则在选举中登记，议事事项的表决在事项中登记"))

    def open_dialog(self, row: int | None = None) -> OwnersVoteDialog | None:
        """Record a new vote, or with `row` correct the listed vote at that row."""
        if self._base is None:
            return None
        from app.owners_votes.records import VoteInput, record_vote, register_totals
        from ui.owners_votes.vote_dialog import OwnersVoteDialog

        vote = self._votes[row] if row is not None and 0 <= row < len(self._votes) else None
        base, subjects = self._base, self._subjects
        if vote is not None:
            base = VoteInput(
                compound_id=vote.compound_id, subject=vote.subject, title=vote.title,
                matter=vote.matter, held_on=vote.held_on, voted_owners=vote.voted_owners,
                voted_area_m2=vote.voted_area_m2, yes_owners=vote.yes_owners,
                yes_area_m2=vote.yes_area_m2, election_id=vote.election_id,
                agenda_item_id=vote.agenda_item_id, note=vote.note)
            subjects = tuple(dict.fromkeys((vote.subject, *subjects)))
            totals = (vote.total_owners, vote.total_area_m2)
        else:
            with self.store.session() as s:
                totals = register_totals(s, base.compound_id, self.rules())
        vote_id = vote.id if vote is not None else None

        def run(data: VoteInput) -> None:
            with self.store.transaction() as s:
                record_vote(s, data, self.rules(), vote_id=vote_id, today=self.clock())

        self.dialog = OwnersVoteDialog(self.rules(), base, totals, self.clock(), run,
                                       subjects, self._matters, self, editing=vote is not None)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    def _saved(self) -> None:
        self.recorded.emit()
