"""The two kinds of failure the CLI and the UI tell apart (DESIGN.md's exit codes)."""

from __future__ import annotations


class BadInput(Exception):
    """The user's file, field or request is wrong; nothing was changed. CLI exit code 2."""


class WorkFailed(Exception):
    """The work could not be done (server unreachable, conflicts left, store damaged). Exit 1."""


class Cancelled(Exception):
    """The user cancelled a long task; whatever it had not committed is discarded."""


def user_errors() -> tuple[type[Exception], ...]:
    """Failures the person is told in one plain line (no traceback): ours, and the store's own
    file faults (disk full, read-only folder) which db/ raises as StoreFault."""
    from db.engine import StoreFault

    return (BadInput, WorkFailed, StoreFault)
