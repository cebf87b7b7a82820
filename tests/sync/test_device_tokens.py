"""Device tokens, one per data folder, and a login that is safe to retry: two folders logged in
as one user are two devices; a login whose answer is lost is retried with its idempotency key and
leaves one token on the server; 429/503 answers are waited out as `Retry-After` says."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import keyring
import pytest
from sqlalchemy import func, select

from app.sync import auth
from app.sync.client import SyncClient
from app.sync.errors import ServerRefused, ServerUnreachable
from server.database import make_engine
from server.schema import DeviceToken, User
from tests.helpers.memory_keyring import MemoryKeyring
from tests.sync.conftest import PASSWORD, Device, SyncServer, open_device
from tests.sync.fault_proxy import Fault, FaultProxy

MakeDevice = Callable[[str], Device]


def tokens_of(server: SyncServer, user: str) -> int:
    engine = make_engine(server.db_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(
                select(func.count()).select_from(DeviceToken).join(User)
                .where(User.name == user, DeviceToken.revoked_at.is_(None))) or 0)
    finally:
        engine.dispose()


def test_two_folders_of_one_user_hold_two_tokens(
    make_device: MakeDevice, memory_keyring: MemoryKeyring, sync_server: SyncServer,
) -> None:
    before = tokens_of(sync_server, "cw2")
    first, second = make_device("cw2"), make_device("cw2")
    accounts = [auth.current_account(d.store) for d in (first, second)]
    assert accounts[0] is not None and accounts[1] is not None
    assert accounts[0].folder != accounts[1].folder
    tokens = [auth.load_token(a) for a in accounts if a is not None]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    assert tokens_of(sync_server, "cw2") == before + 2
    auth.logout(first.store)  # one folder logging out leaves the other logged in
    assert auth.load_token(accounts[1]) == tokens[1]
    assert second.sync().refused == 0


def test_a_token_of_the_shared_name_is_taken_over_by_one_folder(
    make_device: MakeDevice, memory_keyring: MemoryKeyring, sync_server: SyncServer,
) -> None:
    first, second = make_device("cw2"), make_device("cw2")
    own = [account for d in (first, second) if (account := auth.current_account(d.store))]
    assert len(own) == 2
    token = auth.load_token(own[0])
    for account in own:  # as an earlier version kept it: one entry per server and user
        auth.forget_token(account)
    shared = f"{sync_server.url}|cw2"
    keyring.set_password(auth.SERVICE, shared, str(token))
    assert auth.load_token(own[0]) == token
    assert keyring.get_password(auth.SERVICE, shared) is None
    assert auth.load_token(own[1]) is None  # the other folder logs in again: a token of its own


def test_a_login_whose_answer_is_lost_leaves_one_token(
    proxy: FaultProxy, sync_server: SyncServer, tmp_path: Path, memory_keyring: MemoryKeyring,
) -> None:
    before = tokens_of(sync_server, "cw2")
    fault = proxy.arm(Fault("/api/v1/login", response_bytes=0))  # minted there, unheard here
    device = open_device(tmp_path / "laptop", SyncServer(proxy.url, sync_server.db_url), "cw2")
    try:
        assert fault.fired
        assert tokens_of(sync_server, "cw2") == before + 1  # the retry got the same token
        account = auth.current_account(device.store)
        assert account is not None and auth.load_token(account)
        assert device.sync().refused == 0
    finally:
        device.store.close()


class _Busy(http.server.BaseHTTPRequestHandler):
    """A server that answers each request from its script: (status, Retry-After) first, then
    the meta answer; it notes when each request came."""

    script: ClassVar[list[tuple[int, str]]] = []
    seen: ClassVar[list[float]] = []

    def do_GET(self) -> None:
        self.seen.append(time.monotonic())
        status, wait = self.script.pop(0) if self.script else (200, "")
        body = json.dumps({"protocol": 1, "min_protocol": 1, "name": "compound-desk",
                           "server_time": "2026-01-01T00:00:00+00:00"} if status == 200 else
                          {"error": {"code": "internal_error", "message": "busy", "params": {}}})
        self.send_response(status)
        if wait:
            self.send_header("Retry-After", wait)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def busy() -> Iterator[tuple[str, type[_Busy]]]:
    handler = type("Busy", (_Busy,), {"script": [], "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_waited_out(busy: tuple[str, type[_Busy]], status: int) -> None:
    url, handler = busy
    handler.script = [(status, "1")]
    with SyncClient(url, retries=2, backoff=0.01) as client:
        client.meta()
    assert len(handler.seen) == 2
    assert handler.seen[1] - handler.seen[0] >= 1.0  # at least as long as asked, never sooner


def test_a_long_retry_after_is_not_waited_for(busy: tuple[str, type[_Busy]]) -> None:
    url, handler = busy
    handler.script = [(429, "900")]
    with SyncClient(url, retries=3, backoff=0.01) as client, pytest.raises(ServerRefused):
        client.meta()
    assert len(handler.seen) == 1


def test_a_refusal_without_retry_after_is_never_repeated(busy: tuple[str, type[_Busy]]) -> None:
    url, handler = busy
    handler.script = [(429, "")]
    with SyncClient(url, retries=3, backoff=0.01) as client, pytest.raises(ServerRefused):
        client.meta()
    assert len(handler.seen) == 1


def test_a_login_without_an_idempotency_key_is_not_retried(
    proxy: FaultProxy, sync_server: SyncServer,
) -> None:
    before = tokens_of(sync_server, "cw2")
    fault = proxy.arm(Fault("/api/v1/login", response_bytes=0))
    with SyncClient(proxy.url, retries=3, backoff=0.01) as client, \
            pytest.raises(ServerUnreachable):
        client.login("cw2", PASSWORD, "bare")
    assert fault.fired and tokens_of(sync_server, "cw2") == before + 1
