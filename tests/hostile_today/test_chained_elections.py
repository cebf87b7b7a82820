"""Elections moved through their stages with sign-offs interleaved with edits of the rows those
sign-offs hash (party members for the timing checkpoint, group members for the group one), every
row edited step by step — pushed as chained batches (a row's later ops with its earlier ones).
The server recomputes each sign-off's content from its own rows when it takes it: it must see
them exactly as they were when the sign-off was made."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.elections import actions
from db.models import CheckpointApproval, Election, GroupMember, PartyMember, Unit
from tests.sync.conftest import Device, edit_row, open_reasons, outbox_size
from tests.sync.test_signoffs import RULES, TODAY, approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]






def _state(device: Device, election_id: str) -> tuple[object, ...]:
    with device.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None
        members = sorted((m.name, m.role, m.is_leader, m.deleted_at is not None) for m in
                         session.scalars(select(GroupMember).where(
                             GroupMember.election_id == election_id)))
        approvals = sorted((a.checkpoint, a.decision) for a in session.scalars(
            select(CheckpointApproval).where(CheckpointApproval.election_id == election_id)))
        party = sorted((p.name, p.found_via) for p in session.scalars(
            select(PartyMember).where(PartyMember.compound_id == election.compound_id)))
        return election.stage, election.server_version, members, approvals, party


def _group(device: Device, election_id: str) -> list[str]:
    """A complete preparatory group (four offices, three owner representatives from the
    roll, published): ids ordered street office, party committee, police, residents committee,
    then the representatives."""
    from datetime import timedelta

    for name, role in [("街道 周", "street_office"), ("党委 吴", "party_committee"),
                       ("民警 郑", "police"), ("居委 冯", "residents_committee")]:
        actions.save_group_member(device.store, election_id, name=name, role=role,
                                  is_leader=role == "street_office")
    with device.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None
        units = list(session.scalars(select(Unit).where(Unit.compound_id == election.compound_id)
                                     .order_by(Unit.room)))[9:12]
    for n, unit in enumerate(units):
        actions.save_group_member(device.store, election_id, name=unit.owner_name,
                                  role="owner_rep", unit_id=unit.id, is_party_member=n == 0)
    edit_row(device, Election, election_id,
          reps_published_on=TODAY - timedelta(days=RULES.procedure.reps_publication.days))
    order = ["street_office", "party_committee", "police", "residents_committee", "owner_rep"]
    with device.store.session() as session:
        rows = list(session.scalars(select(GroupMember).where(
            GroupMember.election_id == election_id)))
        return [m.id for m in sorted(rows, key=lambda m: (order.index(m.role), m.name))]


def _sign_group(device: Device, election_id: str, decision: str) -> str:
    actions.advance(device.store, election_id, "checkpoint_group", RULES, TODAY)
    view = actions.load_view(device.store, election_id, RULES, TODAY)
    assert view.draft is not None
    return actions.sign(device.store, election_id, "group", decision, RULES, TODAY,
                        comment="筹备组", expected_hash=view.draft.content_hash).id


@pytest.mark.parametrize("synced_first", [False, True])
def test_two_checkpoints_signed_with_member_edits_around_them(
        make_device: MakeDevice, synced_first: bool) -> None:
    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)
    if synced_first:
        assert device.sync().refused == 0
    with device.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None
        party_id = session.scalar(select(PartyMember.id).where(
            PartyMember.compound_id == election.compound_id))
    assert party_id is not None
    edit_row(device, PartyMember, party_id, name="党员 甲（更正）")  # hashed by the timing sign-off
    approve_timing(device, election_id)
    edit_row(device, PartyMember, party_id, name="党员 甲（签后再改）")  # after it: not in its hash
    members = _group(device, election_id)
    edit_row(device, GroupMember, members[0], name="街道 周（更正）")
    edit_row(device, GroupMember, members[4], is_party_member=False)
    returned = _sign_group(device, election_id, "returned")  # back to group_formed
    edit_row(device, GroupMember, members[1], name="党委 吴（补正）")
    edit_row(device, GroupMember, members[5], is_party_member=True)
    approved = _sign_group(device, election_id, "approved")
    edit_row(device, GroupMember, members[2], name="民警 郑（签后）")  # after the sign-off
    assert returned != approved

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    mine = _state(device, election_id)
    assert mine == _state(make_device("cw2"), election_id)
    assert mine[0] == "candidates_nominated"


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_the_same_over_tiny_batches(make_device: MakeDevice, size: int) -> None:
    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)
    approve_timing(device, election_id)
    members = _group(device, election_id)
    edit_row(device, GroupMember, members[0], name="街道 周（更正）")
    _sign_group(device, election_id, "returned")
    edit_row(device, GroupMember, members[0], name="街道 周（再更正）")
    edit_row(device, GroupMember, members[1], name="党委 吴（补正）")
    _sign_group(device, election_id, "approved")
    edit_row(device, GroupMember, members[1], name="党委 吴（签后）")

    report = device.sync(batch_size=size)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    mine = _state(device, election_id)
    assert mine == _state(make_device("cw2"), election_id)
    assert mine[0] == "candidates_nominated"


def test_a_group_member_removed_and_re_added_around_a_returned_sign_off(
        make_device: MakeDevice) -> None:
    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)
    approve_timing(device, election_id)
    members = _group(device, election_id)
    _sign_group(device, election_id, "returned")
    with device.store.session() as session:
        removed = session.get(GroupMember, members[3])
        assert removed is not None
        kept = (removed.name, removed.role)
    actions.remove_person(device.store, election_id, GroupMember, members[3])
    actions.save_group_member(device.store, election_id, name=kept[0], role=kept[1])
    _sign_group(device, election_id, "approved")

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    assert _state(device, election_id) == _state(make_device("cw2"), election_id)
