"""Verification of pushed checkpoint sign-offs (the signing contract): the payload is canonical
JSON of exactly the agreed keys, every key equals the pushed row's field, the key is registered to
the pushing user, the signer is that user, and the Ed25519 signature verifies over the payload."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select

from db.codec import FieldValueError, decode
from db.models import CheckpointApproval
from server.auth import Caller
from server.schema import SigningKey

PAYLOAD_KEYS = (
    "id", "election_id", "checkpoint", "decision", "comment", "override_reason", "signer",
    "signed_at", "content_hash", "key_id", "revokes_id",
)


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signoff_problem(
    connection: Connection, caller: Caller, row_id: str, values: Mapping[str, Any]
) -> str | None:
    """Why this sign-off must be refused, or None if it is genuine. `values` are decoded fields."""
    text = values.get("payload")
    try:
        payload = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return "sign-off refused: payload is not a JSON object"
    if set(payload) != set(PAYLOAD_KEYS):
        return "sign-off refused: payload does not hold exactly the signed keys"
    if canonical_json(payload) != text:
        return "sign-off refused: payload is not canonical JSON"
    if payload["id"] != row_id:
        return "sign-off refused: payload id differs from the row id"
    columns = CheckpointApproval.__table__.columns
    for key in PAYLOAD_KEYS[1:]:
        try:
            signed = decode(columns[key].type, payload[key], key)
        except FieldValueError:
            return f"sign-off refused: payload field {key} is not a valid value"
        if signed != values.get(key):
            return f"sign-off refused: field {key} differs from what was signed"
    key_row = connection.execute(
        select(SigningKey.user_id, SigningKey.public_key).where(
            SigningKey.key_id == values.get("key_id")
        )
    ).first()
    if key_row is None:
        return "sign-off refused: signing key is not registered"
    if key_row.user_id != caller.user_id:
        return "sign-off refused: signing key belongs to another user"
    if payload["signer"] != caller.name:
        return "sign-off refused: signer is not the owner of the signing key"
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_row.public_key))
        public.verify(base64.b64decode(str(values.get("signature")), validate=True), text.encode())
    except (InvalidSignature, ValueError, binascii.Error):
        return "sign-off refused: signature does not verify (forged or altered)"
    return None
