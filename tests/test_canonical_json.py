"""One canonical JSON spelling (db.canonical_json) serves signing, the server and change
tracking; it must spell everything exactly as the three former spellings did, or signatures and
hashes already stored would stop verifying."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from app import signing
from app.errors import BadInput
from db.canonical_json import canonical_json
from server.push import Op


def former_signing_spelling(obj: Any) -> str:
    """app/signing.py and server/signoff.py before the merge (server/push.py hashed the same)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_FORMER_TRACKING_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def former_tracking_spelling(obj: Any) -> str:
    """db/tracking.py's outbox encoder before the merge."""
    return _FORMER_TRACKING_ENCODER.encode(obj)


TRICKY: list[Any] = [
    {"中文键": "深圳市龙岗区平湖街道", "b": 1, "a": 2},  # CJK, keys out of order
    {"b": [1, 2.5, -0.0, 1e100, 1.5e-7, 0.1 + 0.2, 10**30]},  # floats, a big integer
    {"a": {"z": None, "y": True, "x": False, "嵌套": {"深": [[], {}]}}},  # nested, None, bools
    {"ctrl": "tab\there\nline\x00\u2028 \"q\" \\", "emoji": "👍🏽"},  # escapes, non-BMP
    {"lone": "\ud800"},  # a lone surrogate is spelled as is (push hashes it with surrogatepass)
    ["列表", None, 0, "", {}],
    "纯文本",
    None,
    3.0,
    {"Z": 1, "a": 2, "_": 3, "1": 4, "é": 5, "中": 6},  # code-point order of keys
]


@pytest.mark.parametrize("value", TRICKY)
def test_the_one_spelling_equals_each_former_spelling(value: Any) -> None:
    assert canonical_json(value) == former_signing_spelling(value)
    assert canonical_json(value) == former_tracking_spelling(value)


def test_the_spelling_is_pinned_byte_for_byte() -> None:
    value = {"中文键": "深圳", "b": [1, 2.5, -0.0, 1e100, 1.5e-7, 0.1 + 0.2],
             "a": {"z": None, "y": True}, "c": "t\tq\"\u2028"}
    assert canonical_json(value) == (
        '{"a":{"y":true,"z":null},"b":[1,2.5,-0.0,1e+100,1.5e-07,0.30000000000000004],'
        '"c":"t\\tq\\"\u2028","中文键":"深圳"}'
    )


def test_what_json_cannot_spell_is_refused_as_before() -> None:
    from decimal import Decimal

    with pytest.raises(TypeError):
        canonical_json({"a": Decimal("1.5")})


def test_signing_and_the_server_use_the_one_function() -> None:
    import server.signoff

    assert signing.canonical_json is canonical_json
    assert server.signoff.canonical_json is canonical_json


def test_a_push_payload_hash_is_unchanged() -> None:
    op = Op("op-1", "units", "r-1", "update", 7, {
        "owner_name": "业主 王五", "area_m2": "88.50", "note": None, "z": [1, 2.5, {"b": 1, "a": "é"}]})
    # Computed with the server's former spelling: a retried push of an op applied before the
    # merge must still be recognised as the same op.
    assert op.payload_hash() == "72bd56759655ca32db0646bc1c3e9ee9480a8b7187cd57e2ced038eb4d701ba0"


# A sign-off signed before the merge (key from seed bytes 0..31, payload spelled by the former
# app.signing.canonical_json): it must still verify, on a stored row and as a printed code.
OLD_PUBLIC_KEY = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="
OLD_CONTENT = {"候选人": ["李四", "王五"], "名额": 5, "比例": 0.5}
OLD_CONTENT_HASH = "6545cf1cfd3448f2c01f99502931bbb8be12b5b9ed59542f786a28227fe87c6d"
OLD_PAYLOAD = (
    '{"checkpoint":"candidates","comment":"同意。候选人名单已核对 “无误” ✓",'
    '"content_hash":"6545cf1cfd3448f2c01f99502931bbb8be12b5b9ed59542f786a28227fe87c6d",'
    '"decision":"approved","election_id":"6f1c2a8e-0000-4000-8000-000000000002",'
    '"id":"6f1c2a8e-0000-4000-8000-000000000001",'
    '"key_id":"56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c",'
    '"override_reason":"","revokes_id":null,"signed_at":"2026-11-30T09:15:00+00:00","signer":"张三"}'
)
OLD_SIGNATURE = "kpw5Vaak+qPRG3DJ2wi+AT7LSSBwjf5vWqcIHz34989cpqF5TIOq1XnmfYeuDaFkxjCtuSZVvK7K+xPTntSGDg=="


def old_row() -> SimpleNamespace:
    return SimpleNamespace(payload=OLD_PAYLOAD, signature=OLD_SIGNATURE, **json.loads(OLD_PAYLOAD))


def test_a_sign_off_signed_before_the_merge_still_verifies() -> None:
    import base64

    public_raw = base64.b64decode(OLD_PUBLIC_KEY)
    assert signing.content_hash(OLD_CONTENT) == OLD_CONTENT_HASH
    data = signing.verify_approval(old_row(), public_raw)
    assert signing.payload_of(data) == OLD_PAYLOAD  # re-spelled today: the very same text
    checked = signing.verify_qr_text(signing.qr_text(old_row(), public_raw))
    assert checked["key_id"] == data["key_id"]


def test_a_changed_spelling_would_be_caught() -> None:
    """The fixture above can fail: a payload spelled any other way is refused."""
    import base64

    row = old_row()
    row.payload = json.dumps(json.loads(OLD_PAYLOAD), sort_keys=True, ensure_ascii=False)
    with pytest.raises(BadInput):
        signing.verify_approval(row, base64.b64decode(OLD_PUBLIC_KEY))
