"""Checks on a signing-key registration (POST /api/v1/keys) before anything is stored.

Public keys are public (GET /api/v1/keys/{key_id} hands them out), so registering one proves
nothing by itself: whoever registered a colleague's key first would own it and block that
colleague's sign-offs. A registration therefore carries a proof of possession — an Ed25519
signature, made with the private key, over a statement naming the key and the calling server
user — so only the key's holder can register it, and only under their own name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.signing import key_registration_statement
from server.problems import Problem


def registration_statement(key_id: str, user: str) -> bytes:
    """The bytes the proof signs (docs/sync-protocol.md): canonical JSON, UTF-8."""
    return key_registration_statement(key_id, user).encode("utf-8")


def _b64decode(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def registration_problem(key_id: str, public_key: str, proof: str | None, user: str
                         ) -> Problem | None:
    """Why this registration by `user` must be refused (a 422 message), or None if it holds:
    a 32-byte Ed25519 key, key_id = its SHA-256, and a proof that verifies with it."""
    raw = _b64decode(public_key)
    if raw is None:
        return Problem("key_not_base64")
    if len(raw) != 32:
        return Problem("key_wrong_length")
    if hashlib.sha256(raw).hexdigest() != key_id:
        return Problem("key_id_mismatch")
    if not proof:
        return Problem("proof_missing")
    signature = _b64decode(proof)
    if signature is None:
        return Problem("proof_not_base64")
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, registration_statement(key_id, user))
    except (InvalidSignature, ValueError):
        return Problem("proof_invalid", user=repr(user))
    return None
