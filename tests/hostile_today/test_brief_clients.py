"""Real laptops pushing with brief answers (app/sync/engine.py, app/sync/apply.py): after each
sync the pushing laptop's rows — content, tombstone, version, the server's stamp, dirty flag —
must be exactly what a second laptop pulls, whether the answers were brief or whole: chains of
edits of one row, small batches, merges and conflicts, a lost answer replayed after another
device changed the row, a stop between an answer's settling and the next batch's sending, and a
supervisor's restored store whose historical election makes its batch ask for whole rows."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, select

from app.errors import Cancelled
from app.exporting import export_json
from app.importing.restore import restore_json
from app.progress import NullProgress
from app.sync import engine as sync_engine
from app.sync.auth import connect
from app.sync.client import SyncClient
from app.sync.engine import SyncReport, push_outbox, sync
from app.sync.errors import ServerUnreachable
from db.codec import encode
from db.models import REPLICATED_MODELS, Compound, Conflict, Election, Setting, Unit
from tests.sync.conftest import (
    Device,
    SyncServer,
    edit_row,
    new_compound,
    open_device,
    open_reasons,
    outbox_size,
)
from tests.sync.fault_proxy import Fault, FaultProxy
from tests.sync.test_signoffs import approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]
Snapshot = dict[tuple[str, str], dict[str, Any]]


def _snapshot(device: Device) -> Snapshot:
    """Every replicated row the laptop holds, every column (bookkeeping included), encoded."""
    found: Snapshot = {}
    with device.store.session() as session:
        for model in REPLICATED_MODELS:
            table = cast(Table, model.__table__)
            for row in session.execute(select(table)):
                values = dict(row._mapping)
                found[(table.name, str(values["id"]))] = {
                    name: encode(value) for name, value in values.items()}
    return found


def _differences(mine: Snapshot, theirs: Snapshot, keys: set[tuple[str, str]] | None = None
                 ) -> list[str]:
    wanted = keys if keys is not None else set(mine) | set(theirs)
    found = []
    for key in sorted(wanted):
        a, b = mine.get(key), theirs.get(key)
        if a == b:
            continue
        if a is None or b is None:
            found.append(f"{key}: only {'theirs' if a is None else 'mine'}")
            continue
        found += [f"{key}.{name}: mine={a.get(name)!r} theirs={b.get(name)!r}"
                  for name in sorted(set(a) | set(b)) if a.get(name) != b.get(name)]
    return found


def _assert_as_pulled(device: Device, make_device: MakeDevice, user: str = "cw2") -> None:
    """The laptop's rows equal a fresh laptop's pull of the same street, column for column."""
    assert outbox_size(device) == 0, open_reasons(device)
    fresh = make_device(user)
    mine, theirs = _snapshot(device), _snapshot(fresh)
    assert _differences(mine, theirs, set(theirs)) == []


def _units(device: Device, compound_id: str, count: int, tag: str) -> list[str]:
    with device.store.transaction() as session:
        units = [Unit(compound_id=compound_id, building=tag, room=f"{k}01", owner_name=f"业主{k}",
                      area_m2=Decimal("70.50")) for k in range(count)]
        session.add_all(units)
        session.flush()
        return [u.id for u in units]


def _tag() -> str:
    return f"简-{uuid.uuid4().hex[:6]}"


def _chains(device: Device, tag: str) -> tuple[str, list[str]]:
    """A new compound edited three times, its units edited, one deleted, one deleted and back."""
    compound = new_compound(device, f"{tag}苑")
    for n in range(3):
        edit_row(device, Compound, compound, note=f"第{n}次")
    units = _units(device, compound, 4, tag)
    edit_row(device, Unit, units[0], owner_name="改过")
    edit_row(device, Unit, units[0], phone="13700000000")
    with device.store.transaction() as session:
        session.delete(session.get(Unit, units[1]))
    with device.store.transaction() as session:
        session.delete(session.get(Unit, units[2]))
    with device.store.transaction() as session:
        row = session.get(Unit, units[2])
        assert row is not None
        row.deleted_at = None
        row.deleted_by = None
    edit_row(device, Unit, units[2], owner_name="回来了")
    return compound, units


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_chains_pushed_briefly_equal_what_another_laptop_pulls(
        make_device: MakeDevice, batch_size: int) -> None:
    device = make_device("cw")
    _chains(device, _tag())
    report = device.sync(batch_size=batch_size)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    _assert_as_pulled(device, make_device)


def test_answers_are_asked_brief_and_settle_as_whole_answers_do(
        make_device: MakeDevice, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same edits pushed once asking for brief answers and once not: both laptops end as
    a pulling one, and the brief push did ask (else this proves nothing)."""
    asked: list[bool] = []
    real = sync_engine._request_body

    def spying(batch: Any, plan: Any) -> bytes | None:
        body = real(batch, plan)
        if body is not None:
            asked.append(bool(json.loads(body).get("brief")))
        return body

    monkeypatch.setattr(sync_engine, "_request_body", spying)
    brief = make_device("cw")
    _chains(brief, _tag())
    assert brief.sync(batch_size=3).refused == 0
    assert asked and all(asked)
    _assert_as_pulled(brief, make_device)

    monkeypatch.setattr(sync_engine, "encode_push",
                        lambda ops, brief=False: json.dumps({"ops": ops}).encode())
    whole = make_device("cw")
    _chains(whole, _tag())
    assert whole.sync(batch_size=3).refused == 0
    _assert_as_pulled(whole, make_device)


def test_merges_and_conflicts_settle_as_another_laptop_pulls(make_device: MakeDevice) -> None:
    mine, theirs = make_device("cw"), make_device("cw2")
    tag = _tag()
    compound = new_compound(mine, f"{tag}苑")
    units = _units(mine, compound, 3, tag)
    assert mine.sync().refused == 0
    theirs.sync()
    edit_row(theirs, Compound, compound, note="他们的备注")
    edit_row(theirs, Unit, units[0], owner_name="他们")
    assert theirs.sync().refused == 0
    edit_row(mine, Compound, compound, households=99)  # another field: merged
    edit_row(mine, Unit, units[0], owner_name="我们")  # the same field: a conflict
    edit_row(mine, Unit, units[1], owner_name="只有我")  # nobody else's: brief
    edit_row(mine, Unit, units[1], phone="13600000000")
    report = mine.sync(batch_size=2)
    assert report.conflicts == 1 and report.merged >= 1, open_reasons(mine)
    fresh = make_device("cw")
    differences = _differences(_snapshot(mine), _snapshot(fresh), set(_snapshot(fresh)))
    assert differences == []


def test_two_laptops_of_one_user_converge(make_device: MakeDevice) -> None:
    laptop, tablet = make_device("cw"), make_device("cw")
    tag = _tag()
    compound = new_compound(laptop, f"{tag}苑")
    assert laptop.sync().refused == 0
    tablet.sync()
    edit_row(tablet, Compound, compound, note="平板")
    edit_row(laptop, Compound, compound, households=12)
    edit_row(laptop, Compound, compound, households=13)
    assert tablet.sync().refused == 0
    assert laptop.sync(batch_size=1).conflicts == 0
    _assert_as_pulled(laptop, make_device)
    tablet.sync()
    _assert_as_pulled(tablet, make_device)


@pytest.fixture
def proxied(proxy: FaultProxy, sync_server: SyncServer, tmp_path: Path) -> Iterator[Device]:
    device = open_device(tmp_path / "proxied", SyncServer(url=proxy.url, db_url=sync_server.db_url),
                         "cw")
    device.sync()
    yield device
    device.store.close()


@pytest.mark.parametrize(("skip", "batch_size"), [(0, 1000), (0, 2), (1, 2), (2, 3)])
def test_a_lost_brief_answer_replayed_after_another_laptops_edit(
        proxy: FaultProxy, proxied: Device, make_device: MakeDevice, skip: int,
        batch_size: int) -> None:
    tag = _tag()
    compound, units = _chains(proxied, tag)
    fault = proxy.arm(Fault("/api/v1/push", skip=skip, response_bytes=0))
    with connect(proxied.store, retries=0) as client, pytest.raises(ServerUnreachable):
        sync(proxied.store, client, batch_size=batch_size)
    assert fault.fired
    # Meanwhile a colleague changes rows the lost push wrote (their versions move on).
    other = make_device("cw2")
    for row_id, model in [(compound, Compound), (units[0], Unit), (units[3], Unit)]:
        with other.store.session() as session:
            if session.get(model, row_id) is None:
                continue
        edit_row(other, model, row_id, **({"note": "同事"} if model is Compound
                                           else {"owner_name": "同事"}))
    assert other.sync().refused == 0
    report = proxied.sync(batch_size=batch_size)
    assert report.refused == 0, open_reasons(proxied)
    _assert_as_pulled(proxied, make_device)


class _StopAfter(SyncClient):
    """The real client; the user stops the sync as the n-th push's answer arrives."""

    stop_at: int
    pushes: int
    progress: Any

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        answer = super().push_encoded(body, count)
        self.pushes += 1
        if self.pushes == self.stop_at:
            self.progress.cancelled = True
        return answer


class _Stoppable:
    def __init__(self) -> None:
        self.cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        return None


def _unanswered(device: Device) -> list[str]:
    with device.store.session() as session:
        return list(session.scalars(select(Setting.value).where(
            Setting.key.startswith("sync.unanswered."))))


@pytest.mark.parametrize(("stop_at", "batch_size"), [(1, 1), (1, 2), (2, 2), (3, 3)])
def test_stopped_between_settling_and_sending_then_synced_again(
        make_device: MakeDevice, stop_at: int, batch_size: int) -> None:
    device = make_device("cw")
    tag = _tag()
    _chains(device, tag)
    progress = _Stoppable()
    with connect(device.store) as client, pytest.raises(Cancelled):
        client.__class__ = _StopAfter
        stopping: Any = client
        stopping.stop_at, stopping.pushes, stopping.progress = stop_at, 0, progress
        sync(device.store, client, progress, batch_size=batch_size)
    # The user edits a row whose op may sit in a batch recorded but never sent.
    with device.store.session() as session:
        compound = session.scalars(select(Compound.id).where(Compound.name == f"{tag}苑")).one()
    edit_row(device, Compound, compound, note="停下以后")
    report = device.sync(batch_size=batch_size)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert _unanswered(device) == []
    _assert_as_pulled(device, make_device)


def test_a_restored_historical_election_beside_other_rows(
        make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path) -> None:
    """A supervisor's restored store: the election past its checkpoint goes as a historical
    record (amended: its batch asks for whole rows); its neighbours in other batches are brief."""
    laptop = make_device("cw")
    election_id = election_at_timing_checkpoint(laptop)
    approve_timing(laptop, election_id)
    compound = new_compound(laptop, f"{_tag()}苑")
    edit_row(laptop, Compound, compound, note="备份前")
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)
    device = open_device(tmp_path / "restored", sync_server, "sup")
    try:
        restore_json(device.store, backup)
        edit_row(device, Compound, compound, note="恢复后")
        report = device.sync(batch_size=5)
        assert report.refused == 1, open_reasons(device)  # the colleague's sign-off, held back
        with device.store.session() as session:
            election = session.get(Election, election_id)
            assert election is not None and election.historical
            kept = list(session.scalars(select(Conflict.row_id).where(
                Conflict.resolved_at.is_(None))))
        fresh = make_device("sup")
        mine, theirs = _snapshot(device), _snapshot(fresh)
        held_back = {k for k in mine if k[1] in kept}
        assert _differences(mine, theirs, set(theirs) - held_back) == []
    finally:
        device.store.close()


def test_a_lost_answer_to_an_amended_batch_is_replayed_whole(
        proxy: FaultProxy, make_device: MakeDevice, sync_server: SyncServer,
        tmp_path: Path) -> None:
    laptop = make_device("cw")
    election_id = election_at_timing_checkpoint(laptop)
    approve_timing(laptop, election_id)
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)
    device = open_device(tmp_path / "restored",
                         SyncServer(url=proxy.url, db_url=sync_server.db_url), "sup")
    try:
        restore_json(device.store, backup)
        edit_row(device, Election, election_id, note="恢复后")
        proxy.arm(Fault("/api/v1/push", skip=1, response_bytes=0))
        with connect(device.store, retries=0) as client, pytest.raises(ServerUnreachable):
            sync(device.store, client, batch_size=4)
        report = device.sync(batch_size=4)
        assert report.refused == 1, open_reasons(device)
        with device.store.session() as session:
            kept = list(session.scalars(select(Conflict.row_id).where(
                Conflict.resolved_at.is_(None))))
        fresh = make_device("sup")
        mine, theirs = _snapshot(device), _snapshot(fresh)
        assert _differences(mine, theirs, {k for k in theirs if k[1] not in kept}) == []
    finally:
        device.store.close()


def test_a_refused_insert_and_its_later_ops_beside_brief_ones(make_device: MakeDevice) -> None:
    """Two laptops name a compound alike offline: the second one's insert is refused (a live
    unique name) with its later edits, while its other rows in the same batches are brief."""
    first, second = make_device("cw"), make_device("cw2")
    name = f"{_tag()}同名"
    new_compound(first, name)
    assert first.sync().refused == 0
    clash = new_compound(second, name)
    edit_row(second, Compound, clash, note="被拒以后")
    fine = new_compound(second, f"{name}-别的")
    edit_row(second, Compound, fine, note="照常")
    report = SyncReport()  # the push alone: the pull stops at the name clash (by design)
    with connect(second.store) as client:
        push_outbox(second.store, client, NullProgress(), report, batch_size=2)
    assert report.refused >= 1 and outbox_size(second) == 0
    theirs = _snapshot(make_device("cw"))
    mine = _snapshot(second)
    assert ("compounds", clash) not in theirs and ("compounds", fine) in theirs
    assert _differences(mine, theirs, set(theirs) & set(mine)) == []


def test_a_restored_copy_pushed_after_the_original_settles_as_pulled(
        make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path) -> None:
    """Laptop A is backed up with unpushed rows, pushes them (brief answers) and edits on; the
    backup restored on laptop B (the same user) queues its rows again under new op ids: B's
    stale edits meet A's later ones (conflicts, by design), its other rows are taken as sent.
    B must end as a pulling laptop, stamps and versions included."""
    original = make_device("cw")
    tag = _tag()
    compound = new_compound(original, f"{tag}苑")
    edit_row(original, Compound, compound, note="备份前")
    units = _units(original, compound, 3, tag)
    backup = tmp_path / "backup.json"
    export_json(original.store, backup)
    assert original.sync(batch_size=3).refused == 0
    edit_row(original, Compound, compound, note="之后又改")
    edit_row(original, Unit, units[0], owner_name="之后又改")
    assert original.sync().refused == 0
    copy = open_device(tmp_path / "copy", sync_server, "cw")
    try:
        restore_json(copy.store, backup)
        report = copy.sync(batch_size=3)
        assert report.refused == 0, open_reasons(copy)
        _assert_as_pulled(copy, make_device)
    finally:
        copy.store.close()


def test_a_restored_unpushed_deletion_reaches_the_server(
        make_device: MakeDevice, sync_server: SyncServer, tmp_path: Path) -> None:
    laptop = make_device("cw")
    tag = _tag()
    compound = new_compound(laptop, f"{tag}苑")
    units = _units(laptop, compound, 2, tag)
    assert laptop.sync().refused == 0
    with laptop.store.transaction() as session:
        session.delete(session.get(Unit, units[1]))  # deleted offline, then backed up
    backup = tmp_path / "backup.json"
    export_json(laptop.store, backup)
    copy = open_device(tmp_path / "copy", sync_server, "cw")
    try:
        restore_json(copy.store, backup)
        report = copy.sync()
        assert report.refused == 0, open_reasons(copy)
        _assert_as_pulled(copy, make_device)
    finally:
        copy.store.close()


class _MergedWithoutRow(SyncClient):
    """A misbehaving server: a `merged` or `conflict` answer comes without its row (as a brief
    answer would), carrying a stamp."""

    def push_encoded(self, body: bytes, count: int) -> list[dict[str, Any]]:
        results = super().push_encoded(body, count)
        for result in results:
            row = result.get("row")
            if result.get("status") in ("merged", "conflict") and row:
                result["row"] = None
                result["stamp"] = {"updated_at": row["updated_at"],
                                   "updated_by": row["updated_by"]}
        return results


def test_a_merged_answer_without_its_row_is_not_settled_as_brief(
        make_device: MakeDevice) -> None:
    mine, theirs = make_device("cw"), make_device("cw2")
    compound = new_compound(mine, f"{_tag()}苑")
    assert mine.sync().refused == 0
    theirs.sync()
    edit_row(theirs, Compound, compound, note="他们的备注")
    assert theirs.sync().refused == 0
    edit_row(mine, Compound, compound, households=77)
    with connect(mine.store) as client:
        client.__class__ = _MergedWithoutRow
        try:
            sync(mine.store, client)
        except Exception as exc:  # refused as unreadable: nothing settled, nothing lost
            assert "push_unreadable" in repr(getattr(exc, "code", exc)), exc
            return
    mine.sync()
    _assert_as_pulled(mine, make_device)
