"""Background work that can wait steps aside while the caseworker types.

Python runs one thread at a time. While a worker runs Python, the UI thread gets the interpreter
back only every switch interval (ui/gil.py), so a keystroke's few ms of filtering and painting
take twice as long beside the audit re-reading the district; and with two workers running, the
UI thread often lost the interpreter to the other one (a dashboard refresh during an audit
stalled 100–200 ms). Work marked `low_priority` (the audit) therefore waits, before each SQL
statement it sends and each object it loads, until no typing has been seen for QUIET_S and no
other background task is still to deliver — never longer than MAX_PAUSE_S at a time, so it
always gets on. QUIET_S is longer than the pause between two keys of one word: with 0.3 s the
audit woke between keys and was mid-stretch when the next one came (keystrokes of 15–40 ms on
the large district instead of 6–9). Its ORM queries load in chunks of CHUNK_ROWS (`yield_per`):
read at once, a 20,000-row result was turned into rows for 100–200 ms before the first object
load could pause it. Typing-heavy widgets (a search field, ballot entry) call `interacting()`;
other work never waits. The audit's thread also runs at a lower OS priority
(`lower_this_thread`): on a busy machine the UI thread is woken first, so it can ask for the
interpreter at once.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any
from weakref import WeakSet

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper, ORMExecuteState, Session

QUIET_S = 1.0
MAX_PAUSE_S = 2.0
RUN_AT_LEAST_S = 0.5
WORK_POLL_S = 0.005
THREAD_NICE = 10
CHUNK_ROWS = 200

_last_typed = [float("-inf")]  # time.monotonic() of the last keystroke seen
_local = threading.local()
_paced: WeakSet[Engine] = WeakSet()
_rows_paced: list[bool] = []


def interacting() -> None:
    """The caseworker is typing (UI thread): low-priority work pauses for a moment."""
    _last_typed[0] = time.monotonic()


def typed_recently(within_s: float = QUIET_S) -> bool:
    """A keystroke was seen less than `within_s` ago."""
    return time.monotonic() - _last_typed[0] < within_s


def pace() -> None:
    """In low-priority work: wait while the caseworker types (until QUIET_S after the last
    keystroke) or the window's own background work runs (until it has delivered). After
    MAX_PAUSE_S of waiting it goes on for RUN_AT_LEAST_S before it waits again."""
    if not getattr(_local, "low", False):
        return
    now = time.monotonic()
    if now < getattr(_local, "run_until", 0.0):
        return
    give_up = now + MAX_PAUSE_S
    while True:
        now = time.monotonic()
        if now >= give_up:
            _local.run_until = now + RUN_AT_LEAST_S
            return
        typing_left = _last_typed[0] + QUIET_S - now
        if typing_left > 0:
            time.sleep(min(typing_left, give_up - now))
        elif _window_work_running():
            time.sleep(WORK_POLL_S)
        else:
            return


def _window_work_running() -> bool:
    """A background task other than the one on this thread is still to deliver."""
    from ui.operations import running_tasks

    me = threading.current_thread()
    return any(task.worker is not me for task in running_tasks())


def lower_this_thread() -> None:
    """A worker thread of its own (the audit's) gives the processor to the UI thread first:
    Linux applies a thread's nice value to that thread alone. Elsewhere, or when refused,
    nothing changes. Never raised back: call it only on a thread that ends with its work."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    with suppress(OSError):
        tid = threading.get_native_id()
        setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), THREAD_NICE))


@contextmanager
def low_priority(engine: Engine) -> Iterator[None]:
    """Inside, this thread's statements on `engine` wait for a pause in the typing."""
    if engine not in _paced:
        event.listen(engine, "before_cursor_execute", _before_statement)
        _paced.add(engine)
    if not _rows_paced:  # and before each row it loads: one query may load 20,000
        event.listen(Mapper, "load", _before_statement)
        event.listen(Session, "do_orm_execute", _load_in_chunks)
        _rows_paced.append(True)
    _local.low = True
    try:
        yield
    finally:
        _local.low = False


def _before_statement(*_args: Any) -> None:
    pace()


def _load_in_chunks(state: ORMExecuteState) -> None:
    """A low-priority thread's own SELECTs fetch CHUNK_ROWS at a time. Not the ORM's internal
    ones (`Session.get`, lazy and column loads): they read a row or a few, and some of them
    de-duplicate their result, which `yield_per` refuses."""
    if (getattr(_local, "low", False) and state.is_select and not state.is_relationship_load
            and not state.is_column_load
            and "_sa_orm_load_options" not in state.local_execution_options):
        state.update_execution_options(yield_per=CHUNK_ROWS)
