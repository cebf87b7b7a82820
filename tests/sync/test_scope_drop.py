"""Rows that leave a caseworker's street are dropped from their laptop at the next sync: after a
supervisor moves a compound to another street, the old street's caseworker no longer holds its
residents' names and phones; a local edit they had not pushed yet is kept in the conflicts
table, not lost; the other street's caseworker now has the rows."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, select

from app.progress import NullProgress
from app.sync.auth import connect
from app.sync.conflicts import open_conflicts
from app.sync.engine import SyncReport, pull_all
from db.models import AuditEntry, Compound, OutboxEntry, PartyBranch, PartyMember, Unit
from tests.sync.conftest import Device, SyncServer, community_of

MakeDevice = Callable[[str], Device]


def compound_with_residents(device: Device) -> tuple[str, list[str], list[str]]:
    """A compound with two owners and a party member (names and phones); returns the ids."""
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=f"搬迁-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        units = [Unit(compound_id=compound.id, building="1栋", room=f"10{i}",
                      owner_name=f"业主{i}", phone=f"1380000000{i}", area_m2=Decimal("90"))
                 for i in range(2)]
        members = [PartyMember(name="党员甲", phone="13900000000", compound_id=compound.id)]
        session.add_all([*units, *members])
        session.flush()
        return compound.id, [u.id for u in units], [m.id for m in members]


def move_compound(device: Device, compound_id: str, community_id: str) -> None:
    with device.store.transaction() as session:
        compound = session.get(Compound, compound_id)
        assert compound is not None
        compound.community_id = community_id


def held(device: Device, compound_id: str, unit_ids: list[str], member_ids: list[str]
         ) -> tuple[int, int, int]:
    with device.store.session() as session:
        return (
            int(session.scalar(select(func.count()).select_from(Compound)
                               .where(Compound.id == compound_id)) or 0),
            int(session.scalar(select(func.count()).select_from(Unit)
                               .where(Unit.id.in_(unit_ids))) or 0),
            int(session.scalar(select(func.count()).select_from(PartyMember)
                               .where(PartyMember.id.in_(member_ids))) or 0),
        )


def test_a_compound_moved_to_another_street_leaves_the_old_streets_laptops(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    supervisor, caseworker = make_device("sup"), make_device("cw")
    compound_id, unit_ids, member_ids = compound_with_residents(supervisor)
    supervisor.sync()
    caseworker.sync()
    assert held(caseworker, compound_id, unit_ids, member_ids) == (1, 2, 1)

    move_compound(supervisor, compound_id, sync_server.other_community_id)
    assert supervisor.sync().refused == 0
    report = caseworker.sync()

    assert held(caseworker, compound_id, unit_ids, member_ids) == (0, 0, 0)
    with caseworker.store.session() as session:  # dropped outright: no tombstone, no outbox op
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        history = session.scalars(select(AuditEntry.summary).where(
            AuditEntry.row_id.in_([compound_id, *unit_ids, *member_ids]))).all()
    assert not [s for s in history if "1380000000" in s or "13900000000" in s]  # nor their history
    assert (report.refused, report.conflicts) == (0, 0)
    assert held(make_device("other"), compound_id, unit_ids, member_ids) == (1, 2, 1)


def test_an_unpushed_edit_of_a_row_that_left_is_kept_as_a_conflict(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    supervisor, caseworker = make_device("sup"), make_device("cw")
    compound_id, unit_ids, member_ids = compound_with_residents(supervisor)
    supervisor.sync()
    caseworker.sync()
    with caseworker.store.transaction() as session:
        unit = session.get(Unit, unit_ids[0])
        assert unit is not None
        unit.phone = "13700000000"  # made offline, not pushed yet
    move_compound(supervisor, compound_id, sync_server.other_community_id)
    supervisor.sync()

    report = SyncReport()
    with connect(caseworker.store) as client:  # the pull alone: the edit is still pending
        pull_all(caseworker.store, client, NullProgress(), report)

    assert held(caseworker, compound_id, unit_ids, member_ids) == (0, 0, 0)
    with caseworker.store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    kept = [c for c in open_conflicts(caseworker.store) if c.row_id == unit_ids[0]]
    assert len(kept) == 1 and kept[0].kind == "refused"
    assert kept[0].mine["fields"] == {"phone": "13700000000"}
    assert "街道" in kept[0].reason
    assert report.conflicts == 1


def test_a_branch_moved_to_another_street_leaves_but_its_members_stay_with_their_compound(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    supervisor, caseworker = make_device("sup"), make_device("cw")
    compound_id, unit_ids, member_ids = compound_with_residents(supervisor)
    with supervisor.store.transaction() as session:
        branch = PartyBranch(community_id=community_of(supervisor), name=f"支部-{uuid.uuid4().hex[:6]}",
                             secretary_name="书记甲")
        session.add(branch)
        session.flush()
        branch_id = branch.id
        for member_id in member_ids:
            member = session.get(PartyMember, member_id)
            assert member is not None
            member.branch_id = branch_id
    supervisor.sync()
    caseworker.sync()
    with supervisor.store.transaction() as session:
        moved = session.get(PartyBranch, branch_id)
        assert moved is not None
        moved.community_id = sync_server.other_community_id
    supervisor.sync()

    caseworker.sync()

    with caseworker.store.session() as session:
        assert session.get(PartyBranch, branch_id) is None  # the branch (and its secretary) left
    assert held(caseworker, compound_id, unit_ids, member_ids) == (1, 2, 1)  # members did not
    other = make_device("other")
    with other.store.session() as session:
        assert session.get(PartyBranch, branch_id) is not None
        assert session.scalar(select(func.count()).select_from(PartyMember)
                              .where(PartyMember.id.in_(member_ids))) == 0
