"""The audit's latest findings shared by every screen, and the badge a compound shows with its
count of violations (click: the 审计 page, filtered to that compound).

The audit reads the whole store, so it runs off the UI thread: once after start-up for the
badges, again whenever the 审计 page runs it, and again a moment after the data changed; each
run's report is published here.

A rerun after a change is the least urgent work there is: it waits until the window's own
background work (the page re-reading what changed, a ballot's tally) has delivered. On the large
district it holds the interpreter for seconds; run beside those deliveries it made the UI thread
wait its turn for each step of showing them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ui.context import UiContext
from ui.yielding import low_priority, lower_this_thread

if TYPE_CHECKING:  # the audit (rules, pydantic, signatures) loads only when it first runs
    from app.audit.findings import Report
    from ui.operations import BackgroundTask


def tr(text: str) -> str:
    return QCoreApplication.translate("Audit", text)


# Tables whose change may change the findings (others — ratings, sync state — never do).
AUDITED_TABLES = frozenset({
    "", "compounds", "units", "elections", "group_members", "candidates", "checkpoint_approvals",
    "ballots", "owners_committees", "committee_members", "agenda_items", "agenda_stage_events",
    "owners_votes", "party_members", "party_branches", "branch_compounds",
})
RERUN_DELAY_MS = 1000  # a burst of changes (an import, an undo, ballots) is audited once
WAIT_STEP_MS = 250  # while other background work runs, look again this much later
MAX_WAIT_MS = 15_000  # work that never stops (a long import) does not hold the audit back for good
FIRST_RUN_DELAY_MS = 1500  # the first audit waits for start-up to settle (it reads everything)


class AuditState(QObject):
    """The latest report of one open store, rerun (in the background) after the data changes."""

    updated = Signal(object)  # Report
    failed = Signal(str)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: Report | None = None
        self.running = False
        self.again = False
        self.task: BackgroundTask[Report] | None = None
        self.waited_ms = 0  # how long the pending rerun has waited for other work
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._due)
        ctx.bus.data_changed.connect(self._data_changed)

    def publish(self, report: Report) -> None:
        self.report = report
        self.updated.emit(report)

    def ensure(self) -> None:
        """Run the audit soon unless a report is there or one is running (a badge asks for it
        as the compound list opens: the start-up must not wait for, nor load, the audit)."""
        if self.report is None and not self.running and not self.timer.isActive():
            self.timer.start(FIRST_RUN_DELAY_MS)

    def _due(self) -> None:
        """The delay after a change has passed: run, unless other background work is still to
        deliver (then look again shortly)."""
        if self._others_running() and self.waited_ms < MAX_WAIT_MS:
            self.waited_ms += WAIT_STEP_MS
            self.timer.start(WAIT_STEP_MS)
            return
        self.waited_ms = 0
        self.run()

    def _others_running(self) -> bool:
        from ui.operations import running_tasks

        return any(task is not self.task for task in running_tasks())

    def run(self) -> None:
        """Audit the store in the background (once more afterwards if asked while running)."""
        if self.running:
            self.again = True
            return
        from app.agenda_rules import local_today
        from app.audit.registry import audit_store
        from app.rules import load_rules

        self.running = True
        store, today = self.ctx.store, local_today()
        def audit(_progress: object) -> Report:
            lower_this_thread()  # its own worker thread, ended with the audit
            with low_priority(store.engine):  # steps aside while the caseworker types
                return audit_store(store, load_rules(), today)

        self.task = self.ctx.run_in_background(audit, self._done, on_failure=self._failed,
                                               show_progress=False, read_only=True)

    def _done(self, report: Report) -> None:
        self.running = False
        self.publish(report)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        from ui.operations import readable_error

        self.running = False
        self.failed.emit(readable_error(exc))
        self._next()

    def _next(self) -> None:
        if self.again:
            self.again = False
            self.run()

    def _data_changed(self, table: str) -> None:
        """Rerun a moment after the last of a burst of changes."""
        if table in AUDITED_TABLES and (self.report is not None or self.running):
            self.waited_ms = 0
            self.timer.start(RERUN_DELAY_MS)


_STATES: WeakKeyDictionary[QObject, AuditState] = WeakKeyDictionary()


def audit_state(ctx: UiContext) -> AuditState:
    """The one shared state of this window's store (kept as long as its signal bus lives)."""
    state = _STATES.get(ctx.bus)
    if state is None:
        state = _STATES[ctx.bus] = AuditState(ctx)
    return state


class AuditBadge(QPushButton):
    """“审计 ✓” or “审计 3 处违规” for one compound; hidden until the audit has run."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditBadge")
        self.setFlat(True)
        self.ctx = ctx
        self.compound = ""
        self.state = audit_state(ctx)
        self.state.updated.connect(self._refresh)
        self.clicked.connect(self._open)
        self.hide()

    def show_compound(self, name: str) -> None:
        self.compound = name
        self._refresh(self.state.report)
        self.state.ensure()

    def _refresh(self, report: Report | None) -> None:
        if report is None or not self.compound:
            self.hide()
            return
        count = report.violations_of(self.compound)
        if count:
            self.setText(tr("审计：{n} 处违规").format(n=count))
            self.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.setToolTip(tr("点击查看本小区的违规之处及规则依据"))
        else:
            self.setText(tr("审计：符合规则"))
            self.setStyleSheet("color: #2e7d32;")
            self.setToolTip(tr("本小区的选举、业委会和议事记录均符合规则"))
        self.show()

    def _open(self) -> None:
        self.ctx.bus.show_page.emit("audit", {"compound": self.compound})
