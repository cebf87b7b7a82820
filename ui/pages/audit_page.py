"""审计: what `python main.py audit` finds, on screen — every election, committee and agenda item
checked against the rules as of each stage it passed. Compounds on the left with a badge (their
count of violations), the findings on the right: compound, record, what is wrong, and the rule
with its source. The audit runs off the UI thread and again whenever the data changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.audit.findings import Finding, Report, Subject
from app.audit.messages import message_zh
from ui.columns import fit_columns
from ui.context import UiContext
from ui.i18n import QT_TRANSLATE_NOOP
from ui.record_model import RecordTableModel
from ui.widgets import make_table

CONTEXT = "Audit"
ALL = ""  # the compound filter's "every compound"
VIOLATION_COLOR = QColor("#b3261e")
INFO_COLOR = QColor("#5f6368")
MAX_COLUMN_WIDTH = 380
SUBJECT_KINDS = {"election": QT_TRANSLATE_NOOP("Audit", "选举"),
                 "committee": QT_TRANSLATE_NOOP("Audit", "业委会"),
                 "agenda_item": QT_TRANSLATE_NOOP("Audit", "议事事项")}
def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def severity_text(finding: Finding) -> str:
    return tr("违规") if finding.severity == "violation" else tr("说明")


def record_text(finding: Finding) -> str:
    """The record, said with its kind unless its label already says it (“议事事项“…””)."""
    kind = tr(SUBJECT_KINDS.get(finding.subject.kind, finding.subject.kind))
    label = finding.subject.label
    return label if label.startswith(kind) else f"{kind}：{label}"


def badge_text(violations: int) -> str:
    """A compound's badge: its count of violations (a tick when there is none)."""
    return str(violations) if violations else "✓"


class FindingModel(RecordTableModel):
    """Findings: kind, compound, record, what is wrong, rule and source; violations in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            (tr("类别"), severity_text),
            (tr("小区"), lambda f: f.compound),
            (tr("记录"), record_text),
            (tr("问题"), message_zh),
            (tr("依据"), lambda f: f.citation),
            (tr("规则"), lambda f: f.code),
        ], parent)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            finding = self.records[index.row()]
            return QBrush(VIOLATION_COLOR if finding.severity == "violation" else INFO_COLOR)
        return super().data(index, role)


class CompoundBadgeModel(RecordTableModel):
    """Compounds with findings and their badge: violations (or ✓) and information."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            (tr("小区"), lambda r: r[0] or tr("全部小区")),
            (tr("违规"), lambda r: badge_text(r[1])),
            (tr("说明"), lambda r: r[2] or ""),
        ], parent)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        if not index.isValid():
            return None
        row = self.records[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row[1]:
            return QBrush(VIOLATION_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


class AuditPage(QWidget):
    """The 审计 page; `audited` carries the number of violations after each run."""

    audited = Signal(int)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("auditPage")
        self.ctx = ctx
        self.report: Report | None = None
        self.compound = ALL

        self.summary = QLabel(tr("正在核查…"))
        self.summary.setObjectName("auditSummary")
        self.summary.setWordWrap(True)
        self.refresh = QPushButton(tr("重新核查"))
        self.refresh.setObjectName("auditRefresh")
        self.refresh.clicked.connect(self.reload)
        self.show_what = QComboBox()
        self.show_what.setObjectName("auditShow")
        self.show_what.addItem(tr("违规与说明"), "all")
        self.show_what.addItem(tr("只看违规"), "violation")
        self.show_what.addItem(tr("只看说明"), "info")
        self.show_what.currentIndexChanged.connect(self._show)
        self.search = QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(tr("搜索小区、记录或规则"))
        self.search.textChanged.connect(self._show)

        self.compounds = CompoundBadgeModel(self)
        self.compound_view = make_table(self.compounds, "auditCompounds")
        self.compound_view.selectionModel().currentRowChanged.connect(self._compound_chosen)
        self.findings = FindingModel(self)
        self.finding_view = make_table(self.findings, "auditFindings")
        self.finding_view.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("auditDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.finding_view.selectionModel().currentRowChanged.connect(self._finding_chosen)
        self.finding_view.activated.connect(self._finding_opened)  # Enter or double-click
        self.finding_view.setToolTip(tr("回车或双击：打开该记录"))

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_what)
        top.addWidget(self.search)
        top.addWidget(self.refresh)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.finding_view, 1)
        right_layout.addWidget(self.detail)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("auditSplitter")
        splitter.addWidget(self.compound_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([260, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        from ui.audit_badge import audit_state

        self.state = audit_state(ctx)
        self.state.updated.connect(self._loaded)
        self.state.failed.connect(self._failed)
        if self.state.report is not None:
            self.set_report(self.state.report)
        self.reload()

    # ---- running the audit (shared with the compounds' badges: ui.audit_badge) ---------
    @property
    def running(self) -> bool:
        return self.state.running

    def reload(self) -> None:
        """Audit the store again, in the background."""
        self.refresh.setEnabled(False)
        self.state.run()

    def _loaded(self, report: Report) -> None:
        self.refresh.setEnabled(True)
        self.set_report(report)

    def _failed(self, message: str) -> None:
        self.refresh.setEnabled(True)
        self.summary.setText(tr("核查未能完成：{e}").format(e=message))

    # ---- showing it --------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        self.report = report
        checked = report.checked
        scope = tr("核查了 {e} 场选举、{c} 个现任业委会、{a} 项议事事项").format(
            e=checked.get("elections", 0), c=checked.get("committees", 0),
            a=checked.get("agenda_items", 0))
        if report.ok:
            text = tr("全部符合规则：{scope}。").format(scope=scope)
        else:
            text = tr("发现 {n} 处违规：{scope}。").format(n=len(report.violations), scope=scope)
        if report.info:
            text += tr("另有 {n} 条说明（不计为违规）。").format(n=len(report.info))
        self.summary.setText(text)
        rows = report.by_compound()
        total = (ALL, len(report.violations), len(report.info))
        self.compounds.set_records([total, *rows])
        fit_columns(self.compound_view)
        known = {row[0] for row in rows}
        if self.compound not in known:
            self.compound = ALL
        self._select_compound_row()
        self._show()
        self.audited.emit(len(report.violations))

    def _select_compound_row(self) -> None:
        for row, record in enumerate(self.compounds.records):
            if record[0] == self.compound:
                self.compound_view.blockSignals(True)
                self.compound_view.selectRow(row)
                self.compound_view.blockSignals(False)
                return

    def visible_findings(self) -> list[Finding]:
        if self.report is None:
            return []
        wanted = self.show_what.currentData()
        words = self.search.text().strip()
        return [f for f in self.report.findings
                if (self.compound == ALL or f.compound == self.compound)
                and (wanted == "all" or f.severity == wanted)
                and (not words or any(words in text for text in (
                    f.compound, f.subject.label, message_zh(f), f.citation, f.code)))]

    def _show(self) -> None:
        self.findings.set_records(self.visible_findings())
        fit_columns(self.finding_view)
        for column in range(self.findings.columnCount()):  # long texts: the detail shows all
            width = min(self.finding_view.columnWidth(column), MAX_COLUMN_WIDTH)
            self.finding_view.setColumnWidth(column, width)
        self.detail.clear()

    def _compound_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.compound = self.compounds.record(current.row())[0]
            self._show()

    def _finding_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        finding: Finding = self.findings.record(current.row())
        rule = tr("法定") if finding.origin.is_law else tr("区设置")
        self.detail.setText(tr("{sev}｜{compound}｜{record}\n{message}\n依据（{rule}）：{source}").format(
            sev=severity_text(finding), compound=finding.compound, record=finding.subject.label,
            message=message_zh(finding), rule=rule, source=finding.citation))

    def _finding_opened(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_subject(self.findings.record(index.row()).subject)

    def open_subject(self, subject: Subject) -> None:
        """Go to the record a finding is about: an election on the 选举 page; a committee or an
        agenda item on its compound's 本届业委会 / 议事 tab."""
        if subject.kind == "election":
            self.ctx.bus.show_page.emit("elections", {"election_id": subject.id})
            return
        from db.models import AgendaItem, OwnersCommittee

        with self.ctx.store.session() as session:
            row: OwnersCommittee | AgendaItem | None = (
                session.get(OwnersCommittee, subject.id) if subject.kind == "committee"
                else session.get(AgendaItem, subject.id))
            compound_id = row.compound_id if row is not None else None
        if compound_id is not None:
            self.ctx.bus.show_page.emit("compounds", {
                "compound_id": compound_id,
                "tab": "committee" if subject.kind == "committee" else "agenda"})

    def apply_filters(self, filters: dict[str, Any]) -> None:
        """Show one compound's findings ({"compound": name}), as its badge elsewhere asks."""
        self.compound = str(filters.get("compound") or ALL)
        if self.report is not None:
            self._select_compound_row()
            self._show()


def create_page(ctx: UiContext) -> QWidget:
    return AuditPage(ctx)
