"""uvicorn's HTTP protocol with TCP_NODELAY on every accepted connection.

With `--workers N` (N > 1) uvicorn binds the listening socket itself with `proto` 0; accepted
sockets inherit it, and asyncio turns TCP_NODELAY on only for sockets that say IPPROTO_TCP. Nagle's
algorithm then holds each response's body until the client's delayed ACK of its headers: ~40 ms
added to every request on a kept-alive connection (uvicorn issue #3149). `serve` names this
protocol instead of uvicorn's own h11 one.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "server.nodelay:NoDelayH11Protocol"  # how `serve` names it to uvicorn (importable)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
