"""换届提醒: the committees in their countdown (or past their term), beside the elections' own
deadlines on the election page; double-click opens the compound. Also the dashboard's line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.agenda_rules import local_today
from app.committee import actions
from app.committee.deadlines import TermReminder
from ui.columns import fit_columns
from ui.committee.common import tr
from ui.context import UiContext
from ui.record_model import RecordTableModel
from ui.widgets import make_table

if TYPE_CHECKING:
    from app.rules import Rules


def _rules_in_force() -> Rules:
    """The rules file, read when first needed (pydantic stays out of start-up)."""
    from app.rules import load_rules

    return load_rules()


def countdown_text(row: TermReminder) -> str:
    state = tr("换届已启动") if row.under_way else tr("尚未启动换届")
    if row.ended:
        return tr("任期已届满 {n} 天（{state}）").format(n=-row.days_left, state=state)
    return tr("还剩 {n} 天（{state}）").format(n=row.days_left, state=state)


def summary_text(rows: list[TermReminder], months: int) -> str:
    """The dashboard's line: how many committees are in their countdown, ended, not started."""
    if not rows:
        return tr("换届：没有业委会进入换届倒计时（任期届满前 {m} 个月起提醒）。").format(m=months)
    ended = sum(1 for r in rows if r.ended)
    idle = sum(1 for r in rows if not r.under_way)
    return tr("换届：{n} 个业委会进入换届倒计时（任期届满前 {m} 个月起），其中任期已届满 {e} 个，"
              "尚未启动换届 {i} 个。").format(n=len(rows), m=months, e=ended, i=idle)


class TermReminderList(QWidget):
    """The countdown list; hidden while no committee is in its countdown."""

    def __init__(self, ctx: UiContext, clock: Callable[[], date] | None = None,
                 rules: Callable[[], Rules] | None = None) -> None:
        super().__init__()
        self.setObjectName("termReminders")
        self.ctx = ctx
        self.clock = clock or local_today
        self.rules = rules or _rules_in_force
        self.heading = QLabel()
        self.heading.setObjectName("termRemindersHeading")
        self.heading.setWordWrap(True)
        self.model = RecordTableModel([
            (tr("小区"), lambda r: r.compound),
            (tr("社区"), lambda r: r.community),
            (tr("任期届满"), lambda r: r.term_end.isoformat()),
            (tr("换届倒计时"), countdown_text),
        ], self)
        self.table = make_table(self.model, "termReminderTable")
        self.table.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self._generation = 0
        ctx.reloads.watch(self, self.reload_later, ("owners_committees", "committee_members"),
                          "termReminders")

    def reload(self) -> list[TermReminder]:
        """Read and show the countdowns now (on this thread)."""
        self._generation += 1
        return self._show(actions.reminders(self.ctx.store, self.rules(), self.clock()))

    def reload_later(self) -> None:
        """Read them in the background: every committee of the district is looked at."""
        self._generation += 1
        generation, store, rules, today = self._generation, self.ctx.store, self.rules(), self.clock()

        def shown(rows: list[TermReminder]) -> None:
            if generation == self._generation:
                self._show(rows)

        self.ctx.run_in_background(lambda _progress: actions.reminders(store, rules, today),
                                   shown, show_progress=False, read_only=True, parent=self)

    def _show(self, rows: list[TermReminder]) -> list[TermReminder]:
        rules = self.rules()
        self.model.set_records(rows)
        fit_columns(self.table)
        self.heading.setText(tr("换届提醒（任期届满前 {m} 个月起；双击打开小区）").format(
            m=rules.term.countdown_months))
        self.setVisible(bool(rows))
        return rows

    def _open(self, index: QModelIndex) -> Any:
        if index.isValid():
            self.ctx.bus.open_compound.emit(self.model.record(index.row()).compound_id)
