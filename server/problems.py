"""Refusals and errors as the protocol sends them: one envelope `{"code", "message", "params"}`
(docs/sync-protocol.md, "Errors"), whether a pushed op is refused or a whole request is.

`Problem` is both the value a check returns and the exception a route or the push raises. Its
code is one of the `sync.*` entries of the message catalogue (resources/i18n/errors.toml, read
by app.messages), sent without the prefix; its English `message` is rendered from that entry, so
the server's sentence and the client's translation come from one place and a code never exists
on one side only.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

from app.messages import catalogue, render
from server.wire import scrub

NAMESPACE = "sync."


class Problem(Exception):
    """A refusal: a code of the catalogue's sync section and its params (JSON values; quoted
    input scrubbed so the answer always encodes)."""

    def __init__(self, code: str, **params: Any) -> None:
        if NAMESPACE + code not in catalogue():
            raise KeyError(f"{NAMESPACE}{code} is not in the message catalogue")
        self.code = code
        self.params: dict[str, Any] = scrub(params)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return str(scrub(render(NAMESPACE + self.code, self.params, "en")))

    def envelope(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": self.params}


class ApiError(HTTPException):
    """A request refused as a whole: answered `{"error": <envelope>}` with this status."""

    def __init__(self, status: int, code: str, *, headers: dict[str, str] | None = None,
                 **params: Any) -> None:
        self.problem = Problem(code, **params)
        super().__init__(status, self.problem.message, headers)


def shown(value: Any) -> str:
    """A hostile value as a refusal may quote it: short, one line."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(value)[:40])
