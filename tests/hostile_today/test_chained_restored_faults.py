"""A restored store (its outbox in table order, compounds split from their liaison members)
with rows then edited step by step, pushed in small pipelined batches, a push committed by the
server whose answer is lost, and the same sync run again with the same batch size. Settling the
batch answered before the lost one turns its split inserts into updates at their old places in
the outbox: the retry's batches are cut differently from the lost one, and a row whose ops went
together in the lost push may now be split over two. Nothing may be refused, lost or left."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.exporting import export_json
from app.importing.restore import restore_json
from app.sync.auth import connect
from app.sync.batching import plan_batch
from app.sync.engine import expand_bulk_entries, sync
from app.sync.errors import ServerUnreachable
from db.models import Compound, OutboxEntry, PartyMember, Unit
from tests.server.helpers import Client
from tests.sync.conftest import (
    Device,
    SyncServer,
    community_of,
    open_device,
    open_reasons,
    outbox_size,
)
from tests.sync.fault_proxy import Fault, FaultProxy


def _restored(tmp_path: Path, sync_server: SyncServer, proxy: FaultProxy, prefix: str
              ) -> Device:
    """A laptop's compound with its liaison member (a cycle) and a unit, backed up and
    restored on a new device behind the proxy (nothing pushed yet)."""
    laptop = open_device(tmp_path / "laptop", sync_server, "cw")
    try:
        laptop.sync()
        with laptop.store.transaction() as session:
            compound = Compound(community_id=community_of(laptop), name=f"{prefix}苑")
            session.add(compound)
            session.flush()
            member = PartyMember(name="联络员", compound_id=compound.id)
            unit = Unit(compound_id=compound.id, building="1", room="101",
                        area_m2=Decimal("70"))
            session.add_all([member, unit])
            session.flush()
            compound.liaison_member_id = member.id
        backup = tmp_path / "backup.json"
        export_json(laptop.store, backup)
    finally:
        laptop.store.close()
    device = open_device(tmp_path / "restored",
                         SyncServer(url=proxy.url, db_url=sync_server.db_url), "cw")
    restore_json(device.store, backup)
    return device


def _plan(device: Device, size: int) -> list[tuple[str, str, str, bool]]:
    expand_bulk_entries(device.store)
    with device.store.session() as session:
        return [(op.table_name, op.row_id[-4:], op.op, bool(op.held))
                for op in plan_batch(session, size)]


def _outbox(device: Device) -> list[tuple[int, str, str, str]]:
    with device.store.session() as session:
        return [(e.seq, e.table_name, e.row_id[-4:], e.op) for e in
                session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


@pytest.mark.parametrize("size", [2, 3, 4, 5, 6])
def test_a_lost_answer_after_split_inserts_then_the_same_sync_again(
        proxy: FaultProxy, sync_server: SyncServer, observer: Client, tmp_path: Path,
        size: int) -> None:
    prefix = f"复断-{uuid.uuid4().hex[:6]}-"
    device = _restored(tmp_path, sync_server, proxy, prefix)
    try:
        # After the restore, new rows edited step by step (each a chain of ops of one row).
        chained: list[str] = []
        for n in range(3):
            with device.store.transaction() as session:
                compound = Compound(community_id=community_of(device), name=f"{prefix}{n}")
                session.add(compound)
                session.flush()
                chained.append(compound.id)
            with device.store.transaction() as session:
                row = session.get(Compound, chained[-1])
                assert row is not None
                row.note = f"第{n}个的备注"
        expand_bulk_entries(device.store)
        fault = proxy.arm(Fault("/api/v1/push", skip=1, response_bytes=0))
        with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
            sync(device.store, client, batch_size=size)
        assert fault.fired
        report = device.sync(batch_size=size)
        assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
        assert outbox_size(device) == 0
        rows = observer.rows()
        with device.store.session() as session:
            local: dict[str, Any] = {c.id: (c.name, c.note, c.liaison_member_id, c.server_version)
                                     for c in session.scalars(select(Compound).where(
                                         Compound.name.startswith(prefix)))}
        remote = {k[1]: (c["fields"]["name"], c["fields"]["note"],
                         c["fields"]["liaison_member_id"], c["version"])
                  for k, c in rows.items() if k[0] == "compounds"
                  and str(c["fields"]["name"]).startswith(prefix)}
        assert local == remote
        assert all(local[i][1] for i in chained)
    finally:
        device.store.close()
