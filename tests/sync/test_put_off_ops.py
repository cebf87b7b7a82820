"""A row's second op in one push is put off to a later batch, and the batch goes on with other
rows (app.sync.batching): a store edited step by step still goes in full batches (a table with
a unique key waits whole: tests/hostile_today/test_put_off_hostile.py). What the
server checks against the put-off op waits with it: a sign-off of an election whose own op was
put off goes in the batch after, so its content hash is checked against the election as signed."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select

from app.session import get_setting
from app.sync import settings as keys
from app.sync.batching import PushedOp, plan_batch
from db.models import Compound, Election, PartyMember
from tests.sync.conftest import Device, community_of
from tests.sync.test_signoffs import approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]


def first_batch(device: Device, size: int = 200) -> list[PushedOp]:
    with device.store.session() as session:
        return plan_batch(session, size, get_setting(session, keys.ROLE, "") or "",
                          get_setting(session, keys.USER, "") or "")


def test_a_row_edited_twice_does_not_end_the_batch(make_device: MakeDevice) -> None:
    device = make_device("cw")
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=f"两改-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        compound_id = compound.id
    assert device.sync().refused == 0
    for name in ("两改-一", "两改-二"):
        with device.store.transaction() as session:
            row = session.get(Compound, compound_id)
            assert row is not None
            row.name = f"{name}-{uuid.uuid4().hex[:6]}"
    final_name = row.name
    with device.store.transaction() as session:
        later = [PartyMember(name=f"其后{n}", phone="13800000000", compound_id=compound_id)
                 for n in range(10)]
        session.add_all(later)
        session.flush()
        later_ids = {member.id for member in later}

    batch = first_batch(device)
    edits = [op for op in batch if op.row_id == compound_id]
    assert [op.op for op in edits] == ["update"]  # one op of the row, the first
    assert {op.row_id for op in batch if op.table_name == "party_members"} == later_ids

    report = device.sync()
    assert report.refused == 0 and report.conflicts == 0
    with make_device("cw2").store.session() as session:
        assert session.scalar(select(Compound.name).where(Compound.id == compound_id)) == final_name
        assert set(session.scalars(select(PartyMember.id).where(PartyMember.id.in_(later_ids)))
                   ) == later_ids


def test_a_sign_off_waits_for_its_elections_put_off_op(make_device: MakeDevice) -> None:
    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)  # an insert, then updates of the row
    approval_id = approve_timing(device, election_id)

    batch = first_batch(device)
    assert [op.op for op in batch if op.row_id == election_id] == ["insert"]
    assert approval_id not in {op.row_id for op in batch}  # its election's update is put off

    report = device.sync()
    assert report.refused == 0 and report.conflicts == 0
    with make_device("cw2").store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None and election.stage == "group_formed"
