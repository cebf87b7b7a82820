"""Scope, roles, signed sign-offs and hostile requests: refused with 4xx, nothing changed."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.server.helpers import (
    STREET_A,
    STREET_B,
    Client,
    District,
    ServerHandle,
    new_id,
    op,
    server_content_hash,
)


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def test_caseworker_pulls_only_their_street(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    company = new_id()
    district.supervisor.push_one(op("property_companies", company, name=f"物业{company[:6]}"))
    rows = caseworker.rows()
    assert ("compounds", district.compounds[STREET_A]) in rows
    assert ("compounds", district.compounds[STREET_B]) not in rows
    assert ("streets", district.streets[STREET_B]) not in rows
    assert ("property_companies", company) in rows  # district-wide tables are readable by all
    everything = district.supervisor.rows()
    assert ("compounds", district.compounds[STREET_B]) in everything


def test_caseworker_cannot_write_another_street(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    before = district.supervisor.pull_all()
    other_compound = district.compounds[STREET_B]
    attempts = [
        op("compounds", other_compound, "update", 10**6, note="越权"),
        op("compounds", other_compound, "delete", 10**6, deleted_at="2026-01-01T00:00:00+00:00"),
        op("compounds", new_id(), community_id=district.communities[STREET_B], name="越界小区"),
        op("elections", new_id(), compound_id=other_compound),
        op("communities", new_id(), street_id=district.streets[STREET_B], name="越界社区"),
        op("streets", new_id(), name="自建街道"),
        # Moving my own compound into another street's community:
        op("compounds", district.compounds[STREET_A], "update", 10**6,
           community_id=district.communities[STREET_B]),
        op("rating_templates", new_id(), name="模板"),
    ]
    own = district.compounds[STREET_A]
    for attempt in attempts:
        result = caseworker.push_one(attempt)
        assert result["status"] == "refused", (attempt, result)
        if attempt["row_id"] == own:  # the caller's own row comes back as the server has it
            assert result["row"]["fields"]["community_id"] == district.communities[STREET_A]
        else:  # nothing of another street's rows is shown
            assert result["row"] is None
    assert district.supervisor.pull_all() == before


def test_child_pointing_at_another_streets_parent_is_refused(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    branch = new_id()
    assert caseworker.push_one(op("party_branches", branch, community_id=district.communities[STREET_A],
                                  name="一支部"))["status"] == "applied"
    link = caseworker.push_one(op("branch_compounds", new_id(), branch_id=branch,
                                  compound_id=district.compounds[STREET_B]))
    assert link["status"] == "refused" and "outside your street" in link["reason"]
    own = caseworker.push_one(op("branch_compounds", new_id(), branch_id=branch,
                                 compound_id=district.compounds[STREET_A]))
    assert own["status"] == "applied"


def test_caseworker_works_in_own_street(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    election = new_id()
    results = caseworker.push(
        op("elections", election, compound_id=district.compounds[STREET_A], seats=5),
        op("candidates", new_id(), election_id=election, name="张三"),
        op("property_companies", new_id(), name=f"街道物业{election[:6]}"),
    )
    assert [r["status"] for r in results] == ["applied"] * 3, results
    assert ("elections", election) in caseworker.rows()
    other = server.user("caseworker", STREET_B)
    assert ("elections", election) not in other.rows()


class Signer:
    """A caseworker's Ed25519 key, registered with the server."""

    def __init__(self, client: Client, register: bool = True) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = hashlib.sha256(self.raw).hexdigest()
        self.public_b64 = base64.b64encode(self.raw).decode()
        if register:
            response = client.http.post("/api/v1/keys", json={
                "key_id": self.key_id, "public_key": self.public_b64,
                "proof": self.registration_proof(client.name)})
            assert response.status_code == 201, response.text

    def registration_proof(self, user: str) -> str:
        """Proof of possession: the key registration statement signed with the private key."""
        statement = _canonical({"purpose": "compound-desk key registration",
                                "key_id": self.key_id, "user": user})
        return base64.b64encode(self.key.sign(statement.encode("utf-8"))).decode()

    def approval(self, election_id: str, signer: str, content_hash: str = "ab" * 32,
                 **overrides: Any) -> tuple[str, dict[str, Any]]:
        row_id = new_id()
        signed = {
            "id": row_id, "election_id": election_id, "checkpoint": "timing",
            "decision": "approved", "comment": "同意", "override_reason": "", "signer": signer,
            "signed_at": datetime.now(UTC).isoformat(timespec="seconds"),  # in the login window
            "content_hash": content_hash,
            "key_id": self.key_id, "revokes_id": None,
        }
        payload = _canonical(signed)
        signature = base64.b64encode(self.key.sign(payload.encode("utf-8"))).decode()
        fields = {k: v for k, v in signed.items() if k != "id"}
        fields.update(payload=payload, signature=signature)
        fields.update(overrides)
        return row_id, fields


def _election(caseworker: Client, district: District) -> str:
    election = new_id()
    assert caseworker.push_one(op("elections", election, compound_id=district.compounds[STREET_A]))[
        "status"] == "applied"
    return election


def test_genuine_sign_off_is_accepted_and_can_never_change(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    key = caseworker.http.get(f"/api/v1/keys/{signer.key_id}").json()
    assert key == {"key_id": signer.key_id, "public_key": signer.public_b64, "user": caseworker.name}
    election = _election(caseworker, district)
    row_id, fields = signer.approval(election, caseworker.name,
                                     server_content_hash(server, election, "timing"))
    result = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
    assert result["status"] == "applied", result
    for attempt in (op("checkpoint_approvals", row_id, "update", result["version"], comment="改"),
                    op("checkpoint_approvals", row_id, "delete", result["version"]),
                    op("checkpoint_approvals", row_id, **{**fields, "comment": "改"})):
        refused = caseworker.push_one(attempt)
        assert refused["status"] == "refused" and "append-only" in refused["reason"]
    assert caseworker.rows()[("checkpoint_approvals", row_id)]["fields"]["comment"] == "同意"


def test_forged_and_altered_sign_offs_are_refused(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = _election(caseworker, district)
    before = district.supervisor.pull_all()
    cases: dict[str, tuple[str, dict[str, Any]]] = {}
    row_id, fields = signer.approval(election, caseworker.name)
    cases["differs from what was signed"] = (row_id, {**fields, "decision": "returned"})
    row_id, fields = signer.approval(election, caseworker.name)
    altered_payload = fields["payload"].replace("同意", "不同意")
    cases["does not verify"] = (row_id, {**fields, "payload": altered_payload, "comment": "不同意"})
    stranger = Signer(caseworker, register=False)
    row_id, fields = stranger.approval(election, caseworker.name)
    cases["not registered"] = (row_id, fields)
    # Signed with another key but claiming the registered key's id:
    row_id, fields = stranger.approval(election, caseworker.name, )
    forged_payload = fields["payload"].replace(stranger.key_id, signer.key_id)
    cases["does not verify "] = (row_id, {**fields, "payload": forged_payload, "key_id": signer.key_id})
    other = server.user("caseworker", STREET_A)
    other_signer = Signer(other)
    row_id, fields = other_signer.approval(election, other.name)
    cases["belongs to another user"] = (row_id, fields)
    row_id, fields = signer.approval(election, "someone-else")
    cases["signer is not the owner"] = (row_id, fields)
    row_id, fields = signer.approval(election, caseworker.name)
    cases["not canonical"] = (row_id, {**fields, "payload": fields["payload"].replace(",", ", ")})
    for expected, (row_id, fields) in cases.items():
        result = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
        assert result["status"] == "refused", (expected, result)
        assert expected.strip() in result["reason"], (expected, result["reason"])
    assert district.supervisor.pull_all() == before


def test_oversize_and_malformed_bodies_are_refused(server: ServerHandle, district: District) -> None:
    client = district.supervisor
    before = client.pull_all()
    huge = json.dumps({"ops": [op("compounds", new_id(), note="x" * 1_000_000) for _ in range(9)]})
    response = client.http.post("/api/v1/push", content=huge,
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "8 MiB" in response.json()["error"]["message"]

    def chunks():  # no Content-Length: the limit is counted while reading
        for _ in range(10):
            yield b" " * (1024 * 1024)

    response = client.http.post("/api/v1/push", content=chunks(),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    response = client.http.post("/api/v1/push", content=b'{"ops": [',
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "malformed JSON" in response.json()["error"]["message"]
    response = client.http.post("/api/v1/push", json={"ops": [{"op_id": "x"}]})
    assert response.status_code == 422 and "ops.0" in response.json()["error"]["message"]
    response = client.http.post("/api/v1/push", json={"ops": [op("streets", new_id(), name="s")] * 1001})
    assert response.status_code == 422
    response = client.http.post("/api/v1/login", content=b"\xff\xfe",
                                headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500 and response.json()["error"]["code"]
    assert client.pull_all() == before


def test_an_election_moves_past_a_checkpoint_only_with_an_approval_on_the_server(
    server: ServerHandle, district: District
) -> None:
    """The three checkpoints hold on the server: a stage change past one needs an approval of it
    that the server accepted and nobody revoked; a refusal carries the server's row, which the
    client puts back (it must not take the election for one the server never had)."""
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = _election(caseworker, district)

    def move(stage: str) -> dict[str, Any]:
        version = caseworker.rows()[("elections", election)]["version"]
        return caseworker.push_one(op("elections", election, "update", version, stage=stage))

    assert move("checkpoint_timing")["status"] == "applied"  # asking for the check needs none
    for past in ("group_formed", "candidate_notice", "seated"):
        refused = move(past)
        assert refused["status"] == "refused", refused
        assert "筹备时机关" in refused["reason"] and "approved sign-off" in refused["reason"]
        assert refused["row"]["fields"]["stage"] == "checkpoint_timing"
    assert move("application")["status"] == "applied"  # returned: going back needs none here
    assert move("checkpoint_timing")["status"] == "applied"
    row_id, fields = signer.approval(election, caseworker.name,
                                     server_content_hash(server, election, "timing"))
    assert caseworker.push_one(op("checkpoint_approvals", row_id, **fields))["status"] == "applied"
    assert move("group_formed")["status"] == "applied"
    assert move("checkpoint_group")["status"] == "applied"
    refused = move("candidates_nominated")  # the next checkpoint has no approval yet
    assert refused["status"] == "refused" and "筹备组人选关" in refused["reason"]

    # a revoked approval no longer opens its checkpoint
    other = _election(caseworker, district)
    version = caseworker.rows()[("elections", other)]["version"]
    assert caseworker.push_one(op("elections", other, "update", version,
                                  stage="checkpoint_timing"))["status"] == "applied"
    approval_id, approval = signer.approval(other, caseworker.name,
                                            server_content_hash(server, other, "timing"))
    revocation_id, revocation = signer.approval(other, caseworker.name, decision="revoked")
    revocation = {**revocation, "revokes_id": approval_id}
    signed = json.loads(revocation["payload"])
    signed.update(id=revocation_id, decision="revoked", revokes_id=approval_id)
    revocation["payload"] = _canonical(signed)
    revocation["signature"] = base64.b64encode(
        signer.key.sign(revocation["payload"].encode("utf-8"))).decode()
    for row, values in ((approval_id, approval), (revocation_id, revocation)):
        assert caseworker.push_one(op("checkpoint_approvals", row, **values))["status"] == "applied"
    version = caseworker.rows()[("elections", other)]["version"]
    refused = caseworker.push_one(op("elections", other, "update", version, stage="group_formed"))
    assert refused["status"] == "refused", refused


def test_a_by_election_has_no_preparatory_checkpoints(server: ServerHandle, district: District) -> None:
    """A by-election has no group ([kinds.by_election].stages): its only checkpoint before the
    candidates is its own 筹备时机关 (补选时机关)."""
    caseworker = server.user("caseworker", STREET_A)
    election = new_id()
    insert = op("elections", election, compound_id=district.compounds[STREET_A])
    insert["fields"]["kind"] = "by_election"  # (op()'s own `kind` is insert/update/delete)
    assert caseworker.push_one(insert)["status"] == "applied"
    version = caseworker.rows()[("elections", election)]["version"]
    skipped = caseworker.push_one(op("elections", election, "update", version,
                                     stage="candidates_nominated"))
    assert skipped["status"] == "refused" and "补选时机关" in skipped["reason"], skipped
    at_timing = caseworker.push_one(op("elections", election, "update", version,
                                       stage="checkpoint_timing"))
    assert at_timing["status"] == "applied", at_timing
    signer = Signer(caseworker)
    row_id, fields = signer.approval(election, caseworker.name,
                                     server_content_hash(server, election, "timing"))
    assert caseworker.push_one(op("checkpoint_approvals", row_id, **fields))["status"] == "applied"
    moved = caseworker.push_one(op("elections", election, "update", at_timing["version"],
                                   stage="candidates_nominated"))
    assert moved["status"] == "applied", moved
    refused = caseworker.push_one(op("elections", election, "update", moved["version"],
                                     stage="voting"))
    assert refused["status"] == "refused" and "业委会人选关" in refused["reason"]
