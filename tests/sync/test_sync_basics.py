"""Client sync against a real server: exchange, merge, conflicts, resolution, auth, failures."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select

from app.demo import DEMO_SETTING
from app.errors import BadInput, Cancelled
from app.progress import NullProgress
from app.session import set_setting
from app.sync import auth
from app.sync.client import Meta, SyncClient
from app.sync.conflicts import open_conflicts, resolve
from app.sync.engine import SyncReport, pull_all, sync
from app.sync.errors import AuthRequired, ServerUnreachable, SyncError
from app.sync.status import local_state
from db.models import Compound, Conflict, OutboxEntry, RatingTemplate
from db.store import open_store
from tests.helpers.memory_keyring import MemoryKeyring
from tests.sync.conftest import PASSWORD, Device, SyncServer, community_of, outbox_size

MakeDevice = Callable[[str], Device]


def add_compound(device: Device, name: str = "万科城") -> str:
    """A compound with a name unique on the shared server (tests meet there otherwise)."""
    name = f"{name}-{uuid.uuid4().hex[:6]}"
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=name, address="坂田路1号",
                            households=1200, building_area_m2=Decimal("98765.43"))
        session.add(compound)
        session.flush()
        return compound.id


def edit(device: Device, compound_id: str, **values: object) -> None:
    with device.store.transaction() as session:
        compound = session.get(Compound, compound_id)
        assert compound is not None
        for name, value in values.items():
            setattr(compound, name, value)


def compound(device: Device, compound_id: str) -> Compound:
    with device.store.session() as session:
        found = session.get(Compound, compound_id)
        assert found is not None
        return found


def entry(device: Device) -> str:
    """The device's keyring entry: server, user and its data folder."""
    account = auth.current_account(device.store)
    assert account is not None
    return auth.keyring_username(account)


def test_login_puts_the_token_in_the_keyring_and_nowhere_in_the_data_dir(
    make_device: MakeDevice, sync_server: SyncServer, memory_keyring: MemoryKeyring,
) -> None:
    device = make_device("cw")
    add_compound(device)
    device.sync()
    token = keyring.get_password(auth.SERVICE, entry(device))
    assert token is not None and len(token) >= 16
    files = [p for p in device.data_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        assert token.encode() not in data, path
        assert PASSWORD.encode() not in data, path
    state = local_state(device.store)
    assert state.account == auth.account_of(device.store, sync_server.url, "cw")


def test_changes_travel_between_devices_with_exact_values(make_device: MakeDevice) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    report = a.sync()
    assert report.pushed >= 1 and report.refused == 0 and outbox_size(a) == 0
    assert not compound(a, compound_id).dirty
    assert b.sync().pulled >= 1
    pulled = compound(b, compound_id)
    assert (pulled.name[:3], pulled.households, pulled.building_area_m2) == (
        "万科城", 1200, Decimal("98765.43"))
    assert pulled.server_version == compound(a, compound_id).server_version > 0
    assert outbox_size(b) == 0


def test_edits_of_different_fields_merge(make_device: MakeDevice) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    edit(a, compound_id, address="坂田路2号")
    edit(b, compound_id, households=1300)
    a.sync()
    report = b.sync()
    assert report.merged == 1 and report.conflicts == 0
    a.sync()
    for device in (a, b):
        row = compound(device, compound_id)
        assert (row.address, row.households) == ("坂田路2号", 1300)


@pytest.mark.parametrize(("choice", "typed", "expected"), [
    ("mine", None, "B的备注"), ("theirs", None, "A的备注"), ("edit", "商量后的备注", "商量后的备注"),
])
def test_same_field_conflict_keeps_both_values_and_the_resolution_is_pushed(
    make_device: MakeDevice, choice: str, typed: str | None, expected: str,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    edit(a, compound_id, note="A的备注")
    edit(b, compound_id, note="B的备注", address="坂田路9号")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1 and report.open_conflicts == 1
    row = compound(b, compound_id)
    assert (row.note, row.address) == ("A的备注", "坂田路9号")  # server value stands, rest taken
    [conflict] = open_conflicts(b.store)
    assert (conflict.field, conflict.mine, conflict.theirs, conflict.kind) == (
        "note", "B的备注", "A的备注", "field")
    resolve(b.store, conflict.id, choice, typed)
    assert open_conflicts(b.store) == []
    assert b.sync().open_conflicts == 0
    a.sync()
    assert compound(a, compound_id).note == expected
    assert compound(b, compound_id).note == expected


def test_delete_against_edit_is_a_conflict_not_a_silent_win(make_device: MakeDevice) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    with a.store.transaction() as session:
        session.delete(session.get(Compound, compound_id))
    edit(b, compound_id, note="还在用")
    a.sync()
    report = b.sync()
    assert report.conflicts >= 1
    kinds = {(c.field, c.kind) for c in open_conflicts(b.store)}
    assert ("__deleted__", "deleted_there") in kinds
    deleted = next(c for c in open_conflicts(b.store) if c.field == "__deleted__")
    assert deleted.mine == {"note": "还在用"}
    assert compound(b, compound_id).deleted_at is not None
    with pytest.raises(BadInput):
        resolve(b.store, deleted.id, "mine")
    resolve(b.store, deleted.id, "theirs")


def test_a_pull_never_overwrites_a_pending_field_and_a_pulled_tombstone_is_a_conflict(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    keep_id, gone_id = add_compound(a), add_compound(a, "碧桂园")
    a.sync()
    b.sync()
    edit(a, keep_id, note="A改的", address="A的地址")
    with a.store.transaction() as session:
        session.delete(session.get(Compound, gone_id))
    a.sync()
    edit(b, keep_id, note="B还没推送")
    edit(b, gone_id, households=7)
    with auth.connect(b.store) as client:
        report = SyncReport()
        pull_all(b.store, client, NullProgress(), report)
    kept = compound(b, keep_id)
    assert (kept.note, kept.address, kept.dirty) == ("B还没推送", "A的地址", True)
    assert report.conflicts == 1
    gone = compound(b, gone_id)
    assert gone.deleted_at is not None and not gone.dirty
    [conflict] = open_conflicts(b.store)
    assert (conflict.field, conflict.mine) == ("__deleted__", {"households": 7})
    with b.store.session() as session:
        rows = session.scalars(select(OutboxEntry.row_id).where(
            OutboxEntry.table_name == "compounds")).all()
    assert gone_id not in rows and keep_id in rows


def test_a_refused_op_is_kept_for_the_user_and_does_not_block_others(
    make_device: MakeDevice,
) -> None:
    device = make_device("cw")
    with device.store.transaction() as session:
        template = RatingTemplate(name="星级评价", version=1)
        session.add(template)
        session.flush()
        template_id = template.id
    compound_id = add_compound(device)
    report = device.sync()
    assert report.refused >= 1
    assert outbox_size(device) == 0
    refused = [c for c in open_conflicts(device.store) if c.kind == "refused"]
    assert [c.row_id for c in refused if c.table_name == "rating_templates"] == [template_id]
    assert "supervisor" in refused[0].reason
    assert compound(device, compound_id).server_version > 0
    resolve(device.store, refused[0].id, "theirs")
    with device.store.session() as session:
        assert session.get(RatingTemplate, template_id) is None  # it never existed elsewhere


def test_two_laptops_adding_the_same_compound_get_a_clear_message_and_a_way_out(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    name = f"同名花园-{uuid.uuid4().hex[:6]}"
    for device in (a, b):
        with device.store.transaction() as session:
            session.add(Compound(community_id=community_of(device), name=name))
    a.sync()
    with pytest.raises(SyncError, match="与本机的一条记录冲突"):
        b.sync()  # b's insert is refused, and the server's row of that name cannot land here
    [refused] = [c for c in open_conflicts(b.store) if c.kind == "refused"]
    assert refused.mine["fields"]["name"] == name
    resolve(b.store, refused.id, "theirs")
    assert b.sync().open_conflicts == 0
    with b.store.session() as session:
        assert session.scalars(select(Compound.name).where(Compound.name == name)).all() == [name]


def test_a_rejected_token_pauses_sync_and_keeps_the_outbox(
    make_device: MakeDevice, sync_server: SyncServer, memory_keyring: MemoryKeyring,
) -> None:
    device = make_device("cw")
    compound_id = add_compound(device)
    before = outbox_size(device)
    keyring.set_password(auth.SERVICE, entry(device), "revoked-or-expired")
    with pytest.raises(AuthRequired, match="重新登录"):
        device.sync()
    assert outbox_size(device) == before
    assert local_state(device.store).paused
    auth.login(device.store, sync_server.url, "cw", PASSWORD)
    assert not local_state(device.store).paused
    assert device.sync().pushed == before
    assert compound(device, compound_id).server_version > 0


def test_logout_revokes_the_token_on_the_server(
    make_device: MakeDevice, sync_server: SyncServer, memory_keyring: MemoryKeyring,
) -> None:
    device = make_device("cw")
    name = entry(device)
    token = keyring.get_password(auth.SERVICE, name)
    assert token is not None
    auth.logout(device.store)
    assert keyring.get_password(auth.SERVICE, name) is None
    with pytest.raises(AuthRequired):
        device.sync()
    with SyncClient(sync_server.url, token, retries=0) as client, pytest.raises(AuthRequired):
        client.pull(0, 10)


def test_an_unreachable_server_loses_nothing(make_device: MakeDevice) -> None:
    device = make_device("cw")
    add_compound(device)
    before = outbox_size(device)
    client = SyncClient("http://127.0.0.1:9", "token", retries=2, backoff=0.01, timeout=2)
    with pytest.raises(ServerUnreachable, match="无法连接同步服务器"):
        sync(device.store, client)
    assert outbox_size(device) == before


class CancelAfterFirstBatch:
    def __init__(self) -> None:
        self.reports = 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports += 1

    @property
    def cancelled(self) -> bool:
        return self.reports >= 1


def test_a_cancelled_sync_loses_nothing_and_the_next_one_completes(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    ids = [add_compound(a, f"小区{i}") for i in range(5)]
    with pytest.raises(Cancelled):
        a.sync(batch_size=2, progress=CancelAfterFirstBatch())
    assert outbox_size(a) > 0
    a.sync()
    assert outbox_size(a) == 0
    b.sync()
    assert all(compound(b, i).name.startswith("小区") for i in ids)


def test_meta_warns_about_clock_skew_over_five_minutes() -> None:
    now = datetime.now(UTC)
    assert Meta(1, 1, now, 299).skew_warning is None
    warning = Meta(1, 1, now + timedelta(minutes=7), 420).skew_warning
    assert warning is not None and "7 minutes" in warning


def test_conflict_rows_keep_json_values(make_device: MakeDevice) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    edit(a, compound_id, households=1)
    edit(b, compound_id, households=2)
    a.sync()
    b.sync()
    with b.store.session() as session:
        record = session.scalars(select(Conflict).where(Conflict.row_id == compound_id)).one()
    assert (json.loads(record.mine_json), json.loads(record.theirs_json)) == (2, 1)


def test_without_a_usable_keyring_the_token_lives_in_memory_only(
    sync_server: SyncServer, tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "no-keyring", actor="cw")  # its own key from the test keyring
    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the test keyring back
    account = auth.account_of(store, sync_server.url, "cw")
    try:
        outcome = auth.login(store, sync_server.url, "cw", PASSWORD)
        assert not outcome.in_keyring and outcome.account == account
        assert any("keyring" in w for w in outcome.warnings)
        token = auth.load_token(account)
        assert token
        assert sync(store).refused == 0
        for path in (tmp_path / "no-keyring").rglob("*"):
            assert token.encode() not in path.read_bytes(), path
    finally:
        auth.forget_token(account)
        store.close()
    assert auth.load_token(account) is None


def test_a_store_holding_demo_data_is_never_synced(make_device: MakeDevice) -> None:
    device = make_device("cw")
    add_compound(device)
    with device.store.transaction() as session:
        set_setting(session, DEMO_SETTING, "1")
    before = outbox_size(device)
    with pytest.raises(SyncError, match="演示数据从不同步"):
        device.sync()
    assert outbox_size(device) == before


def test_later_offline_edits_of_a_row_neither_conflict_with_my_own_nor_hide_others(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    edit(a, compound_id, address="A改的地址")  # someone else changes other fields meanwhile
    edit(a, compound_id, households=10)
    a.sync()
    edit(b, compound_id, note="第一次")  # b: three offline edits of one row, one op each
    edit(b, compound_id, note="第二次")  # the same field again: no conflict with myself
    edit(b, compound_id, households=20)  # a field a changed meanwhile: a conflict
    report = b.sync()
    conflicts = open_conflicts(b.store)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("households", 20, 10)]
    assert report.conflicts == 1
    a.sync()
    for device in (a, b):
        row = compound(device, compound_id)
        assert (row.note, row.address, row.households) == ("第二次", "A改的地址", 10)
