"""The order of a push: a store restored from a backup queues its rows table by table, so a
compound's insert names its liaison party member before the member's insert (and the member
names the compound). The client breaks the cycle — the compound goes without the liaison, an
update with a derived op id sets it once the member is on the server — and a lost answer to
either is resent without a refusal. Likewise a restored election past a checkpoint goes in at
its first stage and moves on once its own sign-off is on the server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.exporting import export_json
from app.importing.restore import restore_json
from app.sync.auth import connect
from app.sync.engine import sync
from app.sync.errors import ServerUnreachable
from db.models import (
    CheckpointApproval,
    Compound,
    Conflict,
    Election,
    OutboxEntry,
    PartyMember,
    Unit,
)
from tests.sync.conftest import Device, SyncServer, community_of, open_device, outbox_size
from tests.sync.fault_proxy import Fault, FaultProxy
from tests.sync.test_signoffs import approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]


def backed_up_cycle(make_device: MakeDevice, folder: Path) -> tuple[Path, str, str, str]:
    """A caseworker's store with a new compound, its liaison member and a unit, none pushed yet,
    exported to JSON. Returns (backup, compound id, member id, unit id)."""
    laptop = make_device("cw")
    with laptop.store.transaction() as session:
        compound = Compound(community_id=community_of(laptop), name=f"循环-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        member = PartyMember(name="联络员", phone="13800000000", compound_id=compound.id)
        unit = Unit(compound_id=compound.id, building="1栋", room="101", owner_name="业主甲",
                    area_m2=Decimal("88.50"))
        session.add_all([member, unit])
        session.flush()
        compound.liaison_member_id = member.id
        ids = compound.id, member.id, unit.id
    backup = folder / "backup.json"
    export_json(laptop.store, backup)
    return backup, *ids


def restored(backup: Path, server: SyncServer, folder: Path, user: str = "cw") -> Device:
    device = open_device(folder, server, user)
    restore_json(device.store, backup)
    return device


def liaison_of(device: Device, compound_id: str) -> str | None:
    with device.store.session() as session:
        return session.scalar(select(Compound.liaison_member_id).where(Compound.id == compound_id))


def held(device: Device, model: type[Unit] | type[PartyMember], row_id: str) -> bool:
    with device.store.session() as session:
        return session.get(model, row_id) is not None


def test_a_restored_compound_and_its_liaison_member_push_as_insert_then_update(
    make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path,
) -> None:
    backup, compound_id, member_id, unit_id = backed_up_cycle(make_device, tmp_path)
    device = restored(backup, sync_server, tmp_path / "restored")
    try:
        with device.store.session() as session:
            queued = session.scalars(
                select(OutboxEntry.table_name).where(
                    OutboxEntry.row_id.in_([compound_id, member_id, unit_id]))
                .order_by(OutboxEntry.seq)).all()
        assert queued == ["compounds", "party_members", "units"]  # the compound names a later row

        report = device.sync()

        assert (report.refused, report.conflicts) == (0, 0)
        assert outbox_size(device) == 0
        assert liaison_of(device, compound_id) == member_id
        with device.store.session() as session:
            assert session.scalar(select(Compound.dirty).where(Compound.id == compound_id)) is False
            assert session.scalar(select(func.count()).select_from(Conflict)) == 0
        colleague = make_device("cw2")
        assert liaison_of(colleague, compound_id) == member_id
        assert held(colleague, PartyMember, member_id) and held(colleague, Unit, unit_id)
    finally:
        device.store.close()


@pytest.mark.parametrize("lost", [0, 1], ids=["insert-answer-lost", "update-answer-lost"])
def test_a_lost_answer_to_the_split_insert_or_its_update_is_resent_without_refusal(
    make_device: MakeDevice, sync_server: SyncServer, proxy: FaultProxy, tmp_path: Path,
    lost: int,
) -> None:
    backup, compound_id, member_id, _ = backed_up_cycle(make_device, tmp_path)
    via_proxy = SyncServer(url=proxy.url, db_url=sync_server.db_url)
    device = restored(backup, via_proxy, tmp_path / "restored")
    try:
        # Push 0 carries the compound without its liaison (and the member); push 1 the update.
        fault = proxy.arm(Fault("/api/v1/push", skip=lost, response_bytes=0))
        with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
            sync(device.store, client)
        assert fault.fired and outbox_size(device) > 0

        report = device.sync()  # the same op ids and payloads again: answered, not refused

        assert (report.refused, report.conflicts) == (0, 0)
        assert outbox_size(device) == 0 and liaison_of(device, compound_id) == member_id
        assert liaison_of(make_device("cw2"), compound_id) == member_id
    finally:
        device.store.close()


def test_a_restored_election_past_its_signed_checkpoint_moves_there_after_its_sign_off(
    make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path,
) -> None:
    laptop = make_device("cw")
    election_id = election_at_timing_checkpoint(laptop)
    approval_id = approve_timing(laptop, election_id)  # and on to group_formed
    with laptop.store.session() as session:
        local = session.get(Election, election_id)
        assert local is not None and local.stage == "group_formed"
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)  # never synced: the backup queues the election at its stage
    device = restored(backup, sync_server, tmp_path / "restored")
    try:
        report = device.sync()

        assert (report.refused, report.conflicts) == (0, 0)
        assert outbox_size(device) == 0
        with make_device("cw2").store.session() as session:
            remote = session.get(Election, election_id)
            assert remote is not None
            assert (remote.stage, remote.historical) == ("group_formed", False)  # through the gate
            assert session.get(CheckpointApproval, approval_id) is not None
    finally:
        device.store.close()


def test_a_supervisor_restoring_a_colleagues_signed_election_pushes_it_as_a_historical_record(
    make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path,
) -> None:
    """The caseworker's sign-off can only be pushed by the caseworker (it is held back): the
    election still reaches the server at its stage, as a record the supervisor vouches for."""
    laptop = make_device("cw")
    election_id = election_at_timing_checkpoint(laptop)
    approval_id = approve_timing(laptop, election_id)
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)
    device = restored(backup, sync_server, tmp_path / "restored", user="sup")
    try:
        report = device.sync()

        assert report.refused == 1  # the sign-off alone, kept in conflicts
        with device.store.session() as session:
            kept = session.scalars(select(Conflict.row_id).where(Conflict.resolved_at.is_(None)))
            assert list(kept) == [approval_id]
        with make_device("cw2").store.session() as session:
            remote = session.get(Election, election_id)
            assert remote is not None
            assert (remote.stage, remote.historical) == ("group_formed", True)
    finally:
        device.store.close()
