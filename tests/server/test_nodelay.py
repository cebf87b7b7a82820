"""`serve --workers N` answers without Nagle's delay: its HTTP protocol turns TCP_NODELAY on for
connections accepted on a listener bound the way uvicorn's worker supervisor binds it (proto 0),
where uvicorn's own protocol leaves it off."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from server.nodelay import PROTOCOL, NoDelayH11Protocol


async def _app(scope: Any, receive: Any, send: Any) -> None:  # never called: no request is sent
    raise AssertionError("no request expected")


async def accepted_nodelay(protocol: type[H11Protocol]) -> int:
    """TCP_NODELAY of the server side of one connection accepted with `protocol`."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn binds it
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    config = uvicorn.Config(_app, http=protocol, lifespan="off", log_level="warning")
    config.load()
    made: list[H11Protocol] = []

    def factory() -> H11Protocol:
        made.append(protocol(config=config, server_state=ServerState(), app_state={}))
        return made[-1]

    server = await asyncio.get_running_loop().create_server(factory, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    try:
        for _ in range(1000):
            if made and getattr(made[0], "transport", None) is not None:
                break
            await asyncio.sleep(0.005)
        sock = made[0].transport.get_extra_info("socket")
        return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


@pytest.mark.skipif(not hasattr(socket, "TCP_NODELAY"), reason="no TCP_NODELAY here")
def test_connections_get_tcp_nodelay_where_uvicorns_protocol_leaves_it_off() -> None:
    assert asyncio.run(accepted_nodelay(H11Protocol)) == 0  # the delay this protocol removes
    assert asyncio.run(accepted_nodelay(NoDelayH11Protocol)) != 0


def test_serve_names_an_importable_protocol() -> None:
    from uvicorn.importer import import_from_string

    assert import_from_string(PROTOCOL) is NoDelayH11Protocol
