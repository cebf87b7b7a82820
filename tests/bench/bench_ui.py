"""The UI thread on the large demo district (2,000 compounds): the longest step it spends away
from the event loop while the caseworker saves a field, undoes it, enters a paper ballot,
refreshes the dashboard, and types in the agenda search — the real widgets driven offscreen.

A 5 ms QTimer runs beside each action and records the longest gap between its ticks (a
QElapsedTimer): that gap is the longest time the window could not repaint or take a key. The
action counts as done once every background task it started has delivered (the audit, which
re-reads the whole district after each change, is left running: it is read-only and never
delivers to what is measured). Goal: <= 50 ms for each action, <= 16 ms per search keystroke
(issue 16). The store is a throwaway copy of the cached large demo; it is opened unencrypted
(the encryption costs the worker threads, not the UI thread) when the cached demo is.

Each figure is the longest gap, so on a machine busy with other work it also holds the time
the process waited for a processor: compare runs made on a quiet machine."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.common import Figure, fresh_copy, large_demo_dir

TICK_MS = 5
QUIET_MS = 300  # no task running for this long: the action is over
LIMIT_S = 180
GOAL = "goal <= 50 ms"
KEY_GOAL = "goal <= 16 ms"


class StallMonitor:
    """The longest gap between the ticks of a 5 ms timer, in ms; and the most processor time
    the UI thread spent between two ticks (`longest_cpu`, ms): the gap less the time the thread
    waited — for a processor on a busy machine, or for the interpreter held by a worker."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.longest = 0
        self.last = 0
        self.longest_cpu = 0.0
        self.last_cpu = 0.0

    def start(self) -> None:
        self.longest, self.last = 0, 0
        self.longest_cpu, self.last_cpu = 0.0, time.thread_time()
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        cpu = time.thread_time()
        self.longest_cpu = max(self.longest_cpu, (cpu - self.last_cpu) * 1000)
        self.last_cpu = cpu

    def stop(self) -> int:
        self._tick()
        self.timer.stop()
        return self.longest


def _busy() -> bool:
    """A background task is still to deliver (the audit's rerun aside)."""
    from ui.audit_badge import AuditState
    from ui.operations import running_tasks

    return any(not isinstance(getattr(t._on_success, "__self__", None), AuditState)
               for t in running_tasks())


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle() -> None:
    """Run the event loop until no task has been running for QUIET_MS."""
    end = time.monotonic() + LIMIT_S
    quiet_since = None
    while time.monotonic() < end:
        wait(25)
        if _busy():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= QUIET_MS:
            return
    raise RuntimeError("background work did not finish")


def stall_of(monitor: StallMonitor, action: Callable[[], object]) -> int:
    """The longest UI-thread step from `action` until its background work has delivered."""
    from PySide6.QtCore import QTimer

    settle()
    monitor.start()
    QTimer.singleShot(0, action)
    settle()
    return monitor.stop()


def _voting_election(window: Any) -> tuple[Any, Any]:
    """The elections page with an election at 投票 selected, and an owner not yet entered."""
    page = window.page("elections")
    window.show_page("elections", {})
    for row in range(page.model.rowCount()):
        record = page.model.record(row)
        if record.stage == "voting" and not record.bad:
            page.select(record.election_id)
            view = page.panel.view_data
            if view is None or not view.candidates:
                continue
            owner = next((o for o in view.owners if o.key not in view.paper_entered), None)
            if owner is not None:
                return page, owner
    raise RuntimeError("no election at 投票 with an owner left to enter")


def _figures(window: Any, ctx: Any) -> list[Figure]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    monitor = StallMonitor()
    figures = []

    def figure(name: str, value: float, goal: str = GOAL) -> None:
        figures.append(Figure(name, value, "ms", goal=goal))
        figures.append(Figure("  of which UI-thread processor time", round(monitor.longest_cpu, 1),
                              "ms", goal="without waits for a processor or the interpreter"))

    for key in ("my_work", "dashboard", "elections", "agenda", "meetings", "compounds"):
        window.show_page(key, {})  # built and loaded, as after a morning's work
        settle()
    compounds = window.page("compounds")
    compound_id = compounds.model.rows[len(compounds.model.rows) // 2].id
    compounds.select_compound(compound_id)
    settle()
    stamp = time.strftime("%H%M%S")
    figure("save one compound field (longest UI step)", stall_of(
        monitor, lambda: compounds.edit(compound_id, {"address": f"测试路{stamp}号"})))
    figure("undo it (longest UI step)", stall_of(monitor, ctx.undo_stack.undo))

    page, owner = _voting_election(window)
    panel = page.panel
    panel.tabs.setCurrentWidget(panel.ballots)
    settle()
    entry = panel.ballots

    def ballot() -> None:
        entry.room.setText(owner.rooms[0] if owner.rooms else owner.name)
        QTest.keyClick(entry.room, Qt.Key.Key_Return)
        entry.vote.setText("1")
        QTest.keyClick(entry.vote, Qt.Key.Key_Return)

    figure("save a paper ballot (longest UI step)", stall_of(monitor, ballot))
    if entry.status.styleSheet() or entry.room.text():  # an error stays in the line
        raise RuntimeError(f"the ballot was not saved: {entry.status.text()}")

    window.show_page("dashboard", {})
    settle()
    figure("refresh the dashboard, F5 (longest UI step)",
           stall_of(monitor, window.refresh_action.trigger))

    window.show_page("agenda", {})
    agenda = window.page("agenda")
    settle()
    longest, cpu = 0, 0.0
    for key in (Qt.Key.Key_D, Qt.Key.Key_T, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace,
                Qt.Key.Key_W, Qt.Key.Key_Y):
        longest = max(longest, stall_of(monitor, lambda k=key: QTest.keyClick(agenda.search_edit, k)))
        cpu = max(cpu, monitor.longest_cpu)
    monitor.longest_cpu = cpu
    figure("agenda search, one keystroke (longest UI step)", longest, KEY_GOAL)
    return figures


def run() -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from db import store as stores

    folder = fresh_copy(large_demo_dir())
    from db.encrypt import is_plaintext

    plaintext = getattr(stores, "PLAINTEXT_ENV", None)  # unencrypted, as the other benchmarks,
    if plaintext and is_plaintext(folder / stores.STORE_FILENAME):  # unless the cached demo was
        os.environ[plaintext] = "1"  # encrypted meanwhile (its key is in the benches' keyring)
    settings = Path(tempfile.mkdtemp(prefix="compound-desk-bench-ui-")) / "settings.ini"
    os.environ["COMPOUND_DESK_SETTINGS"] = str(settings)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from ui.gil import favour_ui_thread

    favour_ui_thread()  # as ui.application.make_application does
    from db.store import open_store
    from ui.context import UiContext, make_settings
    from ui.main_window import MainWindow
    from ui.operations import finish_for_exit

    store = open_store(folder, actor="bench")
    window = None
    try:
        ctx = UiContext(store=store, data_dir=folder, settings=make_settings())
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        return _figures(window, ctx)
    finally:
        finish_for_exit(30)
        if window is not None:
            window.close()
            window.deleteLater()
        app.processEvents()
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(settings.parent, ignore_errors=True)
