"""How long-running app/ work reports progress and notices cancellation, without knowing about Qt.

The UI's background helper passes an object with this shape; the CLI passes `NullProgress`.
"""

from __future__ import annotations

from typing import Protocol

from app.errors import Cancelled


class Progress(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None:
        """Say how far the work has got (`total` 0 when unknown)."""

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""


class NullProgress:
    """Progress that goes nowhere and is never cancelled (command line, tests)."""

    cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        return None


def check_cancelled(progress: Progress) -> None:
    """Raise Cancelled if the user asked to stop; call between units of work."""
    if progress.cancelled:
        raise Cancelled()
