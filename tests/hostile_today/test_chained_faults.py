"""Chained pushes (a row's later ops in the batch of its earlier one) under faults: the server
commits a push whose answer never reaches the laptop, then the laptop sends again — the same
batch, a batch cut differently (a smaller `sync --batch`), or after more local edits. The ops
the server took must be recognised as replays (same op id, same payload) and nothing refused,
lost or left in the outbox. Against a real server behind the fault proxy."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app import compounds, recycle
from app.sync.auth import connect
from app.sync.batching import plan_batch
from app.sync.conflicts import open_conflicts
from app.sync.engine import sync
from app.sync.errors import ServerUnreachable
from db.models import Compound, OutboxEntry
from tests.server.helpers import Client
from tests.sync.conftest import (
    Device,
    SyncServer,
    edit_row,
    new_compound,
    open_device,
    open_reasons,
    outbox_size,
)
from tests.sync.fault_proxy import Fault, FaultProxy


@pytest.fixture
def device(proxy: FaultProxy, sync_server: SyncServer, tmp_path: Path) -> Iterator[Device]:
    laptop = open_device(tmp_path / "proxied", SyncServer(url=proxy.url, db_url=sync_server.db_url),
                         "cw")
    laptop.sync()
    yield laptop
    laptop.store.close()








def _cut_push(proxy: FaultProxy, device: Device, batch_size: int = 1000, skip: int = 0) -> None:
    """One sync whose (skip+1)-th push the server commits and whose answer is lost."""
    fault = proxy.arm(Fault("/api/v1/push", skip=skip, response_bytes=0))
    with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
        sync(device.store, client, batch_size=batch_size)
    assert fault.fired and outbox_size(device) > 0


def _local(device: Device, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    with device.store.session() as session:
        return {c.id: (c.name, c.note, c.deleted_at is not None, c.server_version, c.dirty)
                for c in session.scalars(select(Compound).where(Compound.id.in_(ids)))}


def _converged(device: Device, observer: Client, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    assert outbox_size(device) == 0
    local = _local(device, ids)
    rows = observer.rows()
    remote = {}
    for row_id in ids:
        change = rows[("compounds", row_id)]
        remote[row_id] = (change["fields"]["name"], change["fields"]["note"],
                          change["deleted_at"] is not None, change["version"], False)
    assert local == remote
    return local


def _chained_rows(device: Device, tag: str) -> tuple[list[str], list[str]]:
    """A synced row edited twice, a new row edited twice, a synced row deleted and restored:
    (their ids, the op ids of the next batch)."""
    synced = new_compound(device, f"断链甲-{tag}")
    gone = new_compound(device, f"断链丙-{tag}")
    report = device.sync()
    assert report.refused == 0
    edit_row(device, Compound, synced, note="第一次")
    edit_row(device, Compound, synced, name=f"断链甲-{tag}-改")
    fresh = new_compound(device, f"断链乙-{tag}")
    edit_row(device, Compound, fresh, note="新行第一次")
    edit_row(device, Compound, fresh, note="新行第二次")
    with device.store.transaction() as session:
        compounds.delete(session, gone)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", gone)
    edit_row(device, Compound, gone, note="恢复后")
    with device.store.session() as session:
        batch = plan_batch(session, 1000)
    assert [op.op for op in batch if op.row_id == synced] == ["update", "update"]
    return [synced, fresh, gone], [op.op_id for op in batch]


def test_a_lost_answer_then_the_same_push_again(
        proxy: FaultProxy, device: Device, observer: Client) -> None:
    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device)
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    rows = _converged(device, observer, ids)
    assert rows[ids[1]][1] == "新行第二次" and rows[ids[2]][1:3] == ("恢复后", False)


@pytest.mark.parametrize("retry_size", [1, 2, 3])
def test_a_lost_answer_then_a_smaller_batch(
        proxy: FaultProxy, device: Device, observer: Client, retry_size: int) -> None:
    """The user retries a failed sync with `sync --batch N` (app.cli.sync_cmd): the ops the
    server took in one push now come back over several. A row's second op, sent the first time
    with the row's old base, must not be sent again with another payload under the same op id
    (the server refuses that: op_id_reused)."""
    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device)
    report = device.sync(batch_size=retry_size)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    rows = _converged(device, observer, ids)
    assert rows[ids[0]][1] == "第一次" and rows[ids[1]][1] == "新行第二次"


def test_a_lost_answer_then_more_edits_of_the_same_rows(
        proxy: FaultProxy, device: Device, observer: Client) -> None:
    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device)
    edit_row(device, Compound, ids[0], note="断后再改")
    edit_row(device, Compound, ids[1], name=f"{ids[1][:6]}-断后改名")
    with device.store.transaction() as session:
        compounds.delete(session, ids[2])
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    rows = _converged(device, observer, ids)
    assert rows[ids[0]][1] == "断后再改" and rows[ids[2]][2] is True


@pytest.mark.parametrize("skip", [0, 1, 2])
def test_a_lost_answer_mid_pipeline_over_small_batches(
        proxy: FaultProxy, device: Device, observer: Client, skip: int) -> None:
    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device, batch_size=4, skip=skip)
    report = device.sync(batch_size=4)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    _converged(device, observer, ids)


def test_a_colleagues_edit_between_the_lost_answer_and_the_resend(
        proxy: FaultProxy, device: Device, observer: Client, make_device: Any) -> None:
    """The server took my two edits (note, name); before my resend a colleague edits the note
    after them. The resend is answered from the record: no conflict, the colleague's note is
    what both hold after the sync's pull."""
    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device)
    other = make_device("cw2")
    with other.store.transaction() as session:
        row = session.get(Compound, ids[0])
        assert row is not None and row.note == "第一次"
        row.note = "同事在后"
    assert other.sync().refused == 0
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    rows = _converged(device, observer, ids)
    assert rows[ids[0]][1] == "同事在后"


def test_a_batch_whose_answer_was_lost_is_kept_and_sent_again_as_it_went(
        proxy: FaultProxy, device: Device, observer: Client) -> None:
    """The lost batch is kept in the store (app.sync.unanswered) with the payload the server
    holds for its op ids, and the next sync, whatever its batch size, sends it first as it was:
    nothing refused, the record gone once settled."""
    from app.sync import unanswered

    ids, sent_ids = _chained_rows(device, uuid.uuid4().hex[:8])
    with device.store.session() as session:
        queued = {e.op_id: (e.base_version, json.loads(e.fields_json)) for e in
                  session.scalars(select(OutboxEntry).where(OutboxEntry.op_id.in_(sent_ids)))}
    _cut_push(proxy, device)
    [(_key, kept)] = unanswered.outstanding(device.store)
    assert [op.op_id for op in kept] == sent_ids
    assert {op.op_id: (op.base_version, op.fields) for op in kept} == queued
    report = device.sync(batch_size=1)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert unanswered.outstanding(device.store) == []
    _converged(device, observer, ids)


def test_a_lost_answer_then_a_smaller_batch_then_taking_the_servers_side(
        proxy: FaultProxy, device: Device, observer: Client) -> None:
    """Whatever the retry's refusals say, a caseworker who answers them with 保留服务器 (theirs)
    must not lose rows the server holds: the laptop still has the rows, as the server has them,
    after the next sync."""
    from app.sync.conflicts import resolve

    ids, _ = _chained_rows(device, uuid.uuid4().hex[:8])
    _cut_push(proxy, device)
    device.sync(batch_size=1)
    for conflict in open_conflicts(device.store):
        resolve(device.store, conflict.id, "theirs")
    report = device.sync()
    assert report.refused == 0, open_reasons(device)
    assert sorted(_local(device, ids)) == sorted(ids)  # none of them vanished from the laptop
    _converged(device, observer, ids)
