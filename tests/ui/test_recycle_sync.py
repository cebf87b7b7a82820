"""回收站 end to end: a compound deleted on one laptop and synced away is restored in the
recycle bin there, and the "undelete" op brings it back on the server and on a colleague's
laptop (real server on loopback, SQLite and PostgreSQL storage)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app import compounds
from db.models import Community, Compound, OutboxEntry
from tests.sync.conftest import (  # noqa: F401  (the sync tests' fixtures, used here by name)
    Device,
    community_of,
    make_device,
    server_db,
    sync_server,
)

MakeDevice = Callable[[str], Device]


def live(device: Device, compound_id: str) -> bool | None:
    """True/False for a live/deleted compound on this device, None when it has no copy."""
    with device.store.session() as session:
        found = session.get(Compound, compound_id)
        return None if found is None else found.deleted_at is None


@pytest.mark.usefixtures("make_device")
def test_a_compound_restored_in_the_bin_comes_back_for_colleagues(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest, qtbot,
) -> None:
    from ui.context import UiContext, make_settings
    from ui.recycle_bin import RecycleBinDialog

    device: MakeDevice = request.getfixturevalue("make_device")
    mine, colleague, other_street = device("cw"), device("cw2"), device("other")
    with mine.store.transaction() as session:
        compound = Compound(community_id=community_of(mine), name=f"万科城-{uuid.uuid4().hex[:6]}")
        session.add(compound)
        session.flush()
        compound_id = compound.id
    assert mine.sync().refused == 0
    with mine.store.transaction() as session:
        compounds.delete(session, compound_id)
    assert mine.sync().refused == 0
    colleague.sync()
    assert live(colleague, compound_id) is False

    ctx = UiContext(store=mine.store, data_dir=mine.data_dir, settings=make_settings())
    dialog = RecycleBinDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select_row("compounds", compound_id)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert live(mine, compound_id) is True

    report = mine.sync()
    assert (report.refused, report.conflicts, report.open_conflicts) == (0, 0, 0)
    assert live(mine, compound_id) is True  # the server's answer keeps it restored
    colleague.sync()
    assert live(colleague, compound_id) is True
    other_street.sync()
    assert live(other_street, compound_id) is None  # another street's caseworker never sees it


@pytest.mark.usefixtures("make_device")
def test_an_undelete_the_server_refuses_leaves_the_row_deleted(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
) -> None:
    """A community is the supervisors' to restore: a caseworker's undelete (from a client that
    skipped the bin's check) is refused by the server, and the row stays deleted here too."""
    device: MakeDevice = request.getfixturevalue("make_device")
    supervisor, caseworker = device("sup"), device("cw")
    with supervisor.store.transaction() as session:
        street_id = session.get(Community, community_of(supervisor)).street_id
        community = Community(street_id=street_id, name=f"临时社区-{uuid.uuid4().hex[:6]}")
        session.add(community)
        session.flush()
        community_id = community.id
    assert supervisor.sync().refused == 0
    with supervisor.store.transaction() as session:
        session.delete(session.get(Community, community_id))
    assert supervisor.sync().refused == 0
    caseworker.sync()
    with caseworker.store.transaction() as session:
        session.get(Community, community_id).deleted_at = None  # tracking: an undelete op

    report = caseworker.sync()

    assert report.refused == 1
    with caseworker.store.session() as session:
        assert session.get(Community, community_id).deleted_at is not None
        assert session.scalar(select(OutboxEntry.op_id).where(
            OutboxEntry.row_id == community_id)) is None
