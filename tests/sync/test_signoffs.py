"""Signed checkpoint sign-offs through sync, against a real server on loopback: the signer's
public key is registered (with proof of holding the private key) before pushing, colleagues'
keys are fetched after pulling (so their sign-offs verify), nobody can register a colleague's key
as their own, and sign-offs the server cannot accept are held back with a clear reason."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app import signing
from app.elections import actions, signoff
from app.elections.timing_facts import TimingFacts
from app.rules import load_rules
from app.session import get_setting
from app.sync import auth
from app.sync.client import SyncClient
from app.sync.conflicts import open_conflicts
from app.sync.errors import ServerRefused
from app.sync.signing_keys import CONFIRMED_SETTING, registration_statement, trust_key
from db.models import CheckpointApproval, Compound, Election, OutboxEntry, Setting, Unit
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.party import make_party_ready
from tests.sync.conftest import Device, SyncServer, community_of

MakeDevice = Callable[[str], Device]
RULES = load_rules()
TODAY = date(2026, 3, 2)


def election_at_timing_checkpoint(device: Device) -> str:
    """A compound with twelve owners and a first election waiting at the timing checkpoint,
    made through the same app functions the election panel calls."""
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=f"签署花园-{uuid.uuid4().hex[:6]}",
                            delivered_on=date(2020, 1, 1))
        session.add(compound)
        session.flush()
        session.add_all(
            Unit(compound_id=compound.id, building="1", room=str(100 + i), owner_name=f"业主{i}",
                 owner_key=f"k{i}", area_m2=Decimal("88.50"))
            for i in range(1, 13)
        )
        make_party_ready(session, compound.id)  # 先建支部: branch and a member found (双找)
        compound_id = compound.id
    election_id = actions.create(device.store, compound_id, "first", 7, RULES, TODAY)
    actions.save_application(device.store, election_id, TODAY, 3, "265.50", 7, RULES)
    actions.save_timing_facts(device.store, election_id, TimingFacts(
        party_opinion_on=TODAY, party_opinion="同意启动首次业主大会筹备"), RULES, TODAY)
    actions.advance(device.store, election_id, "checkpoint_timing", RULES, TODAY)
    return election_id


def approve_timing(device: Device, election_id: str) -> str:
    view = actions.load_view(device.store, election_id, RULES, TODAY)
    assert view.draft is not None
    row = actions.sign(device.store, election_id, "timing", "approved", RULES, TODAY,
                       comment="条件具备", expected_hash=view.draft.content_hash)
    return row.id


def assert_held_back_and_election_kept_at_checkpoint(
    a: Device, make_device: MakeDevice, report: Any, election_id: str, approval_id: str,
    reason: str,
) -> None:
    """The sign-off is held back with `reason`; the server then refuses the election's move past
    the checkpoint (it holds no approval) and the election stays there on both sides, so the
    caseworker can sign again as the logged-in user."""
    assert report.refused == 2
    conflicts = {c.row_id: c for c in open_conflicts(a.store)}
    assert set(conflicts) == {approval_id, election_id}
    assert conflicts[approval_id].kind == "refused" and reason in conflicts[approval_id].reason
    assert "approved sign-off" in conflicts[election_id].reason
    with a.store.session() as session:
        local = session.get(Election, election_id)
        assert local is not None and local.stage == "checkpoint_timing"
    with make_device("cw2").store.session() as session:  # everything else reached the server
        remote = session.get(Election, election_id)
        assert remote is not None and remote.stage == "checkpoint_timing"
        assert session.get(CheckpointApproval, approval_id) is None


def signature_of(device: Device, election_id: str, approval_id: str) -> str:
    lines = actions.load_view(device.store, election_id, RULES, TODAY).approvals
    return next(line.signature for line in lines if line.approval.id == approval_id)


def outbox_rows(device: Device, table: str) -> int:
    with device.store.session() as session:
        return len(session.scalars(select(OutboxEntry.seq).where(OutboxEntry.table_name == table)).all())


def test_signoff_is_accepted_and_verifies_on_a_colleagues_device(
    make_device: MakeDevice, sync_server: SyncServer, memory_keyring: MemoryKeyring,
) -> None:
    a = make_device("cw")
    assert a.store.actor == "cw"  # login made the server user the actor who signs
    election_id = election_at_timing_checkpoint(a)
    approval_id = approve_timing(a, election_id)
    assert signature_of(a, election_id, approval_id) == "valid"

    report = a.sync()
    assert report.refused == 0 and report.conflicts == 0, open_conflicts(a.store)
    assert outbox_rows(a, "checkpoint_approvals") == 0
    with a.store.session() as session:
        row = session.get(CheckpointApproval, approval_id)
        assert row is not None and row.server_version > 0
        assert get_setting(session, CONFIRMED_SETTING + row.key_id) == f"{sync_server.url}|cw"
        key_id = row.key_id

    for colleague in ("cw2", "sup"):
        b = make_device(colleague)
        assert signature_of(b, election_id, approval_id) == "valid"
        with b.store.session() as session:
            assert session.get(Election, election_id).stage == "group_formed"
            assert signoff.known_public_key(session, key_id) == signing.signing_key("cw").public_raw
        assert b.sync().warnings == []  # the key is known now: nothing fetched or warned again

    private_b64 = memory_keyring.secrets[(signing.KEYRING_SERVICE, "cw")]
    private_raw = base64.b64decode(private_b64)
    files = [p for d in (a.data_dir, b.data_dir) for p in d.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        assert private_raw not in data and private_b64.encode() not in data, path


def test_signoff_under_another_name_is_held_back_with_a_reason_and_the_rest_pushed(
    make_device: MakeDevice,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    a.store.actor = "张三"  # signed offline under the computer's user name, before logging in
    approval_id = approve_timing(a, election_id)
    a.store.actor = "cw"

    report = a.sync()
    assert any("张三" in w for w in report.warnings)
    assert outbox_rows(a, "checkpoint_approvals") == 0
    assert_held_back_and_election_kept_at_checkpoint(
        a, make_device, report, election_id, approval_id, "签署人“张三”不是登录的服务器用户“cw”")


def test_squatting_a_colleagues_key_is_refused_and_the_colleagues_signoff_goes_through(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    approval_id = approve_timing(a, election_id)
    public = signing.export_public_key("cw")  # public: anyone may learn it
    squatter = make_device("cw2")
    account = auth.current_account(squatter.store)
    assert account is not None
    token = auth.load_token(account)
    own_key = signing.signing_key("cw2")  # what the squatter holds: not cw's private key
    with SyncClient(sync_server.url, token) as client:
        attempts = {
            "signed with the squatter's own key": own_key.sign(
                registration_statement(public["key_id"], "cw2")),
            # cw's genuine proof, had the squatter captured it: it names cw, not cw2
            "cw's own proof replayed": signing.signing_key("cw").sign(
                registration_statement(public["key_id"], "cw")),
        }
        for what, proof in attempts.items():
            with pytest.raises(ServerRefused) as refused:
                client.register_key(public["key_id"], public["public_key"], proof)
            assert refused.value.code == "sync.proof_invalid", what
        assert client.fetch_key(public["key_id"]) is None  # nothing stored

    report = a.sync()
    assert report.refused == 0 and report.warnings == [], open_conflicts(a.store)
    assert open_conflicts(a.store) == []
    with a.store.session() as session:
        assert get_setting(session, CONFIRMED_SETTING + public["key_id"]) == f"{sync_server.url}|cw"
    b = make_device("cw2")
    assert signature_of(b, election_id, approval_id) == "valid"
    with SyncClient(sync_server.url, token) as client:
        assert client.fetch_key(public["key_id"]) == {
            "key_id": public["key_id"], "public_key": public["public_key"], "user": "cw"}


def test_a_key_genuinely_registered_to_another_user_holds_its_signoffs_back(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    approval_id = approve_timing(a, election_id)
    public = signing.export_public_key("cw")
    other = make_device("cw2")  # somehow holds cw's private key too, and registers it first
    account = auth.current_account(other.store)
    assert account is not None
    with SyncClient(sync_server.url, auth.load_token(account)) as client:
        proof = signing.signing_key("cw").sign(registration_statement(public["key_id"], "cw2"))
        client.register_key(public["key_id"], public["public_key"], proof)

    report = a.sync()
    assert any("已登记给其他用户" in w for w in report.warnings)
    with a.store.session() as session:
        assert get_setting(session, CONFIRMED_SETTING + public["key_id"]) == ""
    assert_held_back_and_election_kept_at_checkpoint(
        a, make_device, report, election_id, approval_id, "已登记给其他用户")


def test_a_signoff_whose_private_key_is_gone_is_held_back_with_a_reason(
    make_device: MakeDevice, memory_keyring: MemoryKeyring,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    approval_id = approve_timing(a, election_id)
    del memory_keyring.secrets[(signing.KEYRING_SERVICE, "cw")]  # e.g. the keyring was reset

    report = a.sync()
    assert any("无法向服务器证明" in w for w in report.warnings)
    assert_held_back_and_election_kept_at_checkpoint(
        a, make_device, report, election_id, approval_id, "私钥")


def test_a_fetched_key_is_kept_only_if_it_is_the_key_its_id_names_and_the_signers(
    make_device: MakeDevice,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    approval_id = approve_timing(a, election_id)
    a.sync()
    b = make_device("cw2")
    with b.store.session() as session:
        row = session.get(CheckpointApproval, approval_id)
        assert row is not None
        key_id = row.key_id
    # B had fetched it during its first sync; start again as if it had not
    with b.store.transaction() as session:
        session.delete(session.get(Setting, signoff.PUBLIC_KEY_SETTING + key_id))
    assert signature_of(b, election_id, approval_id) == "unknown_key"
    genuine = signing.export_public_key("cw")["public_key"]
    other = signing.export_public_key("mallory")["public_key"]

    warning = trust_key(b.store, key_id, {"key_id": key_id, "public_key": other, "user": "cw"})
    assert warning is not None and "与其编号不符" in warning
    warning = trust_key(b.store, key_id, {"key_id": key_id, "public_key": genuine, "user": "cw2"})
    assert warning is not None and "属于“cw2”" in warning
    assert signature_of(b, election_id, approval_id) == "unknown_key"

    assert trust_key(b.store, key_id, {"key_id": key_id, "public_key": genuine, "user": "cw"}) is None
    assert signature_of(b, election_id, approval_id) == "valid"
