"""Verification of pushed checkpoint sign-offs (the signing contract): the payload is canonical
JSON of exactly the agreed keys, every key equals the pushed row's field, checkpoint and decision
are known values, the key is registered to the pushing user, the signer is that user, and the
Ed25519 signature verifies over the payload. Then what was signed must be what the server holds:
an approval or a return signs the hash of the checkpoint's content (app.elections.checks), which
must equal the hash of that content computed from the server's own rows; a revocation names an
approval of the same election and checkpoint (its hash records what the revoker saw and is not
compared: it approves nothing, and refusing it would keep a withdrawn approval standing)."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.elections.checks import content_for
from app.elections.stages import CHECKPOINT_STAGE, stages_for
from app.signing import content_hash
from db.codec import FieldValueError, decode
from db.models import CheckpointApproval, Election
from db.models.elections import CHECKPOINTS, DECISIONS
from server.auth import Caller
from server.schema import SigningKey

HEX64 = re.compile(r"[0-9a-f]{64}")
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
    if values.get("checkpoint") not in CHECKPOINTS:
        return "sign-off refused: checkpoint is not a known value"
    if values.get("decision") not in DECISIONS:
        return "sign-off refused: decision is not a known value"
    if not HEX64.fullmatch(str(values.get("content_hash"))):
        return "sign-off refused: content_hash is not a SHA-256 hex digest"
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
    return content_problem(connection, values)


def content_problem(connection: Connection, values: Mapping[str, Any]) -> str | None:
    """Why what this sign-off signed is not what the server holds, or None. Reads the election's
    rows on `connection`: the caller flushes its pending writes first."""
    checkpoint, decision = values["checkpoint"], values["decision"]
    revokes_id = values.get("revokes_id")
    if (decision == "revoked") != (revokes_id is not None):
        return "sign-off refused: revokes_id is given for a revocation and only for one"
    with Session(bind=connection, autoflush=False) as session:
        election = session.get(Election, values.get("election_id"))
        if election is None:
            return "sign-off refused: the election is not on the server"
        if CHECKPOINT_STAGE[checkpoint] not in stages_for(election.kind):
            return "sign-off refused: the election has no such checkpoint"
        if decision == "revoked":
            target = session.get(CheckpointApproval, revokes_id)
            if target is None or (target.election_id, target.checkpoint, target.decision) != (
                election.id, checkpoint, "approved"
            ):
                return ("sign-off refused: revokes_id does not name an approval of this election "
                        "and checkpoint")
            return None
        if content_hash(content_for(session, election, checkpoint)) != values["content_hash"]:
            return ("sign-off refused: content_hash does not match the server's rows for this "
                    "checkpoint")
    return None
