"""The audit's rerun after a change (ui/audit_badge.py) waits while the window's own background
work runs, and still happens once that work has delivered; a burst of changes is audited once."""

from __future__ import annotations

import threading

from ui.audit_badge import AuditState
from ui.operations import run_in_background


def first_report(state: AuditState, qtbot) -> None:
    with qtbot.waitSignal(state.updated, timeout=60000):
        state.run()


def test_rerun_waits_for_other_work_then_runs(ctx, qtbot) -> None:
    state = AuditState(ctx)
    first_report(state, qtbot)
    runs: list[object] = []
    state.updated.connect(runs.append)
    release = threading.Event()
    other = run_in_background(lambda _p: release.wait(30), show_progress=False)
    try:
        ctx.changed("elections")
        assert state.timer.isActive() and not state.running
        state.timer.stop()
        state._due()  # the delay has passed while the other work still runs
        assert not state.running  # waited, not started
        assert state.timer.isActive() and state.waited_ms > 0
    finally:
        release.set()
    qtbot.waitUntil(lambda: other.done, timeout=10000)
    with qtbot.waitSignal(state.updated, timeout=60000):
        pass  # the timer looks again, finds nothing running, and audits
    assert len(runs) == 1 and state.waited_ms == 0


def test_a_burst_of_changes_is_audited_once(ctx, qtbot) -> None:
    state = AuditState(ctx)
    first_report(state, qtbot)
    runs: list[object] = []
    state.updated.connect(runs.append)
    for table in ("ballots", "elections", "ballots"):
        ctx.changed(table)
    with qtbot.waitSignal(state.updated, timeout=60000):
        pass
    qtbot.wait(100)
    assert len(runs) == 1 and not state.running and not state.timer.isActive()


def test_unaudited_tables_start_no_rerun(ctx, qtbot) -> None:
    state = AuditState(ctx)
    first_report(state, qtbot)
    ctx.changed("ratings")
    assert not state.timer.isActive()
