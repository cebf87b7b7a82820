"""The collector's policy for the app's process (ui/heap.py): no full collection set off by
allocations, the oldest generation collected and frozen once no background task runs, and a
periodic sweep that frees cycles among frozen objects too."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Iterator

import pytest

from ui import heap, yielding
from ui.operations import run_in_background


class Node:
    """One half of a reference cycle: freed only by the cyclic collector."""

    def __init__(self) -> None:
        self.other: Node | None = None


def aged_cycle() -> weakref.ref[Node]:
    """A reference cycle that reached the oldest generation while in use (as a page's loaded
    rows do) and is garbage now: only a full collection frees it."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    reach_oldest_generation()
    return weakref.ref(a)


class Clock:
    """The policy's clock, and whether the app counts as busy (tests set both)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.busy = False

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def policy(qapp: object) -> Iterator[tuple[heap.HeapPolicy, Clock]]:
    while yielding.typed_recently(heap.TYPING_PAUSE_S):  # an earlier test's typing
        time.sleep(0.05)
    gc.collect()
    clock = Clock()
    # Idle unless a test says otherwise: a task an earlier test left running in this process
    # (an audit rerun waits up to 15 s) must not make these ticks skip their collection.
    installed = heap.HeapPolicy(clock=clock, busy=lambda: clock.busy)
    installed.timer.stop()  # ticks are driven by the test
    yield installed, clock
    installed.uninstall()


def reach_oldest_generation() -> None:
    """As after a page has loaded: objects made and kept past young collections."""
    gc.collect(1)
    gc.collect(1)


def test_full_collections_are_left_to_the_policy(policy: tuple[heap.HeapPolicy, Clock]) -> None:
    installed, _clock = policy
    assert gc.get_threshold()[2] == heap.FULL_SAFETY_NET
    previous = installed._previous
    installed.uninstall()
    assert gc.get_threshold() == previous


def test_idle_tick_collects_and_freezes(policy: tuple[heap.HeapPolicy, Clock]) -> None:
    installed, _clock = policy
    garbage = aged_cycle()
    assert garbage() is not None
    installed.tick()
    assert garbage() is None
    assert installed.collections == 1
    assert gc.get_freeze_count() > 0


def test_no_collection_while_a_task_runs(qtbot: object,
                                         policy: tuple[heap.HeapPolicy, Clock]) -> None:
    installed, clock = policy
    release = threading.Event()
    task = run_in_background(lambda _p: release.wait(10), show_progress=False)
    try:
        assert heap._busy()  # the app's own idea of busy: a background task runs
        clock.busy = True
        garbage = aged_cycle()
        installed.tick()
        assert garbage() is not None  # still there: a worker is busy
        assert installed.collections == 0
    finally:
        release.set()
    qtbot.waitUntil(lambda: task.done)  # type: ignore[attr-defined]
    clock.busy = False
    installed.tick()
    assert garbage() is None


def test_sweep_frees_cycles_among_frozen_objects(policy: tuple[heap.HeapPolicy, Clock]) -> None:
    installed, clock = policy
    kept = [Node()]
    kept[0].other = Node()
    kept[0].other.other = kept[0]
    reach_oldest_generation()
    installed.tick()  # the cycle, still in use, is frozen
    frozen = weakref.ref(kept[0])
    kept.clear()  # now garbage, but frozen: a regular tick leaves it
    reach_oldest_generation()
    installed.tick()
    assert installed.collections == 2
    assert frozen() is not None
    clock.now += heap.SWEEP_EVERY_S
    installed.tick()
    assert frozen() is None
    assert installed.sweeps == 1



def test_no_collection_right_after_a_keystroke(policy: tuple[heap.HeapPolicy, Clock]) -> None:
    installed = heap.HeapPolicy()  # the app's own idea of busy: tasks, or typing
    installed.timer.stop()
    try:
        garbage = aged_cycle()
        yielding.interacting()
        installed.tick()
        assert garbage() is not None
    finally:
        installed.uninstall()
