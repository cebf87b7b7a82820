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
from db.canonical_json import canonical_json
from db.codec import FieldValueError, decode
from db.models import CheckpointApproval, Election
from db.models.elections import CHECKPOINTS, DECISIONS
from server.auth import Caller
from server.problems import Problem
from server.schema import SigningKey

HEX64 = re.compile(r"[0-9a-f]{64}")
PAYLOAD_KEYS = (
    "id", "election_id", "checkpoint", "decision", "comment", "override_reason", "signer",
    "signed_at", "content_hash", "key_id", "revokes_id",
)


def signoff_problem(
    connection: Connection, caller: Caller, row_id: str, values: Mapping[str, Any]
) -> Problem | None:
    """Why this sign-off must be refused, or None if it is genuine. `values` are decoded fields."""
    text = values.get("payload")
    try:
        payload = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return Problem("signoff_payload_not_object")
    if set(payload) != set(PAYLOAD_KEYS):
        return Problem("signoff_payload_keys")
    if canonical_json(payload) != text:
        return Problem("signoff_payload_not_canonical")
    if payload["id"] != row_id:
        return Problem("signoff_payload_id")
    columns = CheckpointApproval.__table__.columns
    for key in PAYLOAD_KEYS[1:]:
        try:
            signed = decode(columns[key].type, payload[key], key)
        except FieldValueError:
            return Problem("signoff_payload_field_invalid", field=key)
        if signed != values.get(key):
            return Problem("signoff_field_differs", field=key)
    if values.get("checkpoint") not in CHECKPOINTS:
        return Problem("signoff_checkpoint_unknown")
    if values.get("decision") not in DECISIONS:
        return Problem("signoff_decision_unknown")
    if not HEX64.fullmatch(str(values.get("content_hash"))):
        return Problem("signoff_hash_format")
    key_row = connection.execute(
        select(SigningKey.user_id, SigningKey.public_key).where(
            SigningKey.key_id == values.get("key_id")
        )
    ).first()
    if key_row is None:
        return Problem("signoff_key_unregistered")
    if key_row.user_id != caller.user_id:
        return Problem("signoff_key_other_user")
    if payload["signer"] != caller.name:
        return Problem("signoff_signer_not_key_owner")
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_row.public_key))
        public.verify(base64.b64decode(str(values.get("signature")), validate=True), text.encode())
    except (InvalidSignature, ValueError, binascii.Error):
        return Problem("signoff_signature_invalid")
    return content_problem(connection, values)


def content_problem(connection: Connection, values: Mapping[str, Any]) -> Problem | None:
    """Why what this sign-off signed is not what the server holds, or None. Reads the election's
    rows on `connection`: the caller flushes its pending writes first."""
    checkpoint, decision = values["checkpoint"], values["decision"]
    revokes_id = values.get("revokes_id")
    if (decision == "revoked") != (revokes_id is not None):
        return Problem("signoff_revokes_id_misplaced")
    with Session(bind=connection, autoflush=False) as session:
        election = session.get(Election, values.get("election_id"))
        if election is None:
            return Problem("signoff_election_missing")
        if CHECKPOINT_STAGE[checkpoint] not in stages_for(election.kind):
            return Problem("signoff_checkpoint_not_of_kind")
        if decision == "revoked":
            target = session.get(CheckpointApproval, revokes_id)
            if target is None or (target.election_id, target.checkpoint, target.decision) != (
                election.id, checkpoint, "approved"
            ):
                return Problem("signoff_revokes_wrong_target")
            return None
        if content_hash(content_for(session, election, checkpoint)) != values["content_hash"]:
            return Problem("signoff_content_mismatch")
    return None
