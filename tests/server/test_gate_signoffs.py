"""A pushed sign-off is accepted only when it names a known checkpoint and decision and signs what
the server holds: genuinely signed but hostile sign-offs are refused and open no checkpoint.
Real server, SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from app.sync.reasons import readable_reason
from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op, server_content_hash
from tests.server.test_gate import CJK, approve, change, new_election, sign
from tests.server.test_security import Signer


def _at_timing(server: ServerHandle, district: District) -> tuple[Any, Signer, str]:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, applied_on="2026-02-01")["row"]["id"]
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    return caseworker, signer, election


def test_a_sign_off_of_an_unknown_checkpoint_or_decision_is_refused(
    server: ServerHandle, district: District
) -> None:
    caseworker, signer, election = _at_timing(server, district)
    genuine = server_content_hash(server, election, "timing")
    cases: list[tuple[str, dict[str, Any]]] = [  # (what the reason names, signed values)
        ("checkpoint", {"checkpoint": "zzz"}),
        ("checkpoint", {"checkpoint": "Timing"}),
        ("decision", {"decision": "maybe"}),
        ("decision", {"decision": ""}),
        ("content_hash", {"content_hash": "AB" * 32}),
        ("revokes_id is given for a revocation and only for one", {"revokes_id": new_id()}),
        ("revokes_id is given for a revocation and only for one", {"decision": "revoked"}),
        ("revokes_id does not name an approval", {"decision": "revoked", "revokes_id": new_id()}),
        ("no such checkpoint", {"checkpoint": "group"}),  # a by-election has no group (below)
    ]
    by_election = new_election(caseworker, district, kind="by_election")["row"]["id"]
    for expected, values in cases:
        target = by_election if expected == "no such checkpoint" else election
        row_id, fields = sign(signer, caseworker, target, **{"content_hash": genuine, **values})
        result = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
        assert result["status"] == "refused", (expected, result)
        assert expected in result["reason"], (expected, result["reason"])
        said = readable_reason(result)
        assert CJK.search(said) and not said.startswith("服务器："), said
    assert change(caseworker, election, stage="group_formed")["status"] == "refused"


def test_a_sign_off_must_sign_what_the_server_holds(server: ServerHandle, district: District) -> None:
    """content_hash is the hash of the checkpoint's content as the server computes it from its own
    rows; anything else approves something the server does not hold and opens nothing."""
    caseworker, signer, election = _at_timing(server, district)
    for made_up in ("ab" * 32, server_content_hash(server, election, "group")):
        row_id, fields = sign(signer, caseworker, election, content_hash=made_up)
        refused = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
        assert refused["status"] == "refused", refused
        assert "content_hash does not match the server's rows" in refused["reason"]
        assert "重新审核签署" in readable_reason(refused)
    assert change(caseworker, election, stage="group_formed")["status"] == "refused"

    row_id, fields = sign(signer, caseworker, election, decision="returned", comment="补材料",
                          content_hash="cd" * 32)
    refused = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
    assert refused["status"] == "refused" and "content_hash" in refused["reason"]

    approve(server, signer, caseworker, election, "timing")  # the genuine one is accepted
    assert change(caseworker, election, stage="group_formed")["status"] == "applied"


def test_an_approval_of_rows_changed_since_opens_nothing(server: ServerHandle,
                                                         district: District) -> None:
    """Signed over the register as it was, pushed after a colleague added a unit: refused."""
    caseworker, signer, election = _at_timing(server, district)
    before = server_content_hash(server, election, "timing")
    unit = op("units", new_id(), compound_id=district.compounds[STREET_A], building="9",
              room=new_id()[:8], owner_name="业主", owner_key=new_id()[:8], area_m2="90.00")
    assert server.user("caseworker", STREET_A).push_one(unit)["status"] == "applied"
    row_id, fields = sign(signer, caseworker, election, content_hash=before)
    refused = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
    assert refused["status"] == "refused" and "content_hash" in refused["reason"]
    assert change(caseworker, election, stage="group_formed")["status"] == "refused"
