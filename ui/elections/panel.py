"""The panel of one election: header with countdown, stage timeline, the next steps, and tabs
for the checkpoint, the application, the preparatory group, the candidates, ballots and tally."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.elections import actions, procedure, service, stages
from app.elections.stages import KIND_NAMES, STAGE_NAMES
from app.elections.timing_facts import TimingFacts
from app.errors import BadInput, user_errors
from db.models import Candidate, GroupMember
from ui.columns import fit_columns
from ui.context import UiContext
from ui.date_edit import DateEdit
from ui.elections.ballots_tab import BallotEntry, TallyPanel
from ui.elections.common import Clock, bad_value, countdown_text, named, rules, stage_names, tr
from ui.elections.models import approvals_model, checks_model
from ui.elections.people import CandidateEditor, GroupEditor
from ui.elections.printing import PrintButton
from ui.elections.signoff_dialog import SignoffDialog, revoke_reason_dialog, wrapping_checks
from ui.elections.timeline import StageTimeline
from ui.elections.timing_facts import AssemblyNoticeRow, TimingFactsEditor
from ui.elections.vote_arrangements import VoteArrangementEditor
from ui.i18n import QT_TRANSLATE_NOOP
from ui.operations import BackgroundTask, error_text, show_error
from ui.owners_votes.reps_row import RepsPublishedRow
from ui.owners_votes.votes_box import VotesBox
from ui.terms import term, worded
from ui.turns import WRITES
from ui.widgets import make_table


class ElectionPanel(QWidget):
    """Shows one election; every action goes through app.elections.actions, then reloads."""

    changed = Signal()

    def __init__(self, ctx: UiContext, clock: Clock) -> None:
        super().__init__()
        self.setObjectName("electionPanel")
        self.ctx = ctx
        self.clock = clock
        self.election_id: str | None = None
        self.view_data: actions.ElectionView | None = None
        self._loads = 0  # reads of the election begun: only the latest one is shown
        self.dialog: QDialog | None = None
        self.tally_task: BackgroundTask | None = None
        self.import_task: BackgroundTask | None = None

        self.title = QLabel()
        self.title.setObjectName("electionTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.countdown = QLabel()
        self.countdown.setObjectName("electionCountdown")
        for label in (self.title, self.countdown):  # side by side they were wider than the
            label.setWordWrap(True)  # screen at 特大 text in English: each wraps instead
        self.timeline = StageTimeline()
        self.moves_bar = QHBoxLayout()
        self.move_buttons: list[QPushButton] = []
        self.sign_button = QPushButton(tr("审核签署…"))
        self.sign_button.setObjectName("openSignoff")
        self.sign_button.clicked.connect(self.open_signoff)
        self.moves_bar.addWidget(self.sign_button)
        self.moves_bar.addStretch(1)
        # after the tally the first meeting, its officers and the filing are registered on the
        # new committee (the compound's 本届业委会 tab): the way there
        self.committee_button = QPushButton(tr("本届业委会：首次会议与备案…"))
        self.committee_button.setObjectName("openCommittee")
        self.committee_button.clicked.connect(self.open_committee)
        self.committee_button.hide()
        self.moves_bar.addWidget(self.committee_button)
        self.print_button = PrintButton(self.print_document, self.selected_approval)
        self.moves_bar.addWidget(self.print_button)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("electionTabs")
        self.tabs.addTab(self._checkpoint_tab(), tr("关口审核"))
        self.tabs.addTab(self._application_tab(), tr("申请"))
        self.group = GroupEditor(self._save_group, lambda rid: self._remove(GroupMember, rid))
        self.candidates = CandidateEditor(self._save_candidate, lambda rid: self._remove(Candidate, rid))
        self.reps = RepsPublishedRow(self._save_reps)  # 深圳条例第二十条: reps published first
        self.group_page = QWidget()
        group_layout = QVBoxLayout(self.group_page)
        group_layout.addWidget(self.reps)
        group_layout.addWidget(self.group, 1)
        self.tabs.addTab(self.group_page, tr("筹备组"))
        self.tabs.addTab(self.candidates, tr("候选人"))
        self.arrangements = VoteArrangementEditor(self._save_arrangements, rules)
        self.assembly_notice = AssemblyNoticeRow(self._save_assembly_notice)
        self.arrangements_page = QWidget()
        arranged = QVBoxLayout(self.arrangements_page)
        arranged.addWidget(self.assembly_notice)
        arranged.addWidget(self.arrangements, 1)
        self.tabs.addTab(self.arrangements_page, tr("表决安排"))
        self.ballots = BallotEntry(self._save_ballot, self.choose_import, self._remove_ballot)
        self.tabs.addTab(self.ballots, tr("投票录入"))
        self.tally = TallyPanel()
        self.tally.shown.connect(self.ballots.show_quorum)  # the entry tab's quorum bars
        self.tally.refresh_requested.connect(self.refresh_tally)
        # the tab's own word ("Tally"), not the stage's (计票 is "Tallied" as a stage)
        self.tabs.addTab(self.tally, QCoreApplication.translate(
            "ElectionTabs", QT_TRANSLATE_NOOP("ElectionTabs", "计票")))
        self.owners_votes = VotesBox(ctx.store, rules, clock)  # 首次大会: 管理规约、议事规则
        self.owners_votes.recorded.connect(lambda: self._run(lambda: None))
        self.tabs.addTab(self.owners_votes, tr("业主表决"))

        header = QHBoxLayout()  # the title takes the room it needs first: it broke mid-phrase
        header.addWidget(self.title, 3)  # beside empty space ("…首次选举 / · 应选 5 名")
        header.addWidget(self.countdown, 2)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.timeline)
        layout.addLayout(self.moves_bar)
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)

    # ----- tabs -----------------------------------------------------------------------------
    def _checkpoint_tab(self) -> QWidget:
        page = QWidget()
        self.checkpoint_label = QLabel()
        self.checkpoint_label.setObjectName("checkpointLabel")
        self.checkpoint_label.setWordWrap(True)
        self.checks = checks_model(self)
        self.checks_view = wrapping_checks(make_table(self.checks, "checksTable"))  # 依据 in view
        self.history = approvals_model(
            self, lambda: self.view_data.election.kind if self.view_data is not None else None)
        self.history_view = make_table(self.history, "approvalsTable")
        self.history_view.selectionModel().currentRowChanged.connect(
            lambda *_: self.print_button.update_approval())
        self.revoke_button = QPushButton(tr("撤销所选审核…"))
        self.revoke_button.setObjectName("revokeSignoff")
        self.revoke_button.clicked.connect(self.revoke_selected)
        layout = QVBoxLayout(page)
        layout.addWidget(self.checkpoint_label)
        layout.addWidget(self.checks_view, 2)  # wrapped rows are tall: the checks get more room
        row = QHBoxLayout()
        history_label = QLabel(tr("审核记录（只增不改；撤销也是一条新的签名记录）"))
        history_label.setWordWrap(True)  # wraps rather than widening the panel at a larger text size
        row.addWidget(history_label, 1)
        row.addWidget(self.revoke_button)
        layout.addLayout(row)
        layout.addWidget(self.history_view, 1)
        return page

    def _application_tab(self) -> QWidget:
        page = QWidget()
        self.applied_on = DateEdit(prefer="past")
        self.applied_on.setObjectName("appliedOn")
        self.applied_on.setCalendarPopup(True)
        self.applied_on.setDisplayFormat("yyyy-MM-dd")
        self.applicant_owners = QSpinBox()
        self.applicant_owners.setObjectName("applicantOwners")
        self.applicant_owners.setRange(0, 1_000_000)
        self.applicant_area = QLineEdit()
        self.applicant_area.setObjectName("applicantArea")
        self.seats = QSpinBox()
        self.seats.setObjectName("seats")
        self.seats.setRange(1, 99)
        save = QPushButton(tr("保存申请信息"))
        save.setObjectName("saveApplication")
        save.clicked.connect(self.save_application)
        form = QFormLayout(page)
        form.addRow(tr("申请日期"), self.applied_on)
        form.addRow(tr("申请业主人数"), self.applicant_owners)
        form.addRow(tr("申请业主专有面积（m²）"), self.applicant_area)
        form.addRow(tr("应选委员名额"), self.seats)
        form.addRow("", save)
        self.facts = TimingFactsEditor(self._save_facts, rules)
        form.addRow(self.facts)
        return page

    # ----- loading --------------------------------------------------------------------------
    def load(self, election_id: str | None) -> None:
        self._loads += 1  # a background read begun before this one must not replace it
        if election_id != self.election_id:  # another election: nothing of the last one stays
            self._forget_shown()
        self.election_id = election_id
        self.setEnabled(election_id is not None)
        if election_id is None:
            self.view_data = None
            self.title.setText(tr("选择左侧的一场选举"))
            self.print_button.show_election(None)
            return
        with self.ctx.store.session() as session:
            stored = service.stored_election(session, election_id)
        try:
            view = None if stored is not None and stored.bad else actions.load_view(
                self.ctx.store, election_id, rules(), self.clock())
        except BadInput as exc:
            show_error(self, exc)
            return
        except service.DATA_ERRORS:  # a stored value out of its domain: say so, keep the page
            view = None
        if view is None:
            self._show_faulty(stored)
            return
        self._show_view(view)

    def _forget_shown(self) -> None:
        """A room half-typed for the last election would name an owner of this one (the same
        room in another compound), its tally and quorum would be read as this one's: cleared
        before the next election is shown; its tally follows in the background."""
        self.ballots.clear_entry()
        self.tally.show_result(None, tr("正在计票…"))

    def load_later(self, election_id: str) -> None:
        """Read the election again in the background (after a ballot is entered): the UI
        thread only shows it. A failure falls back to load(), which says what is wrong.
        Reads may finish out of order (two ballots typed quickly): only the latest begun is
        shown, or the first ballot's read, arriving last, would hide the second ballot."""
        store, ruleset, today = self.ctx.store, rules(), self.clock()
        self._loads += 1
        this_load = self._loads

        def shown(view: actions.ElectionView) -> None:
            if self.election_id == election_id and self._loads == this_load:
                self._show_view(view)

        self.ctx.run_in_background(
            lambda _progress: actions.load_view(store, election_id, ruleset, today), shown,
            on_failure=lambda _exc: self.load(self.election_id), show_progress=False,
            read_only=True, parent=self)

    def _show_view(self, view: actions.ElectionView) -> None:
        self.tabs.setEnabled(True)
        self.view_data = view
        e = view.election
        self.title.setText(tr("{c} · {k} · 应选 {s} 名").format(
            c=view.compound_name, k=named(KIND_NAMES, e.kind), s=e.seats))
        names = stage_names(e.kind)
        self.countdown.setText(tr("当前：{s}  {t}").format(
            s=named(names, e.stage), t=countdown_text(view.days_left, view.deadline)))
        self.countdown.setStyleSheet("color:#b3261e;font-weight:bold;" if view.overdue else "")
        self.timeline.show_stages(view.stages, e.stage, view.overdue, names)
        self._show_moves(view)
        self.committee_button.setVisible(e.stage in ("tallied", "seated", "filed"))
        self._show_checkpoint(view)
        self.print_button.show_election(view)
        applied = e.applied_on or self.clock()
        self.applied_on.setDate(QDate(applied.year, applied.month, applied.day))
        self.applicant_owners.setValue(e.applicant_owners)
        self.applicant_area.setText(format(e.applicant_area_m2, "f"))
        self.seats.setValue(e.seats)
        self.facts.show_election(e, self.clock(), e.stage in ("application", "checkpoint_timing"))
        self.group.set_rows(view.group, view.owners)
        has_group = "group_formed" in view.stages
        self.group.setEnabled(has_group)
        self.reps.show_election(e, rules(), self.clock())
        self.reps.setVisible(e.kind == "first")
        self.owners_votes.show_election(e)
        self.tabs.setTabVisible(self.tabs.indexOf(self.owners_votes), e.kind == "first")
        self.tabs.setTabText(self.tabs.indexOf(self.group_page),
                             term(stages.organiser(e.kind, rules())) if has_group else tr("筹备组"))
        self.candidates.set_rows(view.candidates, view.owners)
        self.arrangements.show_election(e, self.clock())
        self.assembly_notice.show_election(e, self.clock(), e.stage in (
            "checkpoint_candidates", "candidate_notice"))
        self.tabs.setTabVisible(self.tabs.indexOf(self.arrangements_page),
                                self.arrangements.applies_to(e))
        self.ballots.set_data(view.owners, [c.name for c in view.candidates], view.paper_entered,
                              e.stage == "voting", view.e_voted)
        if e.stage in ("voting", "tallied", "filed", "seated"):
            self.refresh_tally()
        else:
            self.tally.show_result(None, tr("投票开始后在此显示实时计票。"))

    def _show_faulty(self, stored: service.StoredElection | None) -> None:
        """An election whose stored values this app cannot work with: name it and what is wrong,
        offer no steps (a step from an unknown stage could skip a checkpoint)."""
        self.view_data = None
        if stored is None:
            stored = service.StoredElection("", "", "", ("row",))
        kind, stage, bad = stored.kind, stored.stage, stored.bad
        self.title.setText(tr("{c} · 选举数据有误").format(c=stored.compound))
        self.countdown.setText(tr("类型：{k}  阶段：{s}").format(
            k=bad_value(kind) if "kind" in bad else named(KIND_NAMES, kind),
            s=bad_value(stage) if "stage" in bad else named(STAGE_NAMES, stage)))
        self.countdown.setStyleSheet("color:#6d4c41;font-weight:bold;")
        self.timeline.show_stages((), "", False)
        for button in self.move_buttons:
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.move_buttons = []
        self.sign_button.hide()
        self.committee_button.hide()
        self.print_button.show_election(None)
        self.checkpoint_label.setText(tr(
            "这场选举保存的数据有误（可能来自出错的导入或其他设备），本机无法显示或办理。"
            "其他选举不受影响。请联系区级主管核对更正。"))
        self.checkpoint_label.setStyleSheet("color:#6d4c41;")
        self.checks.set_records([])
        self.history.set_records([])
        self.tabs.setCurrentIndex(0)
        self.tabs.setEnabled(False)

    def _show_moves(self, view: actions.ElectionView) -> None:
        # the window's own focus widget: after a dialog the window may not be active yet
        focused = self.window().focusWidget() or QApplication.focusWidget()
        had_focus = focused is not None and (focused in self.move_buttons
                                             or focused is self.sign_button)
        labels = tuple((move.target, worded(move.label_msg) if move.label_msg else term(move.label))
                       for move in view.moves)
        if labels == tuple((b.objectName().removeprefix("move_"), b.text())
                           for b in self.move_buttons):  # the same steps (the same election
            self.sign_button.setVisible(view.checkpoint is not None)  # again after a ballot)
            return
        for button in self.move_buttons:
            button.hide()
            button.setParent(None)  # out of the widget tree now, freed later
            button.deleteLater()
        self.move_buttons = []
        for target, label in labels:
            button = QPushButton(label)
            button.setObjectName(f"move_{target}")
            button.clicked.connect(lambda _=False, target=target: self.advance(target))
            self.moves_bar.insertWidget(1 + len(self.move_buttons), button)
            button.show()
            self.move_buttons.append(button)
        self.sign_button.setVisible(view.checkpoint is not None)
        self._order_steps()
        if had_focus:  # the pressed button is gone or hidden: focus the next thing to do
            self._focus_next_step()

    def _order_steps(self) -> None:
        """Tab goes through the step bar as it reads (sign-off, the steps, the committee,
        打印) and then into the tabs: new step buttons would otherwise come last, after the
        tabs' contents."""
        chain = [self.sign_button, *self.move_buttons, self.committee_button, self.print_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _focus_next_step(self) -> None:
        """Keyboard users go on from the step just taken: sign-off, else the next step, else
        the tabs."""
        if self.sign_button.isVisibleTo(self):
            self.sign_button.setFocus()
        elif self.move_buttons:
            self.move_buttons[0].setFocus()
        else:
            self.tabs.tabBar().setFocus()

    def _show_checkpoint(self, view: actions.ElectionView) -> None:
        self.history.set_records(view.approvals)
        fit_columns(self.history_view)
        # once tallied, the election itself changed what 筹备时机关 read (the committee it
        # replaced): a sign-off's staleness matters only on the way to the vote
        open_stages = ("tallied", "seated", "filed")
        stale = [cp for cp, s in view.standing.items()
                 if s.status == "stale" and view.election.stage not in open_stages]
        checkpoint_names = {cp: stages.checkpoint_name(cp, view.election.kind, rules())
                            for cp in stages.CHECKPOINT_STAGE}
        notes = []
        if view.draft is not None:
            failing = sum(1 for c in view.draft.checks if c.blocks)
            notes.append(tr("当前关口：{n}。{f}").format(
                n=named(checkpoint_names, view.draft.checkpoint),
                f=tr("{k} 项条件未满足。").format(k=failing) if failing else tr("条件均已满足，可签署。")))
            self.checks.set_records(view.draft.checks)
        else:
            notes.append(tr("选举现不在关口阶段，没有待审核的条件。下方是全部审核记录。"))
            self.checks.set_records([])
        self.checks_view.setVisible(view.draft is not None)
        if stale:
            notes.append(tr("注意：{c} 的审核内容已变更，审核已过时，须撤销后重新审核。").format(
                c=tr("、").join(named(checkpoint_names, cp) for cp in stale)))
        self.checkpoint_label.setText("\n".join(notes))
        self.checkpoint_label.setStyleSheet("color:#8a5a00;" if stale else "")

    # ----- actions --------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], failed: Callable[[BaseException], None] | None = None
             ) -> bool:
        """Run one app action; a refusal or a failure (no keyring, a store fault) is a message
        (`failed` words it when given); reload on success."""
        try:
            work()
        except user_errors() as exc:
            (failed or (lambda e: show_error(self, e)))(exc)
            return False
        self.load(self.election_id)
        self.changed.emit()
        self.ctx.changed("elections")
        return True

    def advance(self, target: str) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.advance(self.ctx.store, eid, target, rules(), self.clock()))

    def save_application(self) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        applied = self.applied_on.date().toPython()
        return self._run(lambda: actions.save_application(
            self.ctx.store, eid, applied if isinstance(applied, date) else None,
            self.applicant_owners.value(), self.applicant_area.text(), self.seats.value(), rules()))

    def _save_reps(self, day: date | None) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: procedure.save_reps_published(self.ctx.store, eid, day, self.clock()))

    def _save_group(self, fields: dict[str, Any], row_id: str | None) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.save_group_member(self.ctx.store, eid, member_id=row_id, **fields))

    def _save_candidate(self, fields: dict[str, Any], row_id: str | None) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.save_candidate(self.ctx.store, eid, candidate_id=row_id, **fields))

    def _save_arrangements(self, start: date, end: date, place: str, e_vote: bool) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.save_vote_arrangements(
            self.ctx.store, eid, start, end, place, e_vote, rules()))

    def _save_facts(self, facts: TimingFacts) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.save_timing_facts(self.ctx.store, eid, facts, rules(),
                                                           self.clock()))

    def _save_assembly_notice(self, day: date | None) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.save_assembly_notice(self.ctx.store, eid, day, rules(),
                                                              self.clock()))

    def _remove(self, model: type, row_id: str) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.remove_person(self.ctx.store, eid, model, row_id))

    def _save_ballot(self, owner_key: str, vote: str, replace: bool) -> bool:
        """One paper ballot, written on a worker thread in its turn (the entry line is free for
        the next at once); then the panel and the tally re-read in the background. The entry
        says 已保存 only when the write succeeded; a refusal puts the ballot back in the entry
        line and says why on its status line. The list's row does not change."""
        assert self.election_id is not None
        eid, store, ruleset, today = self.election_id, self.ctx.store, rules(), self.clock()
        ticket = WRITES.take()

        def write(_progress: object) -> None:
            with WRITES.turn(ticket):
                actions.enter_paper(store, eid, owner_key, vote, ruleset, today, replace)

        def written(_result: None) -> None:
            if self.election_id == eid:
                self.ballots.ballot_saved(owner_key, vote, ticket)
                self.load_later(eid)
            self.ctx.changed("ballots", origin=self)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, user_errors()) or self.election_id != eid:
                show_error(self, exc)  # unexpected (crash dialog), or another election's
                return
            duplicate = getattr(exc, "code", None) == "ballot.duplicate_paper"
            self.ballots.ballot_refused(owner_key, vote, replace, error_text(exc), duplicate)

        self.ctx.run_in_background(write, written, on_failure=refused, show_progress=False,
                                   parent=self)
        return True

    def _remove_ballot(self, owner_key: str) -> bool:
        assert self.election_id is not None
        eid = self.election_id
        return self._run(lambda: actions.remove_paper(self.ctx.store, eid, owner_key))

    def open_committee(self) -> None:
        """The compound's 本届业委会 tab, where the committee this election produced is kept."""
        if self.view_data is not None:
            self.ctx.bus.show_page.emit("compounds", {
                "compound_id": self.view_data.election.compound_id, "tab": "committee"})

    def open_signoff(self) -> SignoffDialog | None:
        view = self.view_data
        if view is None or view.draft is None:
            return None
        dialog = SignoffDialog(view.draft, self.ctx.store.actor, self, ctx=self.ctx)
        expected = view.draft.content_hash
        checkpoint = view.draft.checkpoint

        def accepted() -> None:
            decision, comment, override = dialog.values()
            assert self.election_id is not None
            eid = self.election_id
            self._run(lambda: actions.sign(
                self.ctx.store, eid, checkpoint, decision, rules(), self.clock(), comment=comment,
                override_reason=override, expected_hash=expected), self._sign_failed)
            self._focus_next_step()  # the dialog's focus does not come back to a hidden button

        dialog.accepted.connect(accepted)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _sign_failed(self, exc: BaseException) -> None:
        """Nothing was signed: say so, and why (a keyring that is locked or missing, say)."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("签署未完成"), tr(
            "没有签署任何内容，审核记录未改变。\n原因：{reason}\n"
            "请检查后重试；签名密钥保存在系统钥匙串中，如钥匙串不可用，请联系管理员。").format(
                reason=error_text(exc)), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("signFailedMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box

    def revoke_selected(self) -> QDialog | None:
        index = self.history_view.currentIndex()
        if not index.isValid() or self.election_id is None:
            show_error(self, BadInput(tr("先在审核记录中选中要撤销的“通过”记录")))
            return None
        line = self.history.record(index.row())
        kind = self.view_data.election.kind if self.view_data is not None else None
        text = tr("撤销 {c} 的审核（{s} 于 {t} 签署）。选举将回到该关口重新审核。").format(
            c=term(stages.checkpoint_name(line.approval.checkpoint, kind, rules())),
            s=line.approval.signer,
            t=line.approval.signed_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        dialog = revoke_reason_dialog(self, text)
        eid = self.election_id

        def accepted() -> None:
            reason = dialog.reason.text()  # type: ignore[attr-defined]  # see revoke_reason_dialog
            self._run(lambda: actions.sign(
                self.ctx.store, eid, line.approval.checkpoint, "revoked", rules(), self.clock(),
                comment=reason, revokes_id=line.approval.id))

        dialog.accepted.connect(accepted)
        dialog.open()
        self.dialog = dialog
        return dialog

    def selected_approval(self) -> actions.ApprovalLine | None:
        index = self.history_view.currentIndex()
        return self.history.record(index.row()) if index.isValid() else None

    def print_document(self, kind: str, record_id: str) -> BackgroundTask:
        """打印: build the document in the background, then open the preview window."""
        from ui.printing.preview import show_document

        return show_document(self.ctx, kind, record_id)

    def choose_import(self) -> None:
        from ui.file_dialogs import open_path

        chosen = open_path(self, "evote", tr("选择电子投票导出文件"),
                           tr("表格 (*.xlsx *.xls *.xlsb *.ods *.csv)"))
        path = str(chosen) if chosen is not None else ""
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> BackgroundTask | None:
        if self.election_id is None:
            return None
        eid, store, ruleset = self.election_id, self.ctx.store, rules()

        def done(count: int) -> None:
            self.ballots.status.setText(tr("已导入电子投票 {n} 张；同一业主的纸质票已标记为被取代。").format(n=count))
            self.load(self.election_id)
            self.ctx.changed("ballots")

        self.import_task = self.ctx.run_in_background(
            lambda progress: actions.import_e_votes(store, eid, path, ruleset, progress), done,
            label=tr("正在导入电子投票…"), parent=self)
        return self.import_task

    def refresh_tally(self) -> BackgroundTask | None:
        """Tally in the background helper (a large register takes a moment)."""
        if self.election_id is None:
            return None
        eid, store, ruleset = self.election_id, self.ctx.store, rules()

        def shown(result: Any) -> None:
            if self.election_id == eid:  # not another election's, delivered late
                self.tally.show_result(result)

        def failed(exc: BaseException) -> None:
            if self.election_id == eid:
                self.tally.show_result(None, error_text(exc))

        self.tally_task = self.ctx.run_in_background(
            lambda _progress: actions.live_tally(store, eid, ruleset), shown, on_failure=failed,
            label=tr("正在计票…"), parent=self, show_progress=False)
        return self.tally_task
