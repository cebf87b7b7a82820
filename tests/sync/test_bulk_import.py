"""A large import's inserts wait as one bulk outbox entry (db.tracking) and travel as one op per
row: a second device receives every imported row, and an edit made before the sync arrives too."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, select

from db.models import OutboxEntry, Unit
from db.tracking import BULK_MIN_ROWS, BULK_OP, bulk_insert
from tests.sync.conftest import Device
from tests.sync.test_sync_basics import add_compound

MakeDevice = Callable[[str], Device]
ROWS = BULK_MIN_ROWS + 50


def units_of(device: Device, compound_id: str) -> dict[str, tuple[str, str, Decimal, bool]]:
    with device.store.session() as session:
        return {u.id: (u.room, u.owner_name, u.area_m2, u.dirty) for u in session.scalars(
            select(Unit).where(Unit.compound_id == compound_id))}


def test_a_second_device_receives_every_imported_row(make_device: MakeDevice) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    with a.store.transaction() as session:
        bulk_insert(session, Unit, [
            {"compound_id": compound_id, "building": "1栋", "room": f"{n:04d}",
             "owner_name": f"业主{n}", "owner_key": f"k{n}", "area_m2": Decimal("80.25") + n,
             "developer_unsold": False, "phone": None} for n in range(ROWS)])
    with a.store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.op == BULK_OP)) == 1
        edited = session.scalars(select(Unit.id).where(Unit.room == "0007")).one()
    with a.store.transaction() as session:
        unit = session.get(Unit, edited)
        assert unit is not None
        unit.owner_name = "王芳"

    report = a.sync()
    assert report.refused == 0 and report.conflicts == 0 and report.pushed >= ROWS
    with a.store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    b.sync()
    sent, received = units_of(a, compound_id), units_of(b, compound_id)
    assert len(received) == ROWS
    assert {k: v[:3] for k, v in received.items()} == {k: v[:3] for k, v in sent.items()}
    assert received[edited][1] == "王芳"
    assert not any(dirty for *_, dirty in sent.values())
