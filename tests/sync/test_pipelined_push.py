"""A push plans its next batch while the one before it is on its way (app.sync.engine): the
planner treats that batch as sent — its entries are not planned again, its inserts count as on
the server, and the batch ends before a later op of one of its rows (a row's later ops of its
own go with it, app.sync.batching). The server still gets the batches one after another: each push starts once the
one before it has been answered."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import Cancelled
from app.sync.auth import connect
from app.sync.batching import PushedOp, plan_batch
from app.sync.client import SyncClient
from app.sync.engine import SyncReport, push_outbox, sync
from db.models import Compound, OutboxEntry
from tests.sync.conftest import Device, add_compounds, outbox_size

MakeDevice = Callable[[str], Device]


def _plan(device: Device, size: int, sent: list[PushedOp] | None = None) -> list[PushedOp]:
    with device.store.session() as session:
        return plan_batch(session, size, "caseworker", device.user, sent or ())


def _outbox(device: Device) -> list[tuple[int, str, str, str]]:
    with device.store.session() as session:
        return [tuple(row) for row in session.execute(  # type: ignore[misc]
            select(OutboxEntry.seq, OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.op)
            .order_by(OutboxEntry.seq))]


def test_the_batch_after_a_sent_one_takes_the_rest_and_leans_on_its_inserts(
    make_device: MakeDevice,
) -> None:
    device = make_device("cw")
    add_compounds(device, 3, "流水")
    entries = _outbox(device)
    first = _plan(device, 1)
    assert [op.seq for op in first] == [entries[0][0]] and first[0].table_name == "compounds"
    after = _plan(device, 100, first)
    assert [op.seq for op in after] == [seq for seq, *_ in entries[1:]]
    # The audit entry about the first compound names it: its insert is on its way, not waited for.
    assert any(op.table_name == "audit_entries" and op.fields.get("row_id") == first[0].row_id
               for op in after)
    # Without the sent batch, its entry is planned again (nothing was settled).
    assert _plan(device, 100)[0].seq == first[0].seq


def test_a_later_op_of_a_sent_row_ends_the_batch_before_it(make_device: MakeDevice) -> None:
    device = make_device("cw")
    [name] = add_compounds(device, 1, "改名")
    with device.store.transaction() as session:
        compound = session.scalars(select(Compound).where(Compound.name == name)).one()
        compound.note = "又改"
    add_compounds(device, 1, "其后")
    entries = _outbox(device)
    insert = _plan(device, 1)
    update_at = next(i for i, (_, table, row_id, op) in enumerate(entries)
                     if table == "compounds" and op == "update" and row_id == insert[0].row_id)
    after = _plan(device, 100, insert)
    assert [op.seq for op in after] == [seq for seq, *_ in entries[1:update_at]]
    # Everything before the update waits for nothing else: once those are sent too, the
    # batch after them is empty until the insert's answer is settled (no oldest-entry fallback).
    assert _plan(device, 100, [*insert, *after]) == []


class _TimedClient(SyncClient):
    """The real client, noting when each push starts and ends."""

    spans: list[tuple[float, float]]
    lock: threading.Lock

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        start = time.monotonic()
        try:
            return super().push_encoded(body, count)
        finally:
            with self.lock:
                self.spans.append((start, time.monotonic()))


def test_batches_reach_the_server_one_after_another(make_device: MakeDevice) -> None:
    device = make_device("cw")
    names = add_compounds(device, 20, "依次")
    total = outbox_size(device)
    with connect(device.store) as client:
        client.__class__ = _TimedClient
        timed: Any = client
        timed.spans, timed.lock = [], threading.Lock()
        report = sync(device.store, client, batch_size=4)
    assert (report.pushed, report.refused, report.conflicts) == (total, 0, 0)
    assert outbox_size(device) == 0
    spans = sorted(timed.spans)
    assert len(spans) >= total // 4
    assert all(later[0] >= earlier[1] for earlier, later in pairwise(spans))
    other = make_device("cw2")
    other.sync()
    # The pushing laptop keeps each row's version and the server's stamp (who, when) exactly
    # as another laptop pulls them.
    assert _stamps(other, names) == _stamps(device, names)
    assert set(_stamps(other, names)) == set(names)


def _stamps(device: Device, names: list[str]) -> dict[str, tuple[Any, ...]]:
    with device.store.session() as session:
        return {row.name: (row.server_version, row.updated_at, row.updated_by, row.dirty)
                for row in session.scalars(select(Compound).where(Compound.name.in_(names)))}


def test_a_rows_later_edit_is_rebased_on_the_version_its_earlier_one_got(
    make_device: MakeDevice,
) -> None:
    device = make_device("cw")
    [name] = add_compounds(device, 1, "重基")
    device.sync()
    for note in ("第一次", "第二次"):  # two edits, each its own outbox entry
        with device.store.transaction() as session:
            session.scalars(select(Compound).where(Compound.name == name)).one().note = note
    with device.store.session() as session:
        compound_id = session.scalars(select(Compound.id).where(Compound.name == name)).one()
        bases = session.scalars(select(OutboxEntry.base_version).where(
            OutboxEntry.row_id == compound_id).order_by(OutboxEntry.seq)).all()
    assert len(bases) == 2 and bases[0] == bases[1] > 0
    stopped = _StopAfterFirstPush()
    with connect(device.store) as client, pytest.raises(Cancelled):
        push_outbox(device.store, client, stopped, SyncReport(), batch_size=1)
    with device.store.session() as session:
        version = session.scalars(select(Compound.server_version)
                                  .where(Compound.id == compound_id)).one()
        left = session.scalars(select(OutboxEntry.base_version).where(
            OutboxEntry.row_id == compound_id)).all()
    assert version > bases[0] and left == [version]  # the later edit now sits on it


class _StopAfterFirstPush:
    """A Progress that asks to stop once the first batch is settled."""

    def __init__(self) -> None:
        self.pushed = 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.pushed = done if text == "push" else self.pushed

    @property
    def cancelled(self) -> bool:
        return self.pushed >= 1
