"""Hostile edit sequences for the push planner (app.sync.batching): rows edited step by step,
then rows that depend on those edits through something the server checks across rows — a name
unique among live rows freed by a rename or delete, a sign-off's content hash over party members,
a delete then a restore. A planner that put a row's second op off to a later batch and went on
with other rows sent the dependent rows first and was refused (tried and reverted: a row's later
ops now go in the batch of its first, in outbox order, tests/hostile_today/test_chained_*). The restore was lost by the settling of the delete's
answer (app.sync.apply). Each test pushes with the real planner against a real server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import CheckpointApproval, Compound, Election, PartyMember, Unit
from tests.sync.conftest import (
    Device,
    add_compounds,
    edit_row,
    new_compound,
    open_reasons,
    outbox_size,
)
from tests.sync.test_signoffs import approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]








def _server_names(make_device: MakeDevice, ids: list[str]) -> dict[str, tuple[str, bool]]:
    with make_device("cw2").store.session() as session:
        rows = session.execute(select(Compound.id, Compound.name, Compound.deleted_at)
                               .where(Compound.id.in_(ids))).all()
    return {r.id: (r.name, r.deleted_at is not None) for r in rows}


# ----- live-unique names: a put-off op frees a name a later row of this batch takes ----------

def test_a_rename_put_off_does_not_make_a_new_rows_name_clash(make_device: MakeDevice) -> None:
    """A compound's note is edited, then it is renamed, then a new compound takes its old name:
    the rename is put off, the insert goes in the same batch, and the server still holds the old
    name on a live row (live_unique compounds(community_id, name))."""
    device = make_device("cw")
    old = f"改名-{uuid.uuid4().hex[:8]}"
    first = new_compound(device, old)
    assert device.sync().refused == 0
    edit_row(device, Compound, first, note="先改备注")
    edit_row(device, Compound, first, name=f"{old}-新")
    second = new_compound(device, old)

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    assert _server_names(make_device, [first, second]) == {
        first: (f"{old}-新", False), second: (old, False)}


def test_a_delete_put_off_does_not_make_a_new_rows_name_clash(make_device: MakeDevice) -> None:
    """A compound is edited, then deleted, then a new compound takes its name (live-unique:
    allowed once the first is a tombstone)."""
    device = make_device("cw")
    old = f"删后重建-{uuid.uuid4().hex[:8]}"
    first = new_compound(device, old)
    assert device.sync().refused == 0
    edit_row(device, Compound, first, note="先改备注")
    with device.store.transaction() as session:
        from app import compounds
        compounds.delete(session, first)
    second = new_compound(device, old)

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    assert _server_names(make_device, [first, second]) == {first: (old, True), second: (old, False)}


def test_a_unit_renumbered_twice_frees_its_room_for_a_new_unit(make_device: MakeDevice) -> None:
    """units(compound_id, building, room) is live-unique: a unit's area is corrected, then it is
    renumbered, then a new unit takes the old room number."""
    device = make_device("cw")
    compound_id = new_compound(device, f"房号-{uuid.uuid4().hex[:8]}")
    with device.store.transaction() as session:
        unit = Unit(compound_id=compound_id, building="1", room="101", area_m2=Decimal("80"))
        session.add(unit)
        session.flush()
        unit_id = unit.id
    assert device.sync().refused == 0
    edit_row(device, Unit, unit_id, area_m2=Decimal("81"))
    edit_row(device, Unit, unit_id, room="102")
    with device.store.transaction() as session:
        added = Unit(compound_id=compound_id, building="1", room="101", area_m2=Decimal("70"))
        session.add(added)
        session.flush()
        added_id = added.id

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    with make_device("cw2").store.session() as session:
        rooms = dict(session.execute(select(Unit.id, Unit.room)
                                     .where(Unit.id.in_([unit_id, added_id]))).all())
    assert rooms == {unit_id: "102", added_id: "101"}


# ----- sign-off content the server recomputes from rows of other tables ----------------------

def _synced_timing_checkpoint(device: Device) -> tuple[str, str, str | None]:
    """An election waiting at the timing checkpoint, on the server: (election, its compound,
    the compound's party branch)."""
    election_id = election_at_timing_checkpoint(device)
    assert device.sync().refused == 0
    with device.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None
        compound_id = election.compound_id
        branch_id = session.scalar(select(PartyMember.branch_id)
                                   .where(PartyMember.compound_id == compound_id))
    return election_id, compound_id, branch_id


def test_a_timing_sign_off_waits_for_a_party_members_put_off_op(make_device: MakeDevice) -> None:
    """A timing sign-off of a first election hashes the compound's resident party members and how
    many were found (app.elections.timing.timing_content). A new member is added, then marked
    found; the timing is signed. The sign-off must not reach the server before the member's
    update (a planner that put that update off sent it first: the server's hash differed)."""
    device = make_device("cw")
    election_id, compound_id, branch_id = _synced_timing_checkpoint(device)
    with device.store.transaction() as session:
        member = PartyMember(name="党员 乙", compound_id=compound_id, branch_id=branch_id)
        session.add(member)
        session.flush()
        member_id = member.id
    edit_row(device, PartyMember, member_id, found_via="branch_found")
    approval_id = approve_timing(device, election_id)

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    with make_device("cw2").store.session() as session:
        assert session.get(CheckpointApproval, approval_id) is not None


# ----- many small batches: everything arrives, nothing is left in the outbox ----------------

def test_steps_over_tiny_batches_converge(make_device: MakeDevice) -> None:
    """Rows edited step by step, one deleted, and new rows in between, pushed two ops at a
    time: the outbox empties without refusals and the server holds what the laptop holds."""
    from app import compounds

    device = make_device("cw")
    names = add_compounds(device, 4, "细批")
    with device.store.session() as session:
        ids = list(session.scalars(select(Compound.id).where(Compound.name.in_(names))))
    for step in range(3):
        for row_id in ids:
            edit_row(device, Compound, row_id, note=f"第{step}步")
        add_compounds(device, 1, f"间隔{step}")
    with device.store.transaction() as session:
        compounds.delete(session, ids[1])

    report = device.sync(batch_size=2)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    with device.store.session() as session:
        local = {r.id: (r.name, r.note, r.deleted_at is not None) for r in session.execute(
            select(Compound.id, Compound.name, Compound.note, Compound.deleted_at)
            .where(Compound.id.in_(ids)))}
    with make_device("cw2").store.session() as session:
        remote = {r.id: (r.name, r.note, r.deleted_at is not None) for r in session.execute(
            select(Compound.id, Compound.name, Compound.note, Compound.deleted_at)
            .where(Compound.id.in_(ids)))}
    assert remote == local


@pytest.mark.parametrize("batch_size", [1, 1000])
def test_a_delete_then_restore_before_a_sync_keeps_the_row(make_device: MakeDevice,
                                                           batch_size: int) -> None:
    """A synced compound is deleted, then restored from the recycle bin, then synced. In
    batches of one, settling the delete's answer (the server's tombstone) over a local row that
    is live again with an undelete pending must not drop that undelete; in one batch, the row
    settles from the undelete's answer."""
    from app import compounds, recycle

    device = make_device("cw")
    name = f"删了又恢复-{uuid.uuid4().hex[:8]}"
    row_id = new_compound(device, name)
    assert device.sync().refused == 0
    with device.store.transaction() as session:
        compounds.delete(session, row_id)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", row_id)

    report = device.sync(batch_size=batch_size)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    with device.store.session() as session:
        local = session.get(Compound, row_id)
        assert local is not None and local.deleted_at is None  # the user's restore stands
    assert _server_names(make_device, [row_id]) == {row_id: (name, False)}


# ----- controls: the same edits without a second op of the row pass -------------------------

def test_control_a_single_rename_frees_the_name(make_device: MakeDevice) -> None:
    device = make_device("cw")
    old = f"单改-{uuid.uuid4().hex[:8]}"
    first = new_compound(device, old)
    assert device.sync().refused == 0
    edit_row(device, Compound, first, name=f"{old}-新")
    second = new_compound(device, old)
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert _server_names(make_device, [first, second]) == {
        first: (f"{old}-新", False), second: (old, False)}


def test_control_a_member_added_found_then_timing_signed(make_device: MakeDevice) -> None:
    device = make_device("cw")
    election_id, compound_id, branch_id = _synced_timing_checkpoint(device)
    with device.store.transaction() as session:
        session.add(PartyMember(name="党员 乙", compound_id=compound_id, branch_id=branch_id,
                                found_via="branch_found"))
    approval_id = approve_timing(device, election_id)
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    with make_device("cw2").store.session() as session:
        assert session.get(CheckpointApproval, approval_id) is not None
