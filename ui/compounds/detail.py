"""The detail panel of one compound: overview (editable), party branch & members, owners'
committee & elections, agenda items, rating, and history (lifecycle changes and audit entries).
The non-editable tabs summarise what other pages manage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app import compounds
from db.jsontext import read_json_text
from ui import labels
from ui.agenda import labels as agenda_labels
from ui.columns import fit_columns
from ui.committee.view import CommitteeView
from ui.compounds.overview import CompoundOverview, OverviewData, read_overview
from ui.compounds.party_tab import PartyTab
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.record_model import RecordTableModel
from ui.resources import icon
from ui.widgets import make_table

EVALUATION_TARGETS = {  # as app.evaluations.TARGET_LABELS (not imported at start-up)
    "committee": QT_TRANSLATE_NOOP("CompoundDetail", "业主委员会"),
    "company": QT_TRANSLATE_NOOP("CompoundDetail", "物业服务企业"),
}
NOTICE_BY_STAGE = {  # election stage -> the notice printed at that point (app.printing kinds)
    "group_formed": "preparatory-notice", "checkpoint_group": "preparatory-notice",
    "candidates_nominated": "candidates-notice", "checkpoint_candidates": "candidates-notice",
    "candidate_notice": "candidates-notice", "voting": "election-notice",
    "tallied": "result-notice", "filed": "result-notice", "seated": "result-notice",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("CompoundDetail", text)


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


def _local_time(value: Any) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _summary(entry: Any) -> str:
    fields = read_json_text(entry.summary, dict)
    if fields is None:
        return str(entry.summary or "")[:200]
    parts = []
    for name, change in fields.items():
        label = compounds.FIELD_LABELS_ZH.get(name, name)
        if isinstance(change, dict) and "to" in change:
            old = change.get("from", "")
            parts.append(f"{label}：{old} → {change['to']}" if "from" in change
                         else f"{label}：{change['to']}")
        else:
            parts.append(f"{label}：{change}")
    return "；".join(parts)


def _term_countdown(committee: Any) -> str:
    """The 换届 countdown once it shows ([term.countdown] months before the term ends)."""
    from app.agenda_rules import local_today
    from app.committee.countdown import countdown
    from app.rules import load_rules

    shown = countdown(committee, load_rules(), local_today())
    if shown is None or not shown.showing:
        return ""
    if shown.ended:
        return tr("任期已届满 {n} 天，须换届").format(n=-shown.days_left)
    return tr("换届倒计时 {n} 天").format(n=shown.days_left)


def _election_notice(election: Any) -> tuple[str, str] | None:
    """The notice that belongs to an election's current stage (None before the first one)."""
    kind = NOTICE_BY_STAGE.get(election.stage)
    return (kind, election.id) if kind else None


class ListTab(QWidget):
    """A heading, a read-only table and, when the rows are documents, a 打印 button.

    `printable(record)` gives (document kind, record id) for the selected row, or None when that
    row has no document (ui.printing builds and previews it)."""

    def __init__(self, heading: str, columns: list[tuple[str, Any]], name: str,
                 ctx: UiContext | None = None, print_text: str = "",
                 printable: Callable[[Any], tuple[str, str] | None] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.printable = printable
        self.model = RecordTableModel(columns, self)
        self.view = make_table(self.model, name)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.print_button: QPushButton | None = None
        if printable is not None:
            self.print_button = QPushButton(icon("print"), print_text or tr("打印…"))
            self.print_button.setObjectName(name + "Print")
            self.print_button.setEnabled(False)
            self.print_button.clicked.connect(self.print_selected)
            self.view.selectionModel().currentRowChanged.connect(self._update_print)
            self.view.doubleClicked.connect(self.print_selected)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.print_button)
            layout.addLayout(row)

    def show_records(self, records: list[Any]) -> None:
        self.model.set_records(records)
        fit_columns(self.view)
        self._update_print()

    def selected_document(self) -> tuple[str, str] | None:
        index = self.view.currentIndex()
        if self.printable is None or not index.isValid():
            return None
        return self.printable(self.model.records[index.row()])

    def _update_print(self, *_args: Any) -> None:
        if self.print_button is not None:
            self.print_button.setEnabled(self.selected_document() is not None)

    def print_selected(self, *_args: Any) -> Any:
        document = self.selected_document()
        if document is None or self.ctx is None:
            return None
        from ui.printing.preview import show_document

        return show_document(self.ctx, *document)


class CompoundDetail(QWidget):
    """Tabs for the selected compound."""

    edit_requested = Signal(str, dict)
    party_changed = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.compound_id: str | None = None
        self._refreshes = 0  # background reads begun after saves: only the latest is shown
        self.title = QLabel(tr("请在左侧列表中选择一个小区"))
        self.title.setObjectName("detailTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailTabs")
        self.tabs.setDocumentMode(True)
        self.overview = CompoundOverview(ctx)
        self.overview.edit_requested.connect(self.edit_requested)
        self.party = PartyTab(ctx)
        self.party.changed.connect(self.party_changed)
        self.committee = ListTab(tr("业委会与选举（在“选举”页办理；选中一次选举可打印其当前阶段的公告）"), [
            (tr("类别"), lambda r: r[0]),
            (tr("状态 / 阶段"), lambda r: r[1]),
            (tr("日期"), lambda r: r[2]),
            (tr("说明"), lambda r: r[3]),
        ], "committeeTable", ctx, tr("打印公告…"), lambda r: r[4])
        self.sitting = CommitteeView(ctx)  # the sitting committee: members, meeting, filing, 换届
        self.agenda = ListTab(tr("议事事项（在“议事”页办理）"), [
            (tr("事项"), lambda a: a.title),
            (tr("阶段"), lambda a: agenda_labels.stage(a.stage)),
            (tr("提出日期"), lambda a: _day(a.raised_on)),
            (tr("办理期限"), lambda a: _day(a.deadline)),
            (tr("责任方"), lambda a: a.responsible_party),
        ], "agendaTable", ctx, tr("打印回音告知…"),
            lambda a: ("answer-notice", a.id) if a.answered_on is not None else None)
        self.rating = ListTab(tr("物业服务星级评价（已定稿的检查，在“评价”页办理）"), [
            (tr("检查日期"), lambda r: _day(r.inspected_on)),
            (tr("物业企业"), lambda r: r.company_name),
            (tr("得分率%"), lambda r: f"{r.percent:.2f}"),
            (tr("星级"), lambda r: "★" * int(r.stars or 0)),
            (tr("检查人"), lambda r: r.inspector),
        ], "ratingTable", ctx, tr("打印评价报告…"), lambda r: ("rating-report", r.inspection_id))
        self.evaluations = ListTab(tr("党支部对业委会、物业企业的评价（评价权）"), [
            (tr("年度"), lambda e: str(e.year)),
            (tr("评价对象"), lambda e: tr(str(EVALUATION_TARGETS.get(e.target, e.target)))),
            (tr("得分"), lambda e: f"{e.score:.2f}" if e.score is not None else ""),
            (tr("评价人"), lambda e: e.evaluator),
            (tr("评价日期"), lambda e: _day(e.evaluated_on)),
        ], "evaluationTable")
        rating_tab = QWidget()
        rating_layout = QVBoxLayout(rating_tab)
        rating_layout.setContentsMargins(0, 0, 0, 0)
        rating_layout.addWidget(self.rating, 3)
        rating_layout.addWidget(self.evaluations, 2)
        self.history = ListTab(tr("生命周期变更与操作记录"), [
            (tr("时间"), lambda h: h[0]),
            (tr("操作人"), lambda h: h[1]),
            (tr("操作"), lambda h: h[2]),
            (tr("内容"), lambda h: h[3]),
        ], "historyTable")
        self.tabs.addTab(self.overview, tr("概况"))
        self.tabs.addTab(self.party, tr("党支部与党员"))
        self.tabs.addTab(self.committee, tr("业委会与选举"))
        self.tabs.addTab(self.sitting, tr("本届业委会"))
        self.tabs.addTab(self.agenda, tr("议事"))
        from app.agenda_rules import local_today
        from ui.owners_votes.votes_box import VotesBox, election_rules

        self.owners_votes = VotesBox(ctx.store, election_rules, local_today)  # 罢免 and other votes
        self.owners_votes.recorded.connect(lambda: self.load(self.compound_id))
        self.tabs.addTab(self.owners_votes, tr("业主表决"))
        self.tabs.addTab(rating_tab, tr("评价"))
        self.tabs.addTab(self.history, tr("历史"))
        from ui.audit_badge import AuditBadge

        self.audit_badge = AuditBadge(ctx)  # the compound's count of audit violations
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.audit_badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.setEnabled(False)

    def load(self, compound_id: str | None) -> None:
        self.compound_id = compound_id
        self.tabs.setEnabled(compound_id is not None)
        self.overview.load(compound_id)
        self.party.load(compound_id)
        self.sitting.load(compound_id)
        self.owners_votes.show_compound(compound_id)
        if compound_id is None:
            self.title.setText(tr("请在左侧列表中选择一个小区"))
            self.audit_badge.show_compound("")
            for tab in (self.committee, self.agenda, self.rating, self.evaluations,
                        self.history):
                tab.show_records([])
            return
        from app import evaluations, ratings  # only once a compound is opened: keeps start-up lean

        with self.ctx.store.session() as session:
            compound = compounds.get(session, compound_id)
            self.title.setText(compound.name)
            self.audit_badge.show_compound(compound.name)
            committee_rows: list[tuple[Any, ...]] = [
                (tr("业委会"), labels.label(labels.COMMITTEE_STATUS, c.status),
                 f"{_day(c.term_start)} ~ {_day(c.term_end)}",
                 "；".join(filter(None, (
                     tr("备案 {day}").format(day=_day(c.filed_on)) if c.filed_on else "",
                     _term_countdown(c) if c.status == "active" else ""))), None)
                for c in compounds.committees(session, compound_id)
            ]
            committee_rows += [
                (labels.election_kind(e.kind), labels.election_stage(e.stage, e.kind),
                 _day(e.stage_since),
                 tr("席位 {seats}").format(seats=e.seats), _election_notice(e))
                for e in compounds.elections(session, compound_id)
            ]
            self.committee.show_records(committee_rows)
            self.agenda.show_records(compounds.agenda_items(session, compound_id))
            self.rating.show_records(ratings.compound_history(session, compound_id))
            self.evaluations.show_records(evaluations.evaluations_for_compound(session,
                                                                               compound_id))
            self.history.show_records(history_rows(session, compound_id))

    def refresh_later(self, compound_id: str) -> None:
        """After a save: read what a field edit changes (the fields, the name, the history) in
        the background and show it; the other tabs do not depend on the compound's fields.
        Two quick saves make two reads that may finish out of order: only the latest is shown."""
        store = self.ctx.store
        self._refreshes += 1
        this_refresh = self._refreshes

        def read(_progress: object) -> tuple[str, OverviewData, list[tuple[Any, ...]]]:
            data = read_overview(store, compound_id)
            with store.session() as session:
                return str(data.saved["name"]), data, history_rows(session, compound_id)

        def shown(found: tuple[str, OverviewData, list[tuple[Any, ...]]]) -> None:
            if self.compound_id != compound_id or self._refreshes != this_refresh:
                return  # another compound was opened, or a later save's read is on its way
            name, data, history = found
            self.title.setText(name)
            self.audit_badge.show_compound(name)
            self.overview.show_data(compound_id, data)
            self.history.show_records(history)

        self.ctx.run_in_background(read, shown, show_progress=False, read_only=True,
                                   parent=self)


def history_rows(session: Any, compound_id: str) -> list[tuple[Any, ...]]:
    """历史: lifecycle changes, then the audit entries of the compound."""
    created = tr("（新建）")
    return [
        (_day(change.changed_on), change.updated_by, tr("生命周期"),
         f"{change.from_stage or created} → {change.to_stage}")
        for change in reversed(compounds.lifecycle_history(session, compound_id))
    ] + [
        (_local_time(entry.at), entry.actor,
         labels.label(labels.AUDIT_ACTION, entry.action), _summary(entry))
        for entry in compounds.audit_entries(session, compound_id)
    ]
