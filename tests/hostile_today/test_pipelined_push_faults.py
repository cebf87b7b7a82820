"""The pipelined push (app.sync.engine.push_outbox) under attack: batch N's answer cut while
N+1 is planned, the user stopping between an answer and its settling, a refused insert in batch N
that batch N+1 leans on, a local edit of a row whose insert is in flight, and compound <-> liaison
member cycles split over small batches. Each time the store converges: the server's rows are the
local rows, the outbox is empty, nothing is duplicated, conflicts only where expected."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import Cancelled
from app.exporting import export_json
from app.importing.restore import restore_json
from app.progress import NullProgress
from app.sync.auth import connect
from app.sync.client import SyncClient
from app.sync.engine import SyncReport, push_outbox, sync
from app.sync.errors import ServerUnreachable
from db.models import AuditEntry, Compound, Conflict, PartyMember, Unit
from tests.server.helpers import Client
from tests.sync.conftest import Device, SyncServer, community_of, open_device, outbox_size
from tests.sync.fault_proxy import Fault, FaultProxy

MakeDevice = Callable[[str], Device]
Key = tuple[str, str]


def _local(device: Device, prefix: str) -> dict[Key, dict[str, Any]]:
    """The device's compounds named `prefix`…, their units and members, as comparable fields."""
    with device.store.session() as session:
        compounds = list(session.scalars(select(Compound).where(Compound.name.startswith(prefix))))
        ids = [c.id for c in compounds]
        units = list(session.scalars(select(Unit).where(Unit.compound_id.in_(ids))))
        members = list(session.scalars(select(PartyMember).where(PartyMember.compound_id.in_(ids))))
        rows: dict[Key, dict[str, Any]] = {}
        for c in compounds:
            rows[("compounds", c.id)] = {"name": c.name, "note": c.note,
                                         "liaison_member_id": c.liaison_member_id,
                                         "version": c.server_version}
        for u in units:
            rows[("units", u.id)] = {"room": u.room, "owner_name": u.owner_name,
                                     "version": u.server_version}
        for m in members:
            rows[("party_members", m.id)] = {"name": m.name, "version": m.server_version}
        return rows


def _on_server(observer: Client, keys: set[Key]) -> dict[Key, dict[str, Any]]:
    rows = observer.rows()
    found: dict[Key, dict[str, Any]] = {}
    for key in keys:
        change = rows.get(key)
        if change is None or change["deleted_at"] is not None:
            continue
        fields = change["fields"]
        wanted = {"compounds": ("name", "note", "liaison_member_id"),
                  "units": ("room", "owner_name"), "party_members": ("name",)}[key[0]]
        found[key] = {**{name: fields[name] for name in wanted}, "version": change["version"]}
    return found


def _converged(device: Device, observer: Client, prefix: str) -> dict[Key, dict[str, Any]]:
    """Server rows == local rows, outbox empty, one audit insert per row; the rows."""
    assert outbox_size(device) == 0
    local = _local(device, prefix)
    assert _on_server(observer, set(local)) == local
    server_names = [c["fields"]["name"] for c in observer.pull_all()
                    if c["table"] == "compounds" and str(c["fields"]["name"]).startswith(prefix)]
    assert len(server_names) == len(set(server_names))
    with device.store.session() as session:
        audits = session.execute(select(AuditEntry.row_id, func.count()).where(
            AuditEntry.row_id.in_([k[1] for k in local]), AuditEntry.action == "insert")
            .group_by(AuditEntry.row_id)).all()
    assert all(n == 1 for _, n in audits), audits
    return local


def _cycles(device: Device, prefix: str, count: int) -> None:
    """`count` compounds, each with its liaison member (a reference cycle) and two units."""
    with device.store.transaction() as session:
        for n in range(count):
            compound = Compound(community_id=community_of(device), name=f"{prefix}{n}")
            session.add(compound)
            session.flush()
            member = PartyMember(name=f"联络员{n}", compound_id=compound.id)
            units = [Unit(compound_id=compound.id, building="1栋", room=f"{n}0{k}",
                          owner_name=f"业主{k}", area_m2=Decimal("70.5")) for k in range(2)]
            session.add_all([member, *units])
            session.flush()
            compound.liaison_member_id = member.id


def _prefix() -> str:
    return f"流水攻-{uuid.uuid4().hex[:6]}-"


@pytest.mark.parametrize("batch_size", [2, 3, 5])
def test_restored_cycles_split_over_small_batches_converge(
    make_device: MakeDevice, sync_server: SyncServer, observer: Client, tmp_path: Path,
    batch_size: int,
) -> None:
    prefix = _prefix()
    laptop = make_device("cw")
    _cycles(laptop, prefix, 3)
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)
    device = open_device(tmp_path / "restored", sync_server, "cw")
    try:
        restore_json(device.store, backup)
        report = device.sync(batch_size=batch_size)
        assert (report.refused, report.conflicts) == (0, 0), report
        rows = _converged(device, observer, prefix)
        liaisons = [r["liaison_member_id"] for k, r in rows.items() if k[0] == "compounds"]
        assert len(liaisons) == 3 and all(liaisons)
    finally:
        device.store.close()


@pytest.mark.parametrize("batch_size", [2, 3, 5])
def test_fresh_cycles_split_over_small_batches_converge(
    make_device: MakeDevice, observer: Client, batch_size: int,
) -> None:
    prefix = _prefix()
    device = make_device("cw")
    _cycles(device, prefix, 3)
    report = device.sync(batch_size=batch_size)
    assert (report.refused, report.conflicts) == (0, 0), report
    _converged(device, observer, prefix)


@pytest.mark.parametrize("skip", [0, 1, 3])
def test_a_cut_answer_while_the_next_batch_is_planned_converges(
    proxy: FaultProxy, sync_server: SyncServer, observer: Client, tmp_path: Path, skip: int,
) -> None:
    prefix = _prefix()
    device = open_device(tmp_path / "proxied", SyncServer(url=proxy.url, db_url=sync_server.db_url),
                         "cw")
    try:
        device.sync()
        _cycles(device, prefix, 2)
        fault = proxy.arm(Fault("/api/v1/push", skip=skip, response_bytes=0))
        with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
            sync(device.store, client, batch_size=3)
        assert fault.fired and outbox_size(device) > 0
        # Cut again mid-answer on the next try, retried within the sync this time.
        proxy.arm(Fault("/api/v1/push", response_bytes=40))
        report = device.sync(batch_size=3)
        assert (report.refused, report.conflicts) == (0, 0), report
        _converged(device, observer, prefix)
    finally:
        device.store.close()


class _StoppingProgress:
    """Progress the user can stop from any thread (here: the sending one, once a push has been
    answered and before the engine settles that answer)."""

    def __init__(self) -> None:
        self.cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        return None


class _HookedClient(SyncClient):
    """The real client, calling `hook(n)` after the n-th push's answer has arrived."""

    hook: Callable[[int], None]
    pushes: int

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        answer = super().push_encoded(body, count)
        self.pushes += 1
        self.hook(self.pushes)
        return answer


def _hooked(client: SyncClient, hook: Callable[[int], None]) -> SyncClient:
    client.__class__ = _HookedClient
    hooked: Any = client
    hooked.hook, hooked.pushes = hook, 0
    return client


@pytest.mark.parametrize("after", [1, 2])
def test_stopped_between_an_answer_and_its_settling_converges(
    make_device: MakeDevice, observer: Client, after: int,
) -> None:
    prefix = _prefix()
    device = make_device("cw")
    _cycles(device, prefix, 2)
    before = outbox_size(device)
    progress = _StoppingProgress()

    def stop(pushes: int) -> None:
        if pushes == after:
            progress.cancelled = True

    with connect(device.store) as client, pytest.raises(Cancelled):
        sync(device.store, _hooked(client, stop), progress, batch_size=3)
    # Answered batches are settled and nothing more is sent; a batch still on its way when the
    # stop is seen is waited for but not settled (the next sync resends it, answered as a replay).
    assert outbox_size(device) <= before
    report = device.sync(batch_size=3)
    assert (report.refused, report.conflicts) == (0, 0), report
    _converged(device, observer, prefix)


def test_a_local_edit_of_a_row_in_flight_is_pushed_after_it(
    make_device: MakeDevice, observer: Client,
) -> None:
    prefix = _prefix()
    device = make_device("cw")
    _cycles(device, prefix, 2)
    with device.store.session() as session:
        first = session.scalars(select(Compound).where(Compound.name == f"{prefix}0")).one().id

    def edit(pushes: int) -> None:
        if pushes == 1:  # the first batch (the compound's insert) answered, not yet settled
            with device.store.transaction() as session:
                compound = session.get(Compound, first)
                assert compound is not None
                compound.note = "飞行中改"
                unit = session.scalars(select(Unit).where(Unit.compound_id == first)).first()
                assert unit is not None
                unit.owner_name = "飞行中改业主"

    with connect(device.store) as client:
        report = sync(device.store, _hooked(client, edit), batch_size=2)
    assert (report.refused, report.conflicts) == (0, 0), report
    if outbox_size(device):  # an edit made after its row's last batch was planned
        report = device.sync(batch_size=2)
        assert (report.refused, report.conflicts) == (0, 0), report
    rows = _converged(device, observer, prefix)
    assert rows[("compounds", first)]["note"] == "飞行中改"
    assert "飞行中改业主" in [r.get("owner_name") for r in rows.values()]


def _refused_parent(make_device: MakeDevice, observer: Client, batch_size: int
                    ) -> tuple[int, int, int, int]:
    """Two laptops make a compound of one name offline; the second one's push has it refused
    (a live unique name) while its units follow in the same or the next batches. Returns the
    second push's (refused, conflicts, outbox left, open conflicts)."""
    name = f"{_prefix()}同名"
    first, second = make_device("cw"), make_device("cw2")
    for device in (first, second):
        with device.store.transaction() as session:
            compound = Compound(community_id=community_of(device), name=name)
            session.add(compound)
            session.flush()
            session.add_all([Unit(compound_id=compound.id, building="1栋", room=f"10{k}",
                                  area_m2=Decimal("60")) for k in range(3)])
    assert first.sync().refused == 0
    report = SyncReport()  # the push alone: the pull would stop at the name clash (by design)
    with connect(second.store) as client:
        push_outbox(second.store, client, NullProgress(), report, batch_size=batch_size)
    with second.store.session() as session:
        mine = set(session.scalars(select(Compound.id).where(Compound.name == name)))
        open_conflicts = int(session.scalar(select(func.count()).select_from(Conflict).where(
            Conflict.resolved_at.is_(None))) or 0)
    on_server = observer.rows()
    server_compounds = {k[1] for k, c in on_server.items()
                        if k[0] == "compounds" and c["fields"]["name"] == name}
    assert len(server_compounds) == 1
    refused_ids = mine - server_compounds
    assert not any(c["fields"].get("compound_id") in refused_ids
                   for k, c in on_server.items() if k[0] == "units")
    return report.refused, report.conflicts, outbox_size(second), open_conflicts


def test_a_refused_insert_that_the_next_batch_leans_on_ends_as_in_one_batch(
    make_device: MakeDevice, observer: Client,
) -> None:
    """Whatever the batch size, the clash ends as it does when everything goes in one push."""
    whole = _refused_parent(make_device, observer, 1000)
    assert whole[0] >= 1, whole  # the clash is refused
    for batch_size in (1, 2, 3):
        assert _refused_parent(make_device, observer, batch_size) == whole, batch_size


class _EditingClient(SyncClient):
    """The real client, calling `edit(ops)` as each batch goes out (before it reaches the
    server): the user editing rows whose inserts are on their way."""

    edit: Callable[[list[dict[str, Any]]], None]

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        self.edit(json.loads(body)["ops"])
        return super().push_encoded(body, count)


@pytest.mark.parametrize("batch_size", [2, 3, 5])
def test_every_batch_has_a_row_edited_while_on_its_way(
    make_device: MakeDevice, observer: Client, batch_size: int,
) -> None:
    prefix = _prefix()
    device = make_device("cw")
    _cycles(device, prefix, 3)
    edited: dict[Key, str] = {}

    def edit(ops: list[dict[str, Any]]) -> None:
        for sent in ops:
            key = (sent["table"], sent["row_id"])
            if sent["op"] != "insert" or key[0] not in ("units", "party_members") or key in edited:
                continue
            with device.store.transaction() as session:  # reads, then writes
                if key[0] == "units":
                    unit = session.get(Unit, key[1])
                    assert unit is not None
                    unit.owner_name = edited[key] = f"途中改{len(edited)}"
                else:
                    member = session.get(PartyMember, key[1])
                    assert member is not None
                    member.name = edited[key] = f"途中改{len(edited)}"
            return

    with connect(device.store) as client:
        client.__class__ = _EditingClient
        editing: Any = client
        editing.edit = edit
        report = sync(device.store, client, batch_size=batch_size)
    assert (report.refused, report.conflicts) == (0, 0), report
    assert edited
    if outbox_size(device):  # edits made as the last batches went out
        report = device.sync(batch_size=batch_size)
        assert (report.refused, report.conflicts) == (0, 0), report
    rows = _converged(device, observer, prefix)
    for key, value in edited.items():
        assert rows[key].get("owner_name", rows[key].get("name")) == value, key
