"""Writes made from the UI run on worker threads one at a time, in the order the caseworker
made them: a ticket is taken on the UI thread, the turn awaited on the worker (an undo right
after a save, or the next ballot right after one, waits for the write before it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Turns:
    """First come, first served."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._next = 0
        self._serving = 0

    def take(self) -> int:
        with self._changed:
            ticket, self._next = self._next, self._next + 1
            return ticket

    @contextmanager
    def turn(self, ticket: int) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: self._serving == ticket)
        try:
            yield
        finally:
            with self._changed:
                self._serving += 1
                self._changed.notify_all()


WRITES = Turns()  # the one queue of UI writes to the store
