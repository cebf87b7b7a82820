"""One bad op never fails a batch: values no database can take are refused op by op with a
reason, the rest is applied, and the HTTP layer answers hostile bodies with a 4xx JSON error —
never a 5xx. And a batch whose references are satisfied within it (parents first, a cycle broken
by insert-then-update) is taken on both the fast and the savepoint path."""

from __future__ import annotations

import json
from typing import Any

from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op


def _raw_push(client: Client, body: bytes) -> Any:
    return client.http.post("/api/v1/push", content=body,
                            headers={"content-type": "application/json"})


def _unique_clash(district: District) -> dict[str, Any]:
    """An op the database refuses (a street name taken): the batch is redone with savepoints."""
    return op("streets", new_id(), name=STREET_B)


def test_bad_values_refuse_their_op_and_the_batch_goes_on(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    good = [op("units", new_id(), compound_id=compound, building="9", room=f"{i}01", area_m2="70")
            for i in range(4)]
    bad = [
        op("agenda_items", new_id(), compound_id=compound, title="\ud800坏", raised_on="2026-01-05"),
        op("meetings", new_id(), compound_id=compound, held_at="9999-12-31T23:59-05:00"),
        op("units", new_id(), compound_id=compound, building="1", room="1", area_m2="70",
           **{"n\ud800": "x"}),
        op("compounds", compound, "delete", 1, deleted_at="9999-12-31T23:59-05:00"),
        op("units", new_id(), compound_id=compound, building=[[[[[["深"]]]]]], room="1", area_m2="1"),
    ]
    ops = [good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3], bad[4], good[3]]
    body = json.dumps({"ops": ops}).encode()  # lone surrogates as JSON escapes, as a client sends
    response = _raw_push(caseworker, body)
    assert response.status_code == 200, response.text
    response.content.decode("utf-8")  # strictly valid UTF-8
    results = response.json()["results"]
    statuses = {r["op_id"]: r["status"] for r in results}
    assert [statuses[o["op_id"]] for o in good] == ["applied"] * 4, results
    for operation in bad:
        result = next(r for r in results if r["op_id"] == operation["op_id"])
        assert result["status"] == "refused" and result["reason"], result
        assert "\ud800" not in result["reason"]
    rows = caseworker.rows()
    assert all(("units", o["row_id"]) in rows for o in good)
    assert not any((o["table"], o["row_id"]) in rows for o in bad if o["op"] == "insert")
    assert rows[("compounds", compound)]["deleted_at"] is None
    # The same batch again: every answer is the first one (the refusals were recorded too).
    again = _raw_push(caseworker, body)
    assert again.status_code == 200 and again.json()["results"] == results


def test_bad_values_on_the_savepoint_path_too(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    compound = district.compounds[STREET_A]
    unit = new_id()
    ops = [
        op("meetings", new_id(), compound_id=compound, held_at="9999-12-31T23:59-05:00"),
        op("units", unit, compound_id=compound, building="8", room="801", area_m2="60"),
        op("agenda_items", new_id(), compound_id=compound, title="\udfff", raised_on="2026-01-05"),
        _unique_clash(district),
    ]
    response = _raw_push(district.supervisor, json.dumps({"ops": ops}).encode())
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["refused", "applied", "refused", "refused"]
    assert ("units", unit) in caseworker.rows()


def test_hostile_bodies_get_a_4xx_json_error(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    deep = 100_000
    bodies = [
        json.dumps({"ops": [{**op("compounds", new_id(), name="x"), "op_id": "\ud800"}]}).encode(),
        json.dumps({"ops": [op("no\udc00table", new_id(), name="x")]}).encode(),
        b'{"ops": [' + b"[" * deep + b"]" * deep + b"]}",
        b'{"ops": [{"op_id": "a", "table": "compounds", "row_id": "\xed\xa0\x80", "op": "insert"}]}',
        b'{"ops": [{"op_id": "a", "table": "compounds", "row_id": "x", "op": "upsert"}]}',
    ]
    for body in bodies:
        response = _raw_push(caseworker, body)
        assert 400 <= response.status_code < 500, (body[:80], response.status_code, response.text)
        response.content.decode("utf-8")
        error = response.json()["error"]
        assert error["code"] in {"malformed_json", "invalid_request"} and error["message"], error


def test_cycle_broken_by_insert_then_update_is_taken_in_one_batch(
    server: ServerHandle, district: District
) -> None:
    """A restored store pushes a compound without its liaison member, the member, then the
    compound's liaison (H3's client order): every op applied, on both paths."""
    supervisor = district.supervisor
    for slow in (False, True):
        compound, member, election, candidate = new_id(), new_id(), new_id(), new_id()
        ops = [
            op("compounds", compound, community_id=district.communities[STREET_A],
               name=f"循环{compound[:6]}"),
            op("party_members", member, name="联络员", compound_id=compound),
            op("elections", election, compound_id=compound),
            op("candidates", candidate, election_id=election, name="候选人"),
            op("compounds", compound, "update", 0, liaison_member_id=member),
        ] + ([_unique_clash(district)] if slow else [])
        results = supervisor.push(*ops)
        assert [r["status"] for r in results[:5]] == ["applied"] * 5, (slow, results)
        rows = supervisor.rows()
        assert rows[("compounds", compound)]["fields"]["liaison_member_id"] == member
        assert ("candidates", candidate) in rows


def test_a_child_before_its_parent_is_refused_and_says_why(server: ServerHandle, district: District) -> None:
    """Forward references are the client's to order (parents first): the server refuses them
    with a reason naming the missing parent, and takes the parent."""
    supervisor = district.supervisor
    compound, unit = new_id(), new_id()
    results = supervisor.push(
        op("units", unit, compound_id=compound, building="1", room="1", area_m2="50"),
        op("compounds", compound, community_id=district.communities[STREET_A], name=f"后到{compound[:6]}"),
    )
    assert [r["status"] for r in results] == ["refused", "applied"], results
    assert f"field compound_id: compounds row {compound} is not on the server" in results[0]["reason"]
