"""Push rules a caseworker's crafted ops meet on the real server (SQLite and PostgreSQL):
district-wide rows are the supervisors' to change, undelete follows the update rules, the server
writes history's who and when, and a refusal never tells whether another street's id exists."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op
from tests.server.test_security import Signer


def _version(client: Client, table: str, row_id: str) -> int:
    return int(client.rows()[(table, row_id)]["version"])


def _company(district: District) -> str:
    company = new_id()
    result = district.supervisor.push_one(op("property_companies", company, name=f"物业{company[:8]}"))
    assert result["status"] == "applied", result
    return company


def _compound(client: Client, district: District, street: str = STREET_A, **fields: Any) -> tuple[str, int]:
    compound = new_id()
    result = client.push_one(op("compounds", compound, community_id=district.communities[street],
                                name=f"小区{compound[:8]}", **fields))
    assert result["status"] == "applied", result
    return compound, int(result["version"])


def _audit(audit_id: str, target: str, **fields: Any) -> dict[str, Any]:
    """An audit entry about compound `target` (its `row_id` field clashes with op()'s)."""
    entry = op("audit_entries", audit_id, **{"at": datetime.now(UTC).isoformat(), "action": "update",
                                             "table_name": "compounds", **fields})
    entry["fields"]["row_id"] = target
    return entry


# --- district-wide rows ---------------------------------------------------------------------------

def test_caseworker_cannot_change_or_delete_district_wide_rows(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    company = _company(district)
    template = new_id()
    assert district.supervisor.push_one(op("rating_templates", template, name=f"模板{template[:6]}"))[
        "status"] == "applied"
    rows = caseworker.rows()
    street, community = district.streets[STREET_A], district.communities[STREET_A]
    base = {key: int(rows[key]["version"]) for key in (
        ("property_companies", company), ("streets", street), ("communities", community),
        ("rating_templates", template))}
    gone = "2026-01-01T00:00:00+00:00"
    attempts = [
        op("property_companies", company, "update", base[("property_companies", company)], name="改名物业"),
        op("property_companies", company, "delete", base[("property_companies", company)], deleted_at=gone),
        op("streets", street, "update", base[("streets", street)], name="改名街道"),
        op("streets", street, "delete", base[("streets", street)], deleted_at=gone),
        op("communities", community, "update", base[("communities", community)], name="改名社区"),
        op("communities", community, "delete", base[("communities", community)], deleted_at=gone),
        op("rating_templates", template, "update", base[("rating_templates", template)], name="改"),
        op("streets", new_id(), name="新街道"),
    ]
    before = district.supervisor.pull_all()
    for attempt in attempts:
        result = caseworker.push_one(attempt)
        assert result["status"] == "refused", (attempt, result)
        assert result["reason"].startswith("only supervisors may change "), result
    assert district.supervisor.pull_all() == before
    # ...but still reads them, points at them, and adds a company or a community of their own.
    assert ("property_companies", company) in rows and ("streets", street) in rows
    own = caseworker.push(
        op("compounds", new_id(), community_id=community, name=f"新小区{company[:6]}",
           property_company_id=company),
        op("property_companies", new_id(), name=f"新物业{company[:6]}"),
        op("communities", new_id(), street_id=street, name=f"新社区{company[:6]}"),
    )
    assert [r["status"] for r in own] == ["applied"] * 3, own
    # Nor a record a supervisor hung on a district-wide row.
    photo = new_id()
    hung = district.supervisor.push_one(op("attachments", photo, owner_table="property_companies",
                                           owner_id=company, filename="执照.jpg", sha256="1" * 64))
    assert hung["status"] == "applied", hung
    for attempt in (op("attachments", photo, "update", hung["version"], filename="改.jpg"),
                    op("attachments", photo, "delete", hung["version"])):
        assert caseworker.push_one(attempt)["status"] == "refused"
    assert caseworker.rows()[("attachments", photo)]["fields"]["filename"] == "执照.jpg"
    renamed = district.supervisor.push_one(
        op("property_companies", company, "update", base[("property_companies", company)],
           name=f"主管改名{company[:6]}"))
    assert renamed["status"] == "applied", renamed


# --- undelete ------------------------------------------------------------------------------------

def test_undelete_brings_a_row_back_with_a_new_version(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    colleague = server.user("caseworker", STREET_A)
    compound, version = _compound(caseworker, district, note="要恢复的")
    deleted = caseworker.push_one(op("compounds", compound, "delete", version,
                                     deleted_at=datetime.now(UTC).isoformat()))
    assert deleted["status"] == "applied" and deleted["row"]["deleted_at"], deleted
    back = caseworker.push_one(op("compounds", compound, "undelete", deleted["version"]))
    assert back["status"] == "applied", back
    assert back["version"] > deleted["version"]
    assert back["row"]["deleted_at"] is None and back["row"]["deleted_by"] is None
    seen = colleague.rows()[("compounds", compound)]
    assert seen["deleted_at"] is None and seen["fields"]["note"] == "要恢复的"
    assert seen["version"] == back["version"]
    again = caseworker.push_one(op("compounds", compound, "undelete", back["version"]))
    # A row already live: as asked, no change (a restore whose delete the server refused).
    assert again["status"] == "applied" and again["version"] == back["version"], again
    assert again["row"]["deleted_at"] is None
    # Deleting it again works as before.
    assert caseworker.push_one(op("compounds", compound, "delete", back["version"]))["status"] == "applied"


def test_undelete_follows_the_update_rules(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    other = server.user("caseworker", STREET_B)
    compound, version = _compound(caseworker, district)
    deleted = caseworker.push_one(op("compounds", compound, "delete", version))
    company = _company(district)
    company_deleted = district.supervisor.push_one(op("property_companies", company, "delete", 0))
    assert company_deleted["status"] == "applied"
    audit = new_id()
    assert caseworker.push_one(_audit(audit, compound))["status"] == "applied"
    before = district.supervisor.pull_all()
    cases = {
        "outside": (other, op("compounds", compound, "undelete", deleted["version"])),
        "supervisors": (caseworker, op("property_companies", company, "undelete",
                                       company_deleted["version"])),
        "append-only": (caseworker, op("audit_entries", audit, "undelete", 0)),
        "no fields": (caseworker, {**op("compounds", compound, "undelete", deleted["version"]),
                                   "fields": {"note": "顺便改"}}),
    }
    for expected, (client, operation) in cases.items():
        result = client.push_one(operation)
        assert result["status"] == "refused", (expected, result)
        assert expected in result["reason"], (expected, result)
    assert district.supervisor.pull_all() == before
    assert district.supervisor.push_one(op("property_companies", company, "undelete",
                                           company_deleted["version"]))["status"] == "applied"


def test_undelete_that_would_duplicate_a_live_natural_key_is_refused_alone(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    name = f"同名{new_id()[:8]}"
    first, version = _compound(caseworker, district)
    assert caseworker.push_one(op("compounds", first, "update", version, name=name))["status"] == "applied"
    deleted = caseworker.push_one(op("compounds", first, "delete", version + 1))
    second = new_id()
    results = caseworker.push(
        op("compounds", second, community_id=district.communities[STREET_A], name=name),
        op("compounds", first, "undelete", deleted["version"]),
        op("units", new_id(), compound_id=second, building="1", room="101", area_m2="80"),
    )
    assert [r["status"] for r in results] == ["applied", "refused", "applied"], results
    assert "database refused" in results[1]["reason"]
    assert caseworker.rows()[("compounds", first)]["deleted_at"] is not None


# --- no existence probe -------------------------------------------------------------------------

def test_unknown_and_other_streets_ids_get_the_same_refusal(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    theirs, unknown = district.compounds[STREET_B], new_id()
    theirs_community, unknown_community = district.communities[STREET_B], new_id()

    def said(make: Any, target: str) -> str:
        result = caseworker.push_one(make(target))
        assert result["status"] == "refused" and result["row"] is None, result
        return str(result["reason"]).replace(target, "<id>")

    makers = [
        lambda t: op("compounds", t, "update", 5, note="探"),
        lambda t: op("compounds", t, "delete", 5),
        lambda t: op("compounds", t, "undelete", 5),
        lambda t: op("units", new_id(), compound_id=t, building="1", room="1", area_m2="50"),
        lambda t: op("elections", new_id(), compound_id=t),
    ]
    for make in makers:
        assert said(make, theirs) == said(make, unknown)
    community_insert = [
        lambda t: op("compounds", new_id(), community_id=t, name=f"探{new_id()[:6]}"),
        lambda t: op("communities", t, "update", 5, name="探"),
        lambda t: op("communities", t, "delete", 5),
    ]
    for make in community_insert:
        assert said(make, theirs_community) == said(make, unknown_community)
    # A record naming a row (audit entry, attachment) is taken alike for both: no tell either.
    for target in (theirs, unknown):
        named = caseworker.push(
            _audit(new_id(), target),
            op("attachments", new_id(), owner_table="compounds", owner_id=target, filename="a.jpg",
               sha256="0" * 64),
        )
        assert [r["status"] for r in named] == ["applied", "applied"], named


# --- history ------------------------------------------------------------------------------------

def test_server_stamps_who_and_when_of_a_caseworkers_history(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    compound, _ = _compound(caseworker, district)
    item, audit, event = new_id(), new_id(), new_id()
    before = datetime.now(UTC) - timedelta(seconds=1)
    results = caseworker.push(
        op("agenda_items", item, compound_id=compound, title="电梯", raised_on="2026-01-05"),
        _audit(audit, compound, at="2001-01-01T00:00:00+00:00", actor="区级主管"),
        op("agenda_stage_events", event, item_id=item, from_stage="listen", to_stage="discuss",
           at="2001-01-01T00:00:00+00:00", by="区级主管"),
    )
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert [r["status"] for r in results] == ["applied"] * 3, results
    rows = district.supervisor.rows()
    audit_row, event_row = rows[("audit_entries", audit)]["fields"], rows[("agenda_stage_events", event)]["fields"]
    assert audit_row["actor"] == caseworker.name and event_row["by"] == caseworker.name
    for stamped in (audit_row["at"], event_row["at"]):
        assert before <= datetime.fromisoformat(stamped) <= after, stamped
    assert results[1]["row"]["fields"]["actor"] == caseworker.name  # the client learns it too
    # The same entry sent again (a new op id: a restored store) is the same row, not a clash.
    again = caseworker.push_one(_audit(audit, compound, at="2001-01-01T00:00:00+00:00",
                                       actor="区级主管"))
    assert again["status"] == "applied", again


def test_supervisors_history_is_kept_as_sent(server: ServerHandle, district: District) -> None:
    """A supervisor restoring a backup pushes the district's history: its who and when stay."""
    audit = new_id()
    result = district.supervisor.push_one(_audit(
        audit, district.compounds[STREET_A], at="2024-05-06T07:08:09+00:00", actor="张三"))
    assert result["status"] == "applied"
    fields = result["row"]["fields"]
    assert (fields["actor"], fields["at"]) == ("张三", "2024-05-06T07:08:09+00:00")


def test_deletion_time_is_kept_only_within_the_devices_window(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    recent = (datetime.now(UTC) - timedelta(minutes=3)).replace(microsecond=0)
    backdated, honest, future = (_compound(caseworker, district) for _ in range(3))
    before = datetime.now(UTC) - timedelta(seconds=1)
    results = caseworker.push(
        op("compounds", backdated[0], "delete", backdated[1], deleted_at="2001-01-01T00:00:00+00:00"),
        op("compounds", honest[0], "delete", honest[1], deleted_at=recent.isoformat()),
        op("compounds", future[0], "delete", future[1], deleted_at="2100-01-01T00:00:00+00:00"),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "refused"], results
    assert "later than the server's clock by more than 10 minutes" in results[2]["reason"]
    rows = caseworker.rows()
    assert datetime.fromisoformat(rows[("compounds", backdated[0])]["deleted_at"]) >= before
    assert datetime.fromisoformat(rows[("compounds", honest[0])]["deleted_at"]) == recent
    assert rows[("compounds", future[0])]["deleted_at"] is None


def _signed(signer: Signer, client: Client, election: str, signed_at: str) -> tuple[str, dict[str, Any]]:
    row_id = new_id()
    body = {
        "id": row_id, "election_id": election, "checkpoint": "timing", "decision": "approved",
        "comment": "同意", "override_reason": "", "signer": client.name, "signed_at": signed_at,
        "content_hash": "ab" * 32, "key_id": signer.key_id, "revokes_id": None,
    }
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    signature = base64.b64encode(signer.key.sign(payload.encode("utf-8"))).decode()
    fields = {k: v for k, v in body.items() if k != "id"}
    return row_id, {**fields, "payload": payload, "signature": signature}


def test_sign_off_cannot_be_backdated_or_future_dated(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_id()
    assert caseworker.push_one(op("elections", election, compound_id=district.compounds[STREET_A]))[
        "status"] == "applied"
    for signed_at, expected in (
        ("2001-01-01T00:00:00+00:00", "field signed_at: earlier than this device's login"),
        ("2100-01-01T00:00:00+00:00", "field signed_at: later than the server's clock"),
    ):
        row_id, fields = _signed(signer, caseworker, election, signed_at)
        result = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
        assert result["status"] == "refused" and result["reason"].startswith(expected), result
        assert ("checkpoint_approvals", row_id) not in caseworker.rows()
    row_id, fields = _signed(signer, caseworker, election, datetime.now(UTC).isoformat())
    result = caseworker.push_one(op("checkpoint_approvals", row_id, **fields))
    assert "signed_at" not in str(result["reason"]), result  # the time is not what stops it
