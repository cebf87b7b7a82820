"""Background work that can wait steps aside while the caseworker types.

Python runs one thread at a time. While a worker runs Python, the UI thread gets the interpreter
back only every switch interval (ui/gil.py), so a keystroke's few ms of filtering and painting
take twice as long beside the audit re-reading the district. Work marked `low_priority` (the
audit) therefore waits, before each SQL statement it sends and each object it loads, until no
typing has been seen for QUIET_S — never longer than MAX_PAUSE_S at a time, so it always gets
on. Typing-heavy widgets (a search field, ballot entry) call `interacting()`; other work never
waits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakSet

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper

QUIET_S = 0.3
MAX_PAUSE_S = 2.0

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
    """In low-priority work: wait until QUIET_S has passed since the last keystroke (at most
    MAX_PAUSE_S)."""
    if not getattr(_local, "low", False):
        return
    give_up = time.monotonic() + MAX_PAUSE_S
    while True:
        now = time.monotonic()
        left = min(_last_typed[0] + QUIET_S, give_up) - now
        if left <= 0:
            return
        time.sleep(left)


@contextmanager
def low_priority(engine: Engine) -> Iterator[None]:
    """Inside, this thread's statements on `engine` wait for a pause in the typing."""
    if engine not in _paced:
        event.listen(engine, "before_cursor_execute", _before_statement)
        _paced.add(engine)
    if not _rows_paced:  # and before each row it loads: one query may load 20,000
        event.listen(Mapper, "load", _before_statement)
        _rows_paced.append(True)
    _local.low = True
    try:
        yield
    finally:
        _local.low = False


def _before_statement(*_args: Any) -> None:
    pace()
