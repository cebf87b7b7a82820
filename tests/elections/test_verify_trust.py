"""`verify` trusts a code only when its key is known here as the named signer's (the local
user's own key, or a colleague's fetched by sync), compares every signed field with the stored
sign-off, and answers hostile input (nesting bombs, huge or garbage codes, files that are not
ours) with one Chinese line and exit 2, never a traceback."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import signing
from app.elections import signoff
from app.sync.signing_keys import trust_key
from db.models import CheckpointApproval, Setting
from db.store import STORE_FILENAME, Store, open_store
from db.types import new_id
from tests.elections.conftest import Place
from tests.elections.test_workflow import move, new_election, sign
from tests.helpers import raw_store
from tests.helpers.cli import run_main

UNCONFIRMED = "签名人无法确认"


def signed_code(key: signing.SigningKey, fields: dict[str, Any]) -> str:
    """A QR text for `fields` signed with `key`, carrying that key, as the printed form does."""
    signed = signing.sign_fields(key, fields)
    return signing.qr_text(SimpleNamespace(**signed), key.public_raw)


def fields_of(row: CheckpointApproval, **changes: Any) -> dict[str, Any]:
    fields = {k: getattr(row, k) for k in signing.PAYLOAD_KEYS if k != "key_id"}
    return {**fields, **changes}


def fresh_fields(signer: str) -> dict[str, Any]:
    return {
        "id": new_id(), "election_id": new_id(), "checkpoint": "timing", "decision": "approved",
        "comment": "条件具备", "override_reason": "", "signer": signer,
        "signed_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "content_hash": "ab" * 32,
        "revokes_id": None,
    }


def fresh_key(actor: str) -> signing.SigningKey:
    """A key made by anyone, anywhere: in no keyring and known to no store."""
    return signing.SigningKey(actor, Ed25519PrivateKey.generate())


def approved(store: Store, place: Place) -> CheckpointApproval:
    eid = new_election(store, place)
    move(store, eid, "checkpoint_timing")
    return sign(store, eid, "timing", comment="条件具备")


def code_of(store: Store, row: CheckpointApproval) -> str:
    with store.session() as session:
        return signoff.qr_text_for(session, session.get(CheckpointApproval, row.id))


def assert_one_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


def test_forged_code_with_a_fresh_key_and_a_real_id_is_not_confirmed(
    store: Store, place: Place, data_dir: Path,
) -> None:
    row = approved(store, place)
    store.close()
    # everything as signed, the signer's name included; only the key is the forger's own
    forged = signed_code(fresh_key("tester"), fields_of(row))
    done = run_main("verify", forged, data_dir=data_dir)
    assert done.returncode == 1, done.stdout + done.stderr
    assert UNCONFIRMED in done.stderr and "签名有效" not in done.stdout
    assert "本地记录一致" not in done.stdout
    assert_one_line(done.stderr)

    as_json = run_main("verify", "--json", forged, data_dir=data_dir)
    assert as_json.returncode == 1
    assert '"valid": false' in as_json.stdout and UNCONFIRMED in as_json.stdout


def test_genuine_code_of_the_local_user_is_valid_only_where_its_key_is_known(
    store: Store, place: Place, data_dir: Path, tmp_path: Path,
) -> None:
    row = approved(store, place)
    code = code_of(store, row)
    store.close()
    done = run_main("verify", code, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "签名有效" in done.stdout and "本地记录一致" in done.stdout
    # a computer that knows no key cannot tell this code from a forgery
    elsewhere = run_main("verify", code, data_dir=tmp_path / "elsewhere")
    assert elsewhere.returncode == 1 and UNCONFIRMED in elsewhere.stderr
    assert "签名有效" not in elsewhere.stdout


def test_key_kept_before_owners_were_recorded_belongs_to_its_sign_offs_signer(
    store: Store, place: Place,
) -> None:
    """A store from before this rule holds keys without an owner: the one signer of the sign-offs
    made with the key is its owner, so old forms still verify and forgeries still do not."""
    row = approved(store, place)
    with store.transaction() as session:
        session.delete(session.get(Setting, signoff.KEY_OWNER_SETTING + row.key_id))
    with store.session() as session:
        assert signoff.key_owner(session, row.key_id) == "tester"
        public = signing.signing_key("tester").public_raw
        payload = signing.decode_payload(row.payload)
        assert signoff.confirm_code(session, payload, public) is None
        someone_else = {**payload, "signer": "王主任"}
        problem = signoff.confirm_code(session, someone_else, public)
        assert problem is not None and UNCONFIRMED in problem and "“tester”" in problem


def test_colleague_key_fetched_by_sync_confirms_only_that_colleague(
    store: Store, data_dir: Path,
) -> None:
    colleague = signing.signing_key("李主任")  # made on the colleague's computer
    theirs = signed_code(colleague, fresh_fields("李主任"))
    # the colleague signs claiming to be someone this computer also knows by name
    posing = signed_code(colleague, fresh_fields("tester"))
    with store.transaction() as session:
        signoff.remember_public_key(session, signing.signing_key("tester"))
    store.close()
    before = run_main("verify", theirs, data_dir=data_dir)
    assert before.returncode == 1 and UNCONFIRMED in before.stderr

    again = open_store(data_dir, actor="tester")
    try:
        answer = {"key_id": colleague.key_id, "user": "李主任",
                  "public_key": base64.b64encode(colleague.public_raw).decode()}
        assert trust_key(again, colleague.key_id, answer) is None
    finally:
        again.close()

    after = run_main("verify", theirs, data_dir=data_dir)
    assert after.returncode == 0, after.stderr
    assert "签名有效" in after.stdout and "李主任" in after.stdout
    assert "本地数据中没有这条审核记录" in after.stdout
    posed = run_main("verify", posing, data_dir=data_dir)
    assert posed.returncode == 1
    assert UNCONFIRMED in posed.stderr and "属于“李主任”" in posed.stderr


CHANGED = {
    "election_id": "6d1f7c1e-0000-4000-8000-000000000000",
    "checkpoint": "group",
    "decision": "returned",
    "comment": "条件不具备",
    "override_reason": "另有理由",
    "signed_at": datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    "content_hash": "cd" * 32,
    "revokes_id": "6d1f7c1e-1111-4000-8000-000000000000",
}


def test_every_signed_field_is_compared_with_the_stored_sign_off(store: Store, place: Place) -> None:
    row = approved(store, place)
    own = signing.signing_key("tester")
    assert set(CHANGED) | {"id", "signer", "key_id"} == set(signing.PAYLOAD_KEYS)
    with store.session() as session:
        stored = session.get(CheckpointApproval, row.id)
        genuine = signing.decode_payload(stored.payload)
        assert signoff.confirm_code(session, genuine, own.public_raw) is None
        for field, value in CHANGED.items():
            changed = signing.verify_qr_text(signed_code(own, fields_of(stored, **{field: value})))
            problem = signoff.confirm_code(session, changed["payload"], own.public_raw)
            assert problem is not None, field
            assert "与本地记录不符" in problem and f"（{field}）" in problem
            assert signoff.FIELD_NAMES[field] in problem


def test_code_differing_from_the_stored_row_fails_the_cli(
    store: Store, place: Place, data_dir: Path,
) -> None:
    row = approved(store, place)
    genuine = code_of(store, row)
    # the signer signs a second text under the same id: the code no longer matches the store
    other = signed_code(signing.signing_key("tester"), fields_of(row, comment="条件不具备"))
    store.close()
    done = run_main("verify", other, data_dir=data_dir)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "与本地记录不符" in done.stderr and "意见" in done.stderr and "签名有效" not in done.stdout
    assert_one_line(done.stderr)

    # and the other way round: the stored row was altered behind the app's back
    with raw_store.connect(data_dir / STORE_FILENAME) as db:
        db.execute("UPDATE checkpoint_approvals SET content_hash = ? WHERE id = ?", ("ee" * 32, row.id))
    db.close()
    altered = run_main("verify", genuine, data_dir=data_dir)
    assert altered.returncode == 1, altered.stdout + altered.stderr
    assert "与本地记录不符" in altered.stderr and "内容摘要" in altered.stderr


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def test_hostile_codes_and_files_are_one_chinese_line_and_exit_2(
    store: Store, place: Place, data_dir: Path, tmp_path: Path,
) -> None:
    row = approved(store, place)
    genuine = code_of(store, row)
    store.close()
    key = base64.b64encode(b"\x01" * 32).decode()
    deep = 100_000
    nested_payload = signing.canonical_json({"p": "[" * 1500 + "]" * 1500, "s": "", "k": key})
    cases: dict[str, str | bytes] = {
        "nested 100k deep": "CDSIGN1:" + b64url(b"[" * deep + b"]" * deep),
        "nested within the size limit": "CDSIGN1:" + b64url(b"[" * 2000 + b"]" * 2000),
        "nested signed payload": "CDSIGN1:" + b64url(nested_payload.encode()),
        "garbage": "CDSIGN1:" + b64url(b"\xff\xfe not json at all"),
        "fields of the wrong type": "CDSIGN1:" + b64url(signing.canonical_json(
            {"p": signing.canonical_json({k: 1 for k in signing.PAYLOAD_KEYS}), "s": "", "k": key}
        ).encode()),
        "a PDF that is not ours": b"%PDF-1.4\n1 0 obj << /Title (other) >> endobj\n%%EOF\n",
        "a damaged printed form": b"%PDF-1.4\n1 0 obj << /Keywords (" + genuine[:60].encode(),
    }
    for name, content in cases.items():
        path = tmp_path / f"{abs(hash(name))}.pdf"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        done = run_main("verify", str(path), data_dir=data_dir)
        assert done.returncode == 2, f"{name}: {done.returncode} {done.stderr[-500:]}"
        assert_one_line(done.stderr)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in done.stderr), f"{name}: {done.stderr}"

    too_long_name = run_main("verify", "x" * 5000, data_dir=data_dir)
    assert too_long_name.returncode == 2 and "Traceback" not in too_long_name.stderr
    assert_one_line(too_long_name.stderr)

    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.seek(33 * 1024 * 1024)
        handle.write(genuine.encode())
    refused = run_main("verify", str(huge), data_dir=data_dir)
    assert refused.returncode == 2 and "MB" in refused.stderr
    assert_one_line(refused.stderr)


def test_control_characters_in_a_valid_code_are_not_sent_to_the_terminal(
    store: Store, data_dir: Path,
) -> None:
    own = signing.signing_key("tester")
    with store.transaction() as session:
        signoff.remember_public_key(session, own)
    store.close()
    code = signed_code(own, {**fresh_fields("tester"), "comment": "同意\x1b[2J\x1b]0;pwned\x07"})
    done = run_main("verify", code, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "同意" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout


@pytest.mark.parametrize("claimed", ["tester", "王主任"])
def test_fresh_key_is_not_confirmed_for_any_name(claimed: str, store: Store) -> None:
    with store.transaction() as session:
        signoff.remember_public_key(session, signing.signing_key("tester"))
    forger = fresh_key(claimed)
    record = signing.verify_qr_text(signed_code(forger, fresh_fields(claimed)))
    with store.session() as session:
        problem = signoff.confirm_code(session, record["payload"], forger.public_raw)
    assert problem is not None and problem.startswith(UNCONFIRMED)
