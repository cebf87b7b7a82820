"""A loopback TCP proxy in front of the sync server that can break one exchange on purpose:
cut a response after N bytes (0: the server did the work, the client never hears), or run a
callback (e.g. kill the server) as soon as a matching request has been passed on."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Fault:
    path: str  # e.g. "/api/v1/push"
    skip: int = 0  # let this many matching requests through first
    response_bytes: int | None = 0  # forward this many response bytes, then cut
    on_request: Callable[[], None] | None = None  # instead: call this, then cut
    fired: bool = False


class FaultProxy:
    def __init__(self, target_url: str) -> None:
        self.retarget(target_url)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True, name="fault-proxy").start()

    def retarget(self, target_url: str) -> None:
        host, port = target_url.removeprefix("http://").rstrip("/").split(":")
        self.target = (host, int(port))

    def arm(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _match(self, chunk: bytes) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if f" {fault.path}".encode() in chunk.split(b"\r\n", 1)[0]:
                    if fault.skip:
                        fault.skip -= 1
                        return None
                    self._faults.remove(fault)
                    fault.fired = True
                    return fault
        return None

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            state: dict[str, Fault | None] = {"fault": None}
            threading.Thread(target=self._upstream, args=(client, upstream, state),
                             daemon=True).start()
            threading.Thread(target=self._downstream, args=(client, upstream, state),
                             daemon=True).start()

    @staticmethod
    def _shut(*sockets: socket.socket) -> None:
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _upstream(self, client: socket.socket, upstream: socket.socket,
                  state: dict[str, Fault | None]) -> None:
        try:
            while chunk := client.recv(65536):
                fault = self._match(chunk)
                upstream.sendall(chunk)
                if fault is not None:
                    if fault.on_request is not None:
                        fault.on_request()
                        self._shut(client, upstream)
                        return
                    state["fault"] = fault
        except OSError:
            pass
        self._shut(client, upstream)

    def _downstream(self, client: socket.socket, upstream: socket.socket,
                    state: dict[str, Fault | None]) -> None:
        sent = 0
        try:
            while chunk := upstream.recv(65536):
                fault = state["fault"]
                if fault is not None and fault.response_bytes is not None:
                    allowed = max(0, fault.response_bytes - sent)
                    client.sendall(chunk[:allowed])
                    self._shut(client, upstream)
                    return
                client.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
        self._shut(client, upstream)
