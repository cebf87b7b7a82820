"""One structured (JSON) log line per request: request id, method, path, status, milliseconds,
the authenticated user (when there is one) and the client address — so an administrator can
follow a caseworker's failed sync through the server's log. Never bodies, query strings or
headers (tokens and owners' data live there).

The request id is the client's X-Request-ID when it is a sane token, else a new one; it is
sent back in the response's X-Request-ID."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGGER = "compound_desk.server.requests"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

log = logging.getLogger(LOGGER)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _SANE_ID.match(text):
                return text
    return uuid.uuid4().hex


def ensure_handler() -> None:
    """JSON lines on stderr (uvicorn's workers inherit it) unless logging is set up already."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def line(**fields: object) -> str:
    return json.dumps({"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields},
                      ensure_ascii=False, separators=(",", ":"))


class RequestLog:
    """ASGI middleware around the whole app (outermost, so refusals are logged too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers") or [])
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, tagged_send)
        finally:
            client = scope.get("client")
            log.info(line(
                request_id=request_id, method=scope.get("method", ""), path=scope.get("path", "")[:200],
                status=status, ms=round((time.perf_counter() - started) * 1000, 1),
                user=state.get("user"), client=client[0] if client else None,
            ))
