"""A sync that meets another session of the same store in the middle of a write waits for it
(the store's busy timeout) instead of failing at once: its local transactions take the write
lock first, since they read (held versions, pending edits) before they write."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from db.models import Compound, Street
from tests.sync.conftest import Device, add_compounds

MakeDevice = Callable[[str], Device]


def test_a_pull_waits_for_a_local_write_in_progress(make_device: MakeDevice) -> None:
    writer, reader = make_device("cw"), make_device("cw2")
    add_compounds(writer, 5, "等待")
    writer.sync()
    busy = reader.store.session()
    busy.begin()
    busy.add(Street(name="写到一半"))
    busy.flush()  # this session holds the store's write lock from here
    timer = threading.Timer(1.0, busy.commit)
    timer.start()
    try:
        report = reader.sync()
    finally:
        timer.join()
        busy.close()
    assert report.pulled >= 5
    with reader.store.session() as session:
        names = session.scalars(select(Compound.name).where(Compound.name.like("等待%"))).all()
        assert len(names) == 5
        assert session.scalar(select(func.count()).select_from(Street)
                              .where(Street.name == "写到一半")) == 1
