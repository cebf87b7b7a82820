"""A real server on a free loopback port for tests: `with running_server(url) as base_url: ...`.

uvicorn runs in a thread on a socket bound before it starts, so there is no port race and the
URL is valid as soon as the context is entered.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from server.app import create_app


@contextmanager
def running_server(database_url: str, *, startup_timeout: float = 30.0,
                   blob_dir: Path | None = None, pull_url: str | None = None) -> Iterator[str]:
    """Start the server on 127.0.0.1:<free port>; yields its base URL; stops it on exit. Its
    evidence files go to `blob_dir`, else to a temporary folder removed on exit; pulls read
    from `pull_url` when given (server.app.create_app)."""
    own_blobs = blob_dir is None
    blob_dir = blob_dir or Path(tempfile.mkdtemp(prefix="compound-desk-blobs-"))
    app = create_app(database_url, blob_dir=blob_dir, pull_url=pull_url)
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP, and
    # without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", ws="none",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name=f"sync-server-{port}")
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the test sync server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.state.engine.dispose()
        app.state.pull_engine.dispose()
        if own_blobs:
            shutil.rmtree(blob_dir, ignore_errors=True)
