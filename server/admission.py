"""Admission control: a worker lets in at most as many requests as it has database connections;
the rest wait their turn here, holding neither a thread nor a connection.

Without it a burst deadlocks a worker for the pool's timeout (30 s, then 500s): a request that
holds a connection from a `yield` dependency (server.routers.deps.Reading) needs a threadpool
thread again to run its route, while every thread may be taken by requests waiting for a
connection. With at most one connection per request (every route takes them one after
another) and no more requests inside than connections, no request ever waits for one.

Evidence-file transfers (/api/v1/blobs/) are let through: they stream megabytes to and from
slow laptops, which would hold a place for minutes, and they hold no connection across threads
(they take the engine, never a Reading/Writing dependency).
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

EXEMPT_PREFIXES = ("/api/v1/blobs/",)


class Admission:
    """ASGI middleware: at most `limit` HTTP requests inside `app` at once, the others queued
    in arrival order; paths starting with one of `exempt` are never held back."""

    def __init__(self, app: ASGIApp, limit: int, exempt: tuple[str, ...] = EXEMPT_PREFIXES) -> None:
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.app = app
        self.limit = limit
        self.exempt = exempt
        self._slots: asyncio.Semaphore | None = None  # made in the worker's own event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
