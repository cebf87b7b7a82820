"""A large first push against a real server (SQLite and PostgreSQL storage): it reports its
progress, an interrupted one carries on where it stopped without duplicates, and what a device
pushed is not downloaded again by its next pull (while another device's edit still is)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from app.errors import Cancelled
from app.progress import NullProgress
from app.sync.auth import connect
from app.sync.engine import SyncReport, pull_all, push_outbox, sync
from app.sync.errors import ServerUnreachable
from db.models import Compound
from tests.sync.conftest import (
    Device,
    SyncServer,
    add_compounds,
    open_device,
    outbox_size,
)
from tests.sync.fault_proxy import Fault, FaultProxy

MakeDevice = Callable[[str], Device]


class Recorder:
    """A Progress that keeps every report, and asks to stop after `stop_after` push reports."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.stop_after = stop_after

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))

    @property
    def cancelled(self) -> bool:
        pushes = [r for r in self.reports if r[2] == "push"]
        return self.stop_after is not None and len(pushes) >= self.stop_after


def on_server(db_url: str, names: list[str]) -> dict[str, int]:
    """name → how many compounds of that name the server holds."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name, count(*) FROM compounds GROUP BY name")).all()
    finally:
        engine.dispose()
    wanted = set(names)
    return {name: int(count) for name, count in rows if name in wanted}


def test_push_progress_counts_up_to_the_total(make_device: MakeDevice) -> None:
    device = make_device("cw")
    add_compounds(device, 12, "首推")  # 24 ops with their audit entries
    total = outbox_size(device)
    progress = Recorder()
    report = sync(device.store, progress=progress, batch_size=5)
    pushes = [(done, whole) for done, whole, phase in progress.reports if phase == "push"]
    assert len(pushes) >= total // 5
    assert [d for d, _ in pushes] == sorted(d for d, _ in pushes)  # never goes back
    assert all(whole == total for _, whole in pushes)
    assert pushes[-1] == (total, total) and report.pushed == total


def test_an_interrupted_first_push_resumes_without_duplicates(
    proxy: FaultProxy, sync_server: SyncServer, tmp_path: Path,
) -> None:
    device = open_device(tmp_path / "sup", SyncServer(url=proxy.url, db_url=sync_server.db_url),
                         "sup")
    try:
        device.sync()  # the district's streets and communities
        names = add_compounds(device, 15, "首推")  # 30 ops
        total = outbox_size(device)
        # Two batches go through; the third is taken by the server but its answer is cut.
        fault = proxy.arm(Fault("/api/v1/push", skip=2, response_bytes=0))
        with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
            sync(device.store, client, batch_size=6)
        assert fault.fired
        assert outbox_size(device) == total - 12  # the two answered batches are settled
        # The user stops the next attempt after one more batch. The batch already on its way
        # then (pushes are pipelined) is kept as well if it was sent before the stop was seen.
        stopped = Recorder(stop_after=1)
        with pytest.raises(Cancelled):
            sync(device.store, progress=stopped, batch_size=6)
        settled = [done for done, _, phase in stopped.reports if phase == "push"][-1]
        assert settled in (6, 12)
        left = total - 12 - settled
        assert outbox_size(device) == left
        progress = Recorder()
        report = sync(device.store, progress=progress, batch_size=6)
        assert (report.refused, report.conflicts) == (0, 0)
        assert outbox_size(device) == 0
        assert on_server(sync_server.db_url, names) == dict.fromkeys(names, 1)
        pushes = [(done, whole) for done, whole, phase in progress.reports if phase == "push"]
        assert pushes[-1] == (left, left)  # counts what was left
    finally:
        device.store.close()


def pulled_after_push(device: Device, between: Callable[[], None] = lambda: None) -> SyncReport:
    """Push, let `between` run, then pull: the pull's report."""
    report = SyncReport()
    with connect(device.store) as client:
        push_outbox(device.store, client, NullProgress(), report)
        between()
        pulled = SyncReport()
        pull_all(device.store, client, NullProgress(), pulled)
    return pulled


def test_own_pushes_are_not_pulled_back(make_device: MakeDevice) -> None:
    device, other = make_device("cw"), make_device("cw2")
    add_compounds(device, 5, "首推")
    assert pulled_after_push(device).pulled == 0
    with device.store.transaction() as session:
        for compound in session.scalars(select(Compound).where(Compound.name.like("首推-%"))):
            compound.note = "本机改"
    assert pulled_after_push(device).pulled == 0
    other.sync()
    assert other.sync().pulled == 0


def test_another_devices_edit_between_push_and_pull_still_arrives(
    make_device: MakeDevice,
) -> None:
    device, other = make_device("cw"), make_device("cw2")
    name = add_compounds(device, 1, "首推")[0]
    device.sync()
    other.sync()
    with device.store.transaction() as session:
        mine = session.scalars(select(Compound).where(Compound.name == name)).one()
        mine.address = "本机的地址"

    def other_edits() -> None:
        other.sync()  # takes our address
        with other.store.transaction() as session:
            theirs = session.scalars(select(Compound).where(Compound.name == name)).one()
            theirs.households = 4321
        other.sync()

    assert pulled_after_push(device, other_edits).pulled == 2  # the row and the other's audit
    with device.store.session() as session:
        row = session.scalars(select(Compound).where(Compound.name == name)).one()
        assert (row.address, row.households) == ("本机的地址", 4321)
