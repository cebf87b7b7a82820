"""The checkpoint gate holds against a caseworker's client pushing crafted election ops: no
unknown stage or kind, no kind flip, no new election already past a checkpoint, and names
changed after their approval do not reach the vote. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime
from typing import Any

from app.sync.reasons import readable_reason
from tests.server.helpers import (
    STREET_A,
    Client,
    District,
    ServerHandle,
    new_id,
    op,
    server_content_hash,
)
from tests.server.test_security import Signer

CJK = re.compile(r"[\u4e00-\u9fff]")


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sign(signer: Signer, client: Client, election: str, **values: Any) -> tuple[str, dict[str, Any]]:
    """A genuinely signed sign-off row (any values, hostile ones included) as a client sends it."""
    row_id = new_id()
    body = {
        "id": row_id, "election_id": election, "checkpoint": "timing", "decision": "approved",
        "comment": "同意", "override_reason": "", "signer": client.name,
        "signed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "content_hash": "ab" * 32,
        "key_id": signer.key_id, "revokes_id": None, **values,
    }
    payload = _canonical(body)
    signature = base64.b64encode(signer.key.sign(payload.encode("utf-8"))).decode()
    fields = {k: v for k, v in body.items() if k != "id"}
    return row_id, {**fields, "payload": payload, "signature": signature}


def approve(server: ServerHandle, signer: Signer, client: Client, election: str,
            checkpoint: str) -> str:
    """A genuine approval of what the server holds for this checkpoint now."""
    row_id, fields = sign(signer, client, election, checkpoint=checkpoint,
                          content_hash=server_content_hash(server, election, checkpoint))
    result = client.push_one(op("checkpoint_approvals", row_id, **fields))
    assert result["status"] == "applied", result
    return row_id


def new_election(client: Client, district: District, **fields: Any) -> dict[str, Any]:
    election = op("elections", new_id(), compound_id=district.compounds[STREET_A])
    election["fields"].update(fields)  # (op()'s own `kind` is insert/update/delete)
    return client.push_one(election)


def election_row(client: Client, election: str) -> dict[str, Any]:
    return client.rows()[("elections", election)]


def change(client: Client, election: str, **fields: Any) -> dict[str, Any]:
    version = election_row(client, election)["version"]
    return client.push_one({**op("elections", election, "update", version), "fields": fields})


def test_an_unknown_stage_opens_no_way_past_the_checkpoints(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    election = new_election(caseworker, district)["row"]["id"]
    for hostile in ("zzz", "", "SEATED", "seated ", "checkpoint"):
        refused = change(caseworker, election, stage=hostile)
        assert refused["status"] == "refused", (hostile, refused)
        for later in ("seated", "voting", "group_formed"):
            assert change(caseworker, election, stage=later)["status"] == "refused", later
    assert election_row(caseworker, election)["fields"]["stage"] == "application"


def test_flipping_the_kind_skips_no_checkpoint(server: ServerHandle, district: District) -> None:
    """A by-election has no preparatory group ([kinds.by_election].stages): switching kind must
    not carry a first election past 筹备时机关 or 筹备组人选关, whichever way round and in
    whatever steps."""
    caseworker = server.user("caseworker", STREET_A)
    election = new_election(caseworker, district)["row"]["id"]
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    attempts: list[dict[str, Any]] = [
        {"kind": "by_election", "stage": "candidate_notice"},
        {"kind": "by_election", "stage": "candidates_nominated"},
        {"kind": "zzz"},
        {"kind": "zzz", "stage": "seated"},
    ]
    for fields in attempts:
        result = change(caseworker, election, **fields)
        assert result["status"] == "refused", (fields, result)

    # A by-election stops at its own 筹备时机关 (补选时机关) too: at the checkpoint it may be
    # chosen, but not carried past it without an approval.
    assert change(caseworker, election, kind="by_election")["status"] == "applied"
    result = change(caseworker, election, stage="candidates_nominated")
    assert result["status"] == "refused" and result["row"]["fields"]["kind"] == "by_election"
    for fields in ({"kind": "first", "stage": "group_formed"},
                   {"kind": "reelection", "stage": "candidates_nominated"}):
        assert change(caseworker, election, **fields)["status"] == "refused", fields
    assert change(caseworker, election, kind="first", stage="application")["status"] == "applied"
    row = election_row(caseworker, election)["fields"]
    assert (row["kind"], row["stage"]) == ("first", "application")


def test_the_kind_is_fixed_once_the_first_checkpoint_is_passed(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, applied_on="2026-02-01")["row"]["id"]
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    approve(server, signer, caseworker, election, "timing")
    assert change(caseworker, election, stage="group_formed")["status"] == "applied"
    for fields in ({"kind": "by_election"}, {"kind": "by_election", "stage": "candidates_nominated"},
                   {"kind": "reelection"}):
        result = change(caseworker, election, **fields)
        assert result["status"] == "refused", (fields, result)
        assert "kind cannot change" in result["reason"]
    # Sent back to the start, it has still been approved once: the kind stays.
    assert change(caseworker, election, stage="application")["status"] == "applied"
    assert change(caseworker, election, kind="by_election")["status"] == "refused"
    assert election_row(caseworker, election)["fields"]["kind"] == "first"


def test_a_new_election_starts_at_the_first_stage(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    for fields in ({"stage": "voting"}, {"stage": "seated"}, {"stage": "checkpoint_timing"},
                   {"kind": "by_election", "stage": "candidate_notice"}, {"stage": "zzz"},
                   {"kind": "zzz"}, {"kind": "by_election", "stage": "group_formed"},
                   {"stage": "voting", "historical": True},
                   {"historical": True}):
        result = new_election(caseworker, district, **fields)
        assert result["status"] == "refused", (fields, result)
        assert result["row"] is None
    assert new_election(caseworker, district, kind="by_election")["status"] == "applied"
    assert new_election(caseworker, district, historical=False)["status"] == "applied"


def test_a_supervisor_may_record_an_election_already_under_way_and_it_is_gated_from_there(
    server: ServerHandle, district: District
) -> None:
    """A historical record (an election under way before the app was used) arrives at its stage
    with no sign-offs; from then on it moves like any other."""
    supervisor = district.supervisor
    assert new_election(supervisor, district, stage="voting")["status"] == "refused"
    arrived = new_election(supervisor, district, stage="voting", historical=True)
    assert arrived["status"] == "applied", arrived
    election = arrived["row"]["id"]
    assert arrived["row"]["fields"]["historical"] is True
    caseworker = server.user("caseworker", STREET_A)
    assert change(caseworker, election, historical=False)["status"] == "refused"
    assert change(caseworker, election, stage="tallied")["status"] == "applied"
    assert change(caseworker, election, stage="candidates_nominated")["status"] == "applied"
    refused = change(caseworker, election, stage="voting")  # past 业委会人选关 again: gated
    assert refused["status"] == "refused" and "业委会人选关" in refused["reason"]
    assert change(supervisor, election, stage="voting")["status"] == "refused"


def test_a_revoked_earlier_approval_stops_the_election_going_on(
    server: ServerHandle, district: District
) -> None:
    """A revocation pushed without moving the election back (a faulty or hostile client) leaves
    it where it is: it cannot move on past the next checkpoint, however that one is approved."""
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, kind="by_election", seats=1)["row"]["id"]
    results = caseworker.push(*[op("candidates", new_id(), election_id=election, name=name,
                                   sort_order=i) for i, name in enumerate(("张三", "李四"))])
    assert [r["status"] for r in results] == ["applied"] * 2
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    timing = approve(server, signer, caseworker, election, "timing")
    for stage in ("candidates_nominated", "checkpoint_candidates"):
        assert change(caseworker, election, stage=stage)["status"] == "applied"
    row_id, fields = sign(signer, caseworker, election, checkpoint="timing", decision="revoked",
                          revokes_id=timing)
    assert caseworker.push_one(op("checkpoint_approvals", row_id, **fields))["status"] == "applied"
    approve(server, signer, caseworker, election, "candidates")
    refused = change(caseworker, election, stage="candidate_notice")
    assert refused["status"] == "refused" and "revoked" in refused["reason"], refused
    from app.sync.reasons import readable_reason

    assert "审核已被撤销" in readable_reason(refused)  # what the caseworker reads
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"  # back
    approve(server, signer, caseworker, election, "timing")  # signed again: on it goes
    for stage in ("candidates_nominated", "checkpoint_candidates", "candidate_notice"):
        assert change(caseworker, election, stage=stage)["status"] == "applied", stage


def test_names_changed_after_their_approval_do_not_reach_the_vote(
    server: ServerHandle, district: District
) -> None:
    """An approval signs a candidate list; a list changed since (without revoking and signing
    again) cannot be voted on, nor can a revoked approval carry the election on."""
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, kind="by_election", seats=1)["row"]["id"]
    results = caseworker.push(*[op("candidates", new_id(), election_id=election, name=name,
                                   sort_order=i) for i, name in enumerate(("张三", "李四"))])
    assert [r["status"] for r in results] == ["applied"] * 2
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    approve(server, signer, caseworker, election, "timing")  # 补选时机关 ([kinds.by_election])
    for stage in ("candidates_nominated", "checkpoint_candidates"):
        assert change(caseworker, election, stage=stage)["status"] == "applied"
    approval = approve(server, signer, caseworker, election, "candidates")
    assert change(caseworker, election, stage="candidate_notice")["status"] == "applied"
    assert caseworker.push_one(op("candidates", new_id(), election_id=election, name="王五",
                                  sort_order=2))["status"] == "applied"
    refused = change(caseworker, election, stage="voting")
    assert refused["status"] == "refused" and "no longer matches" in refused["reason"], refused
    assert change(caseworker, election, stage="tallied")["status"] == "refused"

    row_id, fields = sign(signer, caseworker, election, checkpoint="candidates", decision="revoked",
                          revokes_id=approval)
    assert caseworker.push_one(op("checkpoint_approvals", row_id, **fields))["status"] == "applied"
    assert change(caseworker, election, stage="voting")["status"] == "refused"
    approve(server, signer, caseworker, election, "candidates")  # the list as it is now
    assert change(caseworker, election, stage="voting")["status"] == "applied"


def test_every_gate_refusal_reads_in_chinese(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    refusals = [
        new_election(caseworker, district, stage="voting"),
        new_election(caseworker, district, historical=True),
        new_election(caseworker, district, kind="by_election", stage="group_formed"),
    ]
    election = new_election(caseworker, district)["row"]["id"]
    for fields in ({"stage": "zzz"}, {"kind": "zzz"}, {"stage": "voting"}, {"historical": True}):
        refusals.append(change(caseworker, election, **fields))
    assert len({refused["error"]["code"] for refused in refusals}) >= 6  # zzz: invalid_value twice
    for refused in refusals:
        said = readable_reason(refused)
        assert not said.startswith("服务器："), refused  # a code app.sync.reasons knows
        assert CJK.search(said) and "refused" not in said, said
