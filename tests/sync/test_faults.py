"""Faults on the wire: a push whose answer never arrives (and is therefore sent twice), the
connection cut in the middle of a pull page, the server process killed in the middle of a push.
Each time: no duplicates, no loss, and the next sync completes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.session import get_setting
from app.sync import settings as keys
from app.sync.auth import connect
from app.sync.engine import sync
from app.sync.errors import ServerUnreachable
from db.models import AuditEntry, Compound
from tests.sync.conftest import (
    Device,
    SyncServer,
    add_compounds,
    open_device,
    outbox_size,
)
from tests.sync.fault_proxy import Fault, FaultProxy

ROOT = Path(__file__).resolve().parents[2]
MakeDevice = Callable[[str], Device]


@pytest.fixture
def via_proxy(proxy: FaultProxy, sync_server: SyncServer, tmp_path: Path
              ) -> Iterator[Callable[[str], Device]]:
    """Devices that reach the server through the fault proxy."""
    devices: list[Device] = []
    server = SyncServer(url=proxy.url, db_url=sync_server.db_url)

    def make(user: str) -> Device:
        device = open_device(tmp_path / f"proxied-{user}-{len(devices)}", server, user)
        devices.append(device)
        device.sync()
        return device

    yield make
    for device in devices:
        device.store.close()


def compounds_named(device: Device, names: list[str]) -> list[str]:
    with device.store.session() as session:
        return sorted(session.scalars(select(Compound.name).where(Compound.name.in_(names))))


def audit_inserts(device: Device, names: list[str]) -> int:
    with device.store.session() as session:
        ids = session.scalars(select(Compound.id).where(Compound.name.in_(names))).all()
        return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.row_id.in_(ids), AuditEntry.action == "insert")) or 0)


def test_a_push_whose_answer_is_lost_is_resent_without_duplicates(
    via_proxy: Callable[[str], Device], proxy: FaultProxy, make_device: MakeDevice,
) -> None:
    device = via_proxy("cw")
    names = add_compounds(device, 3, "故障")
    before = outbox_size(device)
    fault = proxy.arm(Fault("/api/v1/push", response_bytes=0))
    with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
        sync(device.store, client)
    assert fault.fired and outbox_size(device) == before  # applied there, unknown here
    report = device.sync()  # the same op ids again: the server answers with its first results
    assert (report.pushed, report.conflicts, report.refused) == (before, 0, 0)
    assert outbox_size(device) == 0
    other = make_device("cw2")
    assert compounds_named(other, names) == sorted(names)
    assert audit_inserts(other, names) == 3


def test_the_client_retries_a_cut_push_within_one_sync(
    via_proxy: Callable[[str], Device], proxy: FaultProxy, make_device: MakeDevice,
) -> None:
    device = via_proxy("cw")
    names = add_compounds(device, 2, "故障")
    fault = proxy.arm(Fault("/api/v1/push", response_bytes=40))
    report = device.sync()
    assert fault.fired and report.refused == 0 and outbox_size(device) == 0
    assert compounds_named(make_device("cw2"), names) == sorted(names)


def test_a_pull_cut_mid_page_commits_nothing_of_that_page_and_resumes(
    via_proxy: Callable[[str], Device], proxy: FaultProxy, make_device: MakeDevice,
) -> None:
    writer = make_device("cw")
    names = add_compounds(writer, 12, "故障")
    writer.sync()
    reader = via_proxy("cw2")
    # reader is caught up; new rows arrive in several pages, the second one is cut half-way
    more = add_compounds(writer, 12, "故障")
    writer.sync()
    with reader.store.session() as session:
        cursor_before = int(get_setting(session, keys.CURSOR))
    fault = proxy.arm(Fault("/api/v1/pull", skip=1, response_bytes=300))
    with connect(reader.store, retries=0) as client, pytest.raises(ServerUnreachable):
        sync(reader.store, client, page_size=5)
    assert fault.fired
    with reader.store.session() as session:
        cursor_mid = int(get_setting(session, keys.CURSOR))
    assert cursor_mid > cursor_before  # the first page landed with its cursor…
    got = compounds_named(reader, more)
    assert 0 < len(got) < len(more)  # …the cut one did not, not even partly
    reader.sync()
    assert compounds_named(reader, names + more) == sorted(names + more)
    assert audit_inserts(reader, more) == 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(db_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    code = ("import sys, uvicorn; from server.app import create_app; "
            "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
            "log_level='warning')")
    process = subprocess.Popen(
        [sys.executable, "-c", code, db_url, str(port)], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server subprocess did not start")


def test_the_server_killed_in_the_middle_of_a_push_loses_nothing(
    via_proxy: Callable[[str], Device], proxy: FaultProxy, sync_server: SyncServer,
    make_device: MakeDevice,
) -> None:
    device = via_proxy("cw")
    names = add_compounds(device, 40, "故障")
    before = outbox_size(device)
    process, url = _start_server(sync_server.db_url)
    try:
        proxy.retarget(url)

        def kill() -> None:
            time.sleep(0.02)  # the request is on its way in, or being applied
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)

        fault = proxy.arm(Fault("/api/v1/push", on_request=kill))
        with connect(device.store, retries=1, backoff=0.01) as client, pytest.raises(
            ServerUnreachable
        ):
            sync(device.store, client, batch_size=20)
        # The proxy's kill thread may still be reaping the process: wait here too, then look.
        assert fault.fired and process.wait(timeout=10) == -signal.SIGKILL
        # Batches answered before the kill left the outbox; the rest is all still queued.
        # Which batch the kill hits depends on timing, so count, don't assume.
        with device.store.session() as session:
            acknowledged = session.scalar(select(func.count()).select_from(Compound).where(
                Compound.name.in_(names), Compound.server_version > 0)) or 0
        assert outbox_size(device) < before or acknowledged == 0
        assert outbox_size(device) >= 2 * (len(names) - acknowledged)  # insert + audit each
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    proxy.retarget(sync_server.url)  # a server instance on the same database
    report = device.sync(batch_size=20)
    assert report.refused == 0 and report.conflicts == 0 and outbox_size(device) == 0
    other = make_device("cw2")
    assert compounds_named(other, names) == sorted(names)
    assert audit_inserts(other, names) == 40
