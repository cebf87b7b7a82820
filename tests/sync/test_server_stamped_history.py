"""The server writes who and when of a caseworker's history (server/history.py): the laptop that
pushed an audit entry takes the server's values too, so it shows what every other device shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from db.models import AuditEntry
from tests.sync.conftest import Device
from tests.sync.test_sync_basics import add_compound, edit

MakeDevice = Callable[[str], Device]


def _entries(device: Device, row_id: str) -> list[tuple[str, str, datetime]]:
    with device.store.session() as session:
        return [(e.id, e.actor, e.at) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.row_id == row_id).order_by(AuditEntry.id))]


def test_the_pushing_laptop_takes_the_servers_history_stamp(make_device: MakeDevice) -> None:
    laptop, colleague = make_device("cw"), make_device("cw2")
    compound_id = add_compound(laptop)
    edit(laptop, compound_id, address="坂田路2号")
    before = datetime.now(UTC) - timedelta(minutes=1)
    laptop.sync()
    colleague.sync()
    mine, theirs = _entries(laptop, compound_id), _entries(colleague, compound_id)
    assert len(mine) == 2 and mine == theirs  # the server's receive time, not the laptop's clock
    assert all(actor == "cw" and at >= before for _id, actor, at in mine)
