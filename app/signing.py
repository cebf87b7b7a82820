"""Signed checkpoint sign-offs (the signing contract): Ed25519 keys in the OS keyring, canonical
JSON payloads, signatures, QR text for printed forms, and verification of all of them.

The private key is made on first use and lives only in the keyring (service
"compound-desk-signing", username = the actor). It is never written to the store, a log or an
export; only the public key and its key_id leave this module. The one exception is demo data:
while a `key_source` is in force (app.demo.keys, only inside the demo builder's transaction on a
store marked as demo), keys come from it instead, so a machine without a keyring can build the
demo and no demo key ever reaches the keyring.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from app.errors import BadInput, WorkFailed
from db.canonical_json import canonical_json as canonical_json  # re-exported: what is signed

KEYRING_SERVICE = "compound-desk-signing"
QR_PREFIX = "CDSIGN1:"
PAYLOAD_KEYS = (
    "id", "election_id", "checkpoint", "decision", "comment", "override_reason", "signer",
    "signed_at", "content_hash", "key_id", "revokes_id",
)
DECISIONS = ("approved", "returned", "revoked")
CHECKPOINTS = ("timing", "group", "candidates")
# A printed QR code holds at most 2,331 bytes (version 40, level M), so a real code is far
# shorter than this; anything longer is refused before it is decoded.
MAX_CODE_CHARS = 8192
QR_PATTERN = re.compile(rb"CDSIGN1:[A-Za-z0-9_-]{1,%d}" % (MAX_CODE_CHARS + 1))
_CODE = re.compile(r"CDSIGN1:[A-Za-z0-9_-]+")
# A payload value is text, except revokes_id which may be null.
_NULLABLE = frozenset({"revokes_id"})


KEY_REGISTRATION_PURPOSE = "compound-desk key registration"


def key_registration_statement(key_id: str, user: str) -> str:
    """What a proof of key possession signs when a key is registered with the server
    (docs/sync-protocol.md): the client signs it, the server rebuilds it for the caller."""
    return canonical_json({"purpose": KEY_REGISTRATION_PURPOSE, "key_id": key_id, "user": user})


def content_hash(content: Any) -> str:
    """Hex SHA-256 of the canonical JSON of what is approved (e.g. the candidate list)."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise BadInput(code="signing.bad_base64", what=what) from None


@dataclass(frozen=True)
class SigningKey:
    """The actor's key pair, held in memory only while signing."""

    actor: str
    private: Any  # Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_raw)

    def sign(self, payload: str) -> str:
        return _b64(self.private.sign(payload.encode("utf-8")))


class KeySource(Protocol):
    """Where keys come from instead of the OS keyring (only the demo store's keys today)."""

    def key_for(self, actor: str, create: bool) -> SigningKey | None: ...


_KEY_SOURCE: ContextVar[KeySource | None] = ContextVar("compound_desk_key_source", default=None)


@contextmanager
def key_source(source: KeySource) -> Iterator[None]:
    """Within this block `signing_key` takes keys from `source`, never from the keyring."""
    token = _KEY_SOURCE.set(source)
    try:
        yield
    finally:
        _KEY_SOURCE.reset(token)


def signing_key(actor: str, create: bool = True) -> SigningKey:
    """The actor's key from the OS keyring, made and stored there on first use (or from the
    key source in force, see `key_source`)."""
    source = _KEY_SOURCE.get()
    if source is not None:
        if not actor:
            raise BadInput(code="signing.needs_user")
        found = source.key_for(actor, create)
        if found is None:
            raise WorkFailed(code="signing.no_demo_key", actor=actor)
        return found
    import keyring
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from keyring.errors import KeyringError

    if not actor:
        raise BadInput(code="signing.needs_user")
    try:
        stored = keyring.get_password(KEYRING_SERVICE, actor)
        if stored is None:
            if not create:
                raise WorkFailed(code="signing.no_key", actor=actor)
            private = Ed25519PrivateKey.generate()
            from cryptography.hazmat.primitives import serialization

            raw = private.private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
            keyring.set_password(KEYRING_SERVICE, actor, _b64(raw))
            return SigningKey(actor, private)
    except KeyringError as exc:
        raise WorkFailed(code="signing.no_keyring", detail=exc) from None
    try:
        return SigningKey(actor, Ed25519PrivateKey.from_private_bytes(_unb64(stored, "钥匙串里的私钥")))
    except (ValueError, BadInput):
        raise WorkFailed(code="signing.key_damaged", actor=actor) from None


def export_public_key(actor: str) -> dict[str, str]:
    """What may be shared (server registration, a colleague's check): never the private key."""
    key = signing_key(actor)
    return {"actor": actor, "key_id": key.key_id, "public_key": _b64(key.public_raw)}


def payload_of(fields: dict[str, Any]) -> str:
    """Canonical payload text from the approval's fields (signed_at encoded as db/codec does)."""
    missing = [k for k in PAYLOAD_KEYS if k not in fields]
    if missing:
        raise BadInput(code="signing.payload_missing", missing=", ".join(missing))
    data = {k: fields[k] for k in PAYLOAD_KEYS}
    if isinstance(data["signed_at"], datetime):
        data["signed_at"] = data["signed_at"].isoformat()
    return canonical_json(data)


def sign_fields(key: SigningKey, fields: dict[str, Any]) -> dict[str, Any]:
    """Complete an approval's fields with key_id, payload and signature."""
    fields = {**fields, "key_id": key.key_id}
    payload = payload_of(fields)
    return {**fields, "payload": payload, "signature": key.sign(payload)}


def _verify_signature(public_raw: bytes, payload: str, signature: str) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            _unb64(signature, "签名"), payload.encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        raise BadInput(code="signing.signature_mismatch") from None


def verify_approval(row: Any, public_raw: bytes) -> dict[str, Any]:
    """Check a stored approval: its key, its signature, and that every payload field equals the
    row's field. Returns the decoded payload; raises BadInput naming what does not hold."""
    if key_id_of(public_raw) != row.key_id:
        raise BadInput(code="signing.key_id_mismatch")
    _verify_signature(public_raw, row.payload, row.signature)
    data = decode_payload(row.payload)
    field = first_difference(data, row)
    if field is not None:
        raise BadInput(code="signing.field_differs", field=field)
    return data


def first_difference(payload: dict[str, Any], row: Any) -> str | None:
    """The first signed field whose value in `row` is not the one in `payload`, or None."""
    from db.codec import encode

    for key in PAYLOAD_KEYS:
        if payload[key] != encode(getattr(row, key)):
            return key
    return None


def decode_payload(payload: str) -> dict[str, Any]:
    """The signed fields of a payload text, refused (BadInput) unless every field is there, each
    is text (revokes_id may be null), and the text is the canonical spelling of them."""
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; nesting bombs recurse
        raise BadInput(code="signing.payload_not_json") from None
    if not isinstance(data, dict) or set(data) != set(PAYLOAD_KEYS):
        raise BadInput(code="signing.payload_fields")
    wrong = [k for k in PAYLOAD_KEYS
             if not isinstance(data[k], str) and not (data[k] is None and k in _NULLABLE)]
    if wrong:
        raise BadInput(code="signing.payload_not_text", wrong=", ".join(wrong))
    if canonical_json(data) != payload:
        raise BadInput(code="signing.payload_not_canonical")
    if data["decision"] not in DECISIONS or data["checkpoint"] not in CHECKPOINTS:
        raise BadInput(code="signing.payload_unknown_values")
    return data


def qr_text(approval_row: Any, public_key: bytes) -> str:
    """The text of a printed form's QR code: payload, signature and public key together."""
    body = canonical_json({"p": approval_row.payload, "s": approval_row.signature, "k": _b64(public_key)})
    return QR_PREFIX + base64.urlsafe_b64encode(body.encode("utf-8")).decode("ascii").rstrip("=")


def verify_qr_text(text: str) -> dict[str, Any]:
    """Check that a QR text is well-formed and signed by the key it carries (signature,
    key_id = sha256(k), payload well-formed); returns {"payload": {...}, "key_id": ...,
    "public_key": b64} or raises BadInput.

    This proves only that the code is intact: whoever made the key signed it. Whether that key
    belongs to the signer the payload names is for the caller to confirm against the keys it
    knows (app.elections.signoff.confirm_code)."""
    text = text.strip()
    if not text.startswith(QR_PREFIX):
        raise BadInput(code="signing.not_a_code", prefix=QR_PREFIX)
    if len(text) > MAX_CODE_CHARS:
        raise BadInput(code="signing.code_too_long", length=len(text), limit=MAX_CODE_CHARS)
    if not _CODE.fullmatch(text):
        raise BadInput(code="signing.code_bad_characters")
    encoded = text[len(QR_PREFIX):]
    try:
        body = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        outer = json.loads(body)
    except (binascii.Error, ValueError, RecursionError):
        raise BadInput(code="signing.code_not_json") from None
    if not isinstance(outer, dict) or set(outer) != {"p", "s", "k"} or not all(
        isinstance(v, str) for v in outer.values()
    ):
        raise BadInput(code="signing.code_incomplete")
    public_raw = _unb64(outer["k"], "签名码里的公钥")
    if len(public_raw) != 32:
        raise BadInput(code="signing.code_not_ed25519")
    data = decode_payload(outer["p"])
    if data["key_id"] != key_id_of(public_raw):
        raise BadInput(code="signing.code_key_mismatch")
    _verify_signature(public_raw, outer["p"], outer["s"])
    return {"payload": data, "key_id": data["key_id"], "public_key": outer["k"]}


def find_qr_text(data: bytes) -> str | None:
    """The sign-off code inside a printed PDF (its Info Keywords, uncompressed), if any. A match
    longer than any real code is returned as found (cut one past the limit), so that the check
    refuses it as too long instead of reading on."""
    match = QR_PATTERN.search(data)
    return match.group(0).decode("ascii") if match else None
