"""Why a sync stopped, told apart so the CLI and the UI can say what to do next.

All are WorkFailed (CLI exit 1): nothing local is lost when any of them is raised.
"""

from __future__ import annotations

from typing import Any

from app.errors import WorkFailed


class SyncError(WorkFailed):
    """A sync could not be completed; the outbox and the cursor are as they were. When the
    server refused, `envelope` holds its error ({"code", "message", "params"}) and the error's
    code is the catalogue's `sync.<code>`."""

    envelope: dict[str, Any] | None = None


class ServerUnreachable(SyncError):
    """No answer (network down, server stopped, 5xx after retries)."""


class AuthRequired(SyncError):
    """401: not logged in, or the device token expired or was revoked. Sync pauses."""


class NotAllowed(SyncError):
    """403: logged in, but the user's role or street does not allow this."""


class ServerRefused(SyncError):
    """409/422/4xx: the server refused the request as a whole (its message is passed on)."""


class ProtocolTooOld(SyncError):
    """The server needs a newer protocol than this app speaks."""
