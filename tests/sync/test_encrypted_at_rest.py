"""After a push on one laptop and a pull on another, neither data folder holds an owner's name or
phone in its bytes: what sync writes (rows, outbox, pull cursors, the WAL) is encrypted like the
rest of the store (issue 17)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from db.models import Compound, Unit
from tests.sync.conftest import Device, community_of

MakeDevice = Callable[[str], Device]


def raw_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_pushed_and_pulled_owners_are_not_in_any_file(make_device: MakeDevice) -> None:
    tag = uuid.uuid4().hex[:6]
    name, phone = f"欧阳秘密{tag}", f"139{int(tag, 16) % 10**8:08d}"
    laptop = make_device("cw")
    with laptop.store.transaction() as session:
        compound = Compound(community_id=community_of(laptop), name=f"加密花园-{tag}")
        session.add(compound)
        session.flush()
        session.add(Unit(compound_id=compound.id, building="1栋", room="101", owner_name=name,
                         phone=phone, area_m2=Decimal("88.50")))
    assert laptop.sync().refused == 0
    other = make_device("cw2")  # pulls everything, the new owner included
    with other.store.session() as session:
        assert session.query(Unit).filter(Unit.owner_name == name).count() == 1
    for device in (laptop, other):
        content = raw_bytes(device.data_dir)  # the WAL still holds the latest pages
        assert name.encode() not in content and phone.encode() not in content, device.user
        device.store.close()
        content = raw_bytes(device.data_dir)
        assert name.encode() not in content and phone.encode() not in content, device.user
