"""When the cyclic garbage collector walks the heap: between the caseworker's actions, on the
UI thread, rather than whenever some thread happens to allocate.

A full collection holds the interpreter while it walks every tracked object; on the large
district (pages loaded, the audit's report) that is 80–190 ms, and it was set off mostly by
worker threads (the audit, a page loading) while the caseworker saved a field or typed a search:
the UI thread waited for it. So, for the app's process:

- the youngest generations are collected as usual (a few ms at most);
- a full collection is no longer set off by allocations, except as a safety net after a long
  busy stretch (FULL_SAFETY_NET);
- instead, once no background task is running and the caseworker has not typed for a second,
  a timer collects what has reached the oldest generation since the last time and then
  freezes the survivors (gc.freeze), so the next collection walks only what is new: tens of
  ms after a page loads, nothing when idle;
- what was frozen is only freed by reference counting, so a cycle among frozen objects that
  became garbage would stay: every SWEEP_EVERY_S, when idle, everything is unfrozen, collected
  and frozen again (one full walk, as Python's own full collections did, but rarely and never
  while work is running).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_EVERY_MS = 250  # catches the short pauses between actions: small collections, often
FULL_SAFETY_NET = 1000  # gen1 collections before Python may start a full one by itself
SWEEP_EVERY_S = 600.0
TYPING_PAUSE_S = 1.0  # a collection waits for a pause in typing longer than between two keys

Busy = Callable[[], bool]


def _busy() -> bool:
    """Background work is running (the audit too: walking its churn would only freeze its
    temporaries), or the caseworker typed a moment ago."""
    from ui.operations import running_tasks
    from ui.yielding import typed_recently

    return bool(running_tasks()) or typed_recently(TYPING_PAUSE_S)


class HeapPolicy(QObject):
    """The collector's thresholds for this process and the timer that collects when idle."""

    def __init__(self, parent: QObject | None = None, busy: Busy = _busy,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._busy = busy
        self._clock = clock
        self._previous = gc.get_threshold()
        young0, young1, _full = self._previous
        gc.set_threshold(young0, young1, FULL_SAFETY_NET)
        self.last_sweep = clock()
        self.collections = 0  # idle collections made (tests read it)
        self.sweeps = 0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        """Collect now if no background task runs and there is something new to walk."""
        if self._busy():
            return
        if self._clock() - self.last_sweep >= SWEEP_EVERY_S:
            self.sweep()
        elif gc.get_count()[2] > 0:  # something reached the oldest generation since
            self.collect_recent()

    def collect_recent(self) -> None:
        """A full collection of what is not frozen, its survivors frozen after it."""
        gc.collect()
        gc.freeze()
        self.collections += 1

    def sweep(self) -> None:
        """Everything collected, frozen objects too (cycles among them that became garbage)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.last_sweep = self._clock()
        self.sweeps += 1

    def uninstall(self) -> None:
        """Python's own policy back (tests): thresholds restored, nothing frozen."""
        self.timer.stop()
        gc.set_threshold(*self._previous)
        gc.unfreeze()


_POLICY: list[HeapPolicy] = []


def collect_between_actions() -> HeapPolicy:
    """Install the policy for this process (once; the application owns its timer)."""
    if not _POLICY:
        _POLICY.append(HeapPolicy(QCoreApplication.instance()))
    return _POLICY[0]
