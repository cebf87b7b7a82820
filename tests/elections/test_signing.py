"""Signed sign-offs: tampering, a wrong key, revocation and staleness are detected; the private
key stays in the keyring (never in the store, a log or an export); `verify` checks QR codes."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import signing
from app.elections import service, signoff
from app.errors import BadInput
from db.models import CheckpointApproval, Election
from db.store import Store
from tests.elections.conftest import Place
from tests.elections.test_workflow import move, new_election, sign, staff_group
from tests.helpers.cli import run_main
from tests.helpers.memory_keyring import MemoryKeyring


def approved(store: Store, place: Place) -> tuple[str, CheckpointApproval]:
    eid = new_election(store, place)
    move(store, eid, "checkpoint_timing")
    return eid, sign(store, eid, "timing", comment="条件具备")


def as_row(row: CheckpointApproval, **changes: object) -> SimpleNamespace:
    fields = {k: getattr(row, k) for k in (*signing.PAYLOAD_KEYS, "payload", "signature")}
    return SimpleNamespace(**{**fields, **changes})


def test_key_made_once_and_kept_in_keyring(memory_keyring: MemoryKeyring) -> None:
    first = signing.signing_key("alice")
    again = signing.signing_key("alice")
    assert first.key_id == again.key_id == signing.key_id_of(first.public_raw)
    assert ("compound-desk-signing", "alice") in memory_keyring.secrets
    exported = signing.export_public_key("alice")
    assert set(exported) == {"actor", "key_id", "public_key"}
    assert exported["public_key"] != memory_keyring.secrets[("compound-desk-signing", "alice")]


def test_good_signature_and_payload_contract(store: Store, place: Place) -> None:
    _, row = approved(store, place)
    payload = json.loads(row.payload)
    assert list(payload) == sorted(signing.PAYLOAD_KEYS)
    assert row.payload == signing.canonical_json(payload)
    assert payload["signed_at"].endswith("+00:00") and payload["decision"] == "approved"
    public = signing.signing_key("tester").public_raw
    assert signing.verify_approval(row, public)["id"] == row.id
    with store.session() as session:
        stored = session.get(CheckpointApproval, row.id)
        assert signing.verify_approval(stored, public)["content_hash"] == row.content_hash
        assert signoff.signature_status(session, stored) == "valid"


def test_tampering_and_wrong_key_detected(store: Store, place: Place) -> None:
    _, row = approved(store, place)
    public = signing.signing_key("tester").public_raw
    tampered = row.payload.replace('"approved"', '"returned"')
    with pytest.raises(BadInput, match="签名与内容不符") as caught:
        signing.verify_approval(as_row(row, payload=tampered, decision="returned"), public)
    assert caught.value.code == "signing.signature_mismatch"
    with pytest.raises(BadInput, match="字段 comment 与签名内容不同"):
        signing.verify_approval(as_row(row, comment="别的意见"), public)
    other = signing.signing_key("mallory")
    with pytest.raises(BadInput, match="key_id 不同"):
        signing.verify_approval(row, other.public_raw)
    # mallory re-labels the sign-off with her key id: the signature still does not verify
    forged_payload = row.payload.replace(row.key_id, other.key_id)
    with pytest.raises(BadInput, match="签名与内容不符"):
        signing.verify_approval(as_row(row, payload=forged_payload, key_id=other.key_id), other.public_raw)


def test_revoked_and_stale_sign_offs_detected(store: Store, place: Place) -> None:
    eid, row = approved(store, place)
    with store.transaction() as session:
        staff_group(session, session.get(Election, eid), place)
    move(store, eid, "checkpoint_group")
    group_row = sign(store, eid, "group")
    with store.transaction() as session:
        election = session.get(Election, eid)
        rep = next(m for m in service.people(session, election)["group"] if m.role == "owner_rep")
        service.save_group_member(session, election, rep.name, rep.role, unit_id=rep.unit_id,
                                  is_party_member=not rep.is_party_member, member_id=rep.id)
    sign(store, eid, "timing", "revoked", comment="撤销测试", revokes_id=row.id)
    with store.session() as session:
        assert signoff.approval_status(session, row.id) == "revoked"
        assert signoff.approval_status(session, group_row.id) == "stale"


def test_private_key_never_in_store_log_or_export(
    store: Store, place: Place, memory_keyring: MemoryKeyring, data_dir: Path, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, row = approved(store, place)
    secret_b64 = memory_keyring.secrets[("compound-desk-signing", "tester")]
    secret_raw = base64.b64decode(secret_b64)
    needles = [secret_raw, secret_b64.encode(), secret_raw.hex().encode(),
               base64.urlsafe_b64encode(secret_raw).rstrip(b"=")]
    store.close()
    export = tmp_path / "export.json"
    done = run_main("export", str(export), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    haystacks = {p.name: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    haystacks["export.json"] = export.read_bytes()
    haystacks["log"] = caplog.text.encode() + done.stdout.encode() + done.stderr.encode()
    assert row.key_id.encode() in haystacks["export.json"]  # the export does hold the sign-off
    for name, data in haystacks.items():
        for needle in needles:
            assert needle not in data, f"private key found in {name}"


def test_qr_text_and_verify_cli(store: Store, place: Place, tmp_path: Path) -> None:
    _, row = approved(store, place)
    with store.session() as session:
        code = signoff.qr_text_for(session, session.get(CheckpointApproval, row.id))
    assert code.startswith("CDSIGN1:") and "=" not in code
    record = signing.verify_qr_text(code)
    assert record["payload"]["id"] == row.id and record["key_id"] == row.key_id
    body = json.loads(base64.urlsafe_b64decode(code[8:] + "=" * (-len(code[8:]) % 4)))
    body["p"] = body["p"].replace("条件具备", "条件不具备")
    tampered = "CDSIGN1:" + base64.urlsafe_b64encode(
        signing.canonical_json(body).encode()).decode().rstrip("=")
    with pytest.raises(BadInput):
        signing.verify_qr_text(tampered)
    store.close()

    good = run_main("verify", code, data_dir=store.path.parent)
    assert good.returncode == 0, good.stderr
    assert "签名有效" in good.stdout and "筹备时机关" in good.stdout
    unknown = run_main("verify", code, data_dir=tmp_path / "elsewhere")  # no key known there
    assert unknown.returncode == 1 and "签名人无法确认" in unknown.stderr
    local = run_main("verify", "--json", code, data_dir=store.path.parent)
    assert local.returncode == 0 and json.loads(local.stdout)["local_status"] == "current"
    bad = run_main("verify", tampered, data_dir=tmp_path / "elsewhere")
    assert bad.returncode == 2 and "签名与内容不符" in bad.stderr
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Keywords (" + code.encode() + b") >> endobj\n%%EOF\n")
    from_file = run_main("verify", str(pdf), data_dir=store.path.parent)
    assert from_file.returncode == 0 and "签名有效" in from_file.stdout
