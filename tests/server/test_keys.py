"""Signing-key registration (POST /api/v1/keys) needs proof of possession: only the holder of the
private key can register its public key, and only under their own server user name. Refused
registrations answer 422 and store nothing (GET /api/v1/keys/{key_id} stays 404)."""

from __future__ import annotations

import base64
import hashlib
import json

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.sync.signing_keys import registration_statement as client_statement
from server.keys import registration_statement as server_statement
from tests.server.helpers import STREET_A, Client, District, ServerHandle


def statement(key_id: str, user: str) -> bytes:
    """The statement as docs/sync-protocol.md spells it, written out independently of the code."""
    return json.dumps({"purpose": "compound-desk key registration", "key_id": key_id, "user": user},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Key:
    """An Ed25519 key pair as a client holds it."""

    def __init__(self, private: Ed25519PrivateKey | None = None) -> None:
        self.private = private or Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()
        self.public_b64 = base64.b64encode(raw).decode()

    def proof(self, user: str, key_id: str | None = None) -> str:
        signature = self.private.sign(statement(key_id or self.key_id, user))
        return base64.b64encode(signature).decode()

    def body(self, proof: str | None) -> dict[str, str]:
        body = {"key_id": self.key_id, "public_key": self.public_b64}
        if proof is not None:
            body["proof"] = proof
        return body


def register(client: Client, body: dict[str, str]) -> httpx.Response:
    return client.http.post("/api/v1/keys", json=body)


def stored_owner(client: Client, key_id: str) -> str | None:
    response = client.http.get(f"/api/v1/keys/{key_id}")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.text
    return str(response.json()["user"])


def test_statement_is_the_same_bytes_on_client_and_server() -> None:
    key_id = "ab" * 32
    for user in ("cw", "张三", 'o"dd\\name'):
        expected = statement(key_id, user)
        assert server_statement(key_id, user) == expected
        assert client_statement(key_id, user).encode("utf-8") == expected
    assert "张三".encode() in server_statement(key_id, "张三")  # not \u-escaped


def test_a_valid_proof_registers_the_key_and_again_is_fine(server: ServerHandle, district: District) -> None:
    owner = server.user("caseworker", STREET_A)
    key = Key()
    first = register(owner, key.body(key.proof(owner.name)))
    assert first.status_code == 201, first.text
    assert first.json() == {"key_id": key.key_id, "public_key": key.public_b64, "user": owner.name}
    assert stored_owner(owner, key.key_id) == owner.name
    again = register(owner, key.body(key.proof(owner.name)))
    assert again.status_code == 201, again.text


def test_registration_without_a_valid_proof_is_refused_and_nothing_stored(
    server: ServerHandle, district: District
) -> None:
    victim = server.user("caseworker", STREET_A)
    squatter = server.user("caseworker", STREET_A)
    key = Key()  # the victim's key; its public half is public
    squatters_own = Key()
    attempts = {
        "missing": key.body(None),
        "empty": key.body(""),
        "made by another key": key.body(squatters_own.proof(squatter.name, key_id=key.key_id)),
        "for another user name": key.body(key.proof(victim.name)),  # replaying the victim's proof
        "for another key id": key.body(key.proof(squatter.name, key_id=squatters_own.key_id)),
        "not base64": key.body("not base64!"),
        "garbage of the right size": key.body(base64.b64encode(bytes(64)).decode()),
    }
    for what, body in attempts.items():
        response = register(squatter, body)
        assert response.status_code == 422, (what, response.text)
        error = response.json()["error"]
        assert error["code"].startswith("proof_") and error["message"].startswith("proof:"), error
        assert stored_owner(squatter, key.key_id) is None, what
    assert "missing" in register(squatter, key.body(None)).json()["error"]["message"]
    assert "does not verify" in register(squatter, attempts["made by another key"]).json()["error"]["message"]

    # Not blocked: the key's holder registers it as their own.
    response = register(victim, key.body(key.proof(victim.name)))
    assert response.status_code == 201, response.text
    assert stored_owner(squatter, key.key_id) == victim.name


def test_a_key_held_and_registered_by_another_user_is_409(server: ServerHandle, district: District) -> None:
    owner = server.user("caseworker", STREET_A)
    other = server.user("caseworker", STREET_A)
    key = Key()
    assert register(owner, key.body(key.proof(owner.name))).status_code == 201
    # Only possible when the other user has the private key too: still the first owner's.
    clash = register(other, key.body(key.proof(other.name)))
    assert clash.status_code == 409 and "another user" in clash.json()["error"]["message"]
    assert stored_owner(other, key.key_id) == owner.name


def test_malformed_keys_are_refused_before_the_proof(server: ServerHandle, district: District) -> None:
    client = server.user("caseworker", STREET_A)
    key = Key()
    proof = key.proof(client.name)
    wrong_id = register(client, {"key_id": "0" * 64, "public_key": key.public_b64, "proof": proof})
    assert wrong_id.status_code == 422 and "key_id" in wrong_id.json()["error"]["message"]
    short = register(client, {"key_id": "0" * 64, "public_key": "AAAA", "proof": proof})
    assert short.status_code == 422 and "32 bytes" in short.json()["error"]["message"]
    assert stored_owner(client, "0" * 64) is None
    assert client.http.get("/api/v1/keys/" + "f" * 64).status_code == 404
