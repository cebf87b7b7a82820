"""Brief push answers (`"brief": true`, server/push.py) attacked with crafted pushes on SQLite and
PostgreSQL: odd `brief` values, replays across brief and whole answers, two devices of one user,
another street's rows, chains of one row in one push, unchanged fields, stale bases, server-stamped
history, refusals before applied ops, hostile op ids (the brief text is written by hand). The
background ANALYZE is attacked in test_analyze_hostile.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from server.push import _RECORD, Op, PushSession, _brief_result
from server.wire import stamp_object
from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op

HOSTILE_OP_IDS = [
    'q"uote', "back\\slash", "\\", '"', "\\u0041", "é", "𠀋😀", "a\tb", "line\nbreak", "\x01\x1f",
    "\x7f", "\u2028\u2029", "</script>", "{\"op_id\":1}", "\ufeff", "null", " ",
]


def _unit(district: District, room: str, **extra: Any) -> dict[str, Any]:
    return op("units", new_id(), compound_id=district.compounds[STREET_A], building="刁难",
              room=f"{room}-{new_id()[:8]}", area_m2="70.00", owner_name="业主甲", **extra)


def _raw(client: Client, body: Any) -> Any:
    return client.http.post("/api/v1/push", content=json.dumps(body).encode(),
                            headers={"content-type": "application/json"})


def _pulled(client: Client, table: str, row_id: str) -> dict[str, Any]:
    return client.rows()[(table, row_id)]


def _assert_brief(result: dict[str, Any], pulled: dict[str, Any]) -> None:
    """A brief answer: no row, the server's version and stamp of the row as a pull shows it."""
    assert result["status"] == "applied" and result["row"] is None, result
    assert result["version"] == pulled["version"], (result, pulled)
    assert result["stamp"] == {"updated_at": pulled["updated_at"],
                               "updated_by": pulled["updated_by"]}, (result, pulled)


# --- the flag itself -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", [None, {}, [], 2, 1.5, "", "maybe", {"brief": True}, [True]])
def test_a_brief_flag_of_another_type_refuses_the_request_and_applies_nothing(
        server: ServerHandle, district: District, flag: Any) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "1")
    response = _raw(caseworker, {"ops": [insert], "brief": flag})
    assert response.status_code == 422, (flag, response.status_code, response.text)
    assert response.json()["error"]["code"] == "invalid_request", response.text
    assert ("units", insert["row_id"]) not in caseworker.rows()


@pytest.mark.parametrize(("flag", "brief"), [(True, True), (False, False), ("true", True),
                                             (1, True), (0, False), ("false", False)])
def test_a_brief_flag_read_as_true_or_false_answers_accordingly(
        server: ServerHandle, district: District, flag: Any, brief: bool) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "2")
    response = _raw(caseworker, {"ops": [insert], "brief": flag})
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "applied"
    assert (result["row"] is None) is brief, result
    assert ("stamp" in result) is brief, result


# --- replays -------------------------------------------------------------------------------


def test_an_op_first_answered_whole_replays_whole_to_a_brief_push(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "3")
    [first] = caseworker.push(insert)
    assert first["row"] is not None
    update = op("units", insert["row_id"], "update", first["version"], owner_name="业主乙")
    # The replayed insert comes back whole: the row's later op in this push is answered whole
    # too (the client settles the row from its newest answer).
    again, updated = caseworker.push(insert, update, brief=True)
    assert again == first
    assert updated["status"] == "applied" and updated["row"] is not None, updated
    assert updated["row"]["fields"]["owner_name"] == "业主乙"
    assert updated["row"] == {**_pulled(caseworker, "units", insert["row_id"])}


def test_an_op_first_answered_briefly_replays_briefly_and_never_as_another_op(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "4")
    [first] = caseworker.push(insert, brief=True)
    assert first["row"] is None
    assert caseworker.push(insert) == [first]  # its first answer, as it was
    # The same op id with another payload, brief or not: refused, nothing applied.
    forged = {**insert, "fields": {**insert["fields"], "owner_name": "冒名"}}
    for brief in (True, False):
        [reused] = caseworker.push(forged, brief=brief)
        assert reused["status"] == "refused" and reused["error"]["code"] == "op_id_reused"
        assert "stamp" not in reused
    assert _pulled(caseworker, "units", insert["row_id"])["fields"]["owner_name"] == "业主甲"


def test_another_user_replaying_an_op_id_learns_no_stamp(
        server: ServerHandle, district: District) -> None:
    mine, theirs = server.user("caseworker", STREET_A), server.user("caseworker", STREET_A)
    insert = _unit(district, "5")
    mine.push(insert, brief=True)
    [answer] = theirs.push(insert, brief=True)
    assert answer["status"] == "refused" and answer["error"]["code"] == "op_id_reused", answer
    assert "stamp" not in answer


def test_a_duplicated_op_in_one_brief_push_is_answered_twice_the_same(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "6")
    first, second = caseworker.push(insert, insert, brief=True)
    assert first == second
    _assert_brief(first, _pulled(caseworker, "units", insert["row_id"]))


# --- two devices of one user, other streets --------------------------------------------------


def test_two_devices_of_one_user_merge_rather_than_answer_briefly(
        server: ServerHandle, district: District) -> None:
    laptop = server.user("caseworker", STREET_A)
    tablet = Client(server.base_url, laptop.name)  # the same account, another device token
    server.clients.append(tablet)
    insert = _unit(district, "7")
    [first] = laptop.push(insert, brief=True)
    [theirs] = tablet.push(op("units", insert["row_id"], "update", first["version"],
                              phone="13900000000"), brief=True)
    assert theirs["row"] is None
    [mine] = laptop.push(op("units", insert["row_id"], "update", first["version"],
                            owner_name="业主丙"), brief=True)
    assert mine["status"] == "merged" and mine["row"] is not None, mine
    assert mine["row"] == _pulled(laptop, "units", insert["row_id"])


def test_another_streets_row_is_refused_without_a_stamp_or_row(
        server: ServerHandle, district: District) -> None:
    owner = server.user("caseworker", STREET_A)
    intruder = server.user("caseworker", STREET_B)
    insert = _unit(district, "8")
    [first] = owner.push(insert, brief=True)
    attacks = [
        op("units", insert["row_id"], "update", first["version"], owner_name="入侵"),
        op("units", insert["row_id"], "update", 0, owner_name="业主甲"),  # unchanged value
        {**insert, "op_id": new_id()},  # its insert again, new op id
        op("units", new_id(), compound_id=district.compounds[STREET_A], building="x", room="9",
           area_m2="1"),
    ]
    for attack in attacks:
        [answer] = intruder.push(attack, brief=True)
        assert answer["status"] == "refused", answer
        assert answer["row"] is None and "stamp" not in answer, answer
    assert _pulled(owner, "units", insert["row_id"])["version"] == first["version"]


# --- one row's ops in one push -----------------------------------------------------------------


def test_insert_update_delete_undelete_update_of_one_row_in_one_brief_push(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "10")
    row_id = insert["row_id"]
    ops = [insert,
           op("units", row_id, "update", 0, owner_name="一"),
           op("units", row_id, "delete", 0),
           op("units", row_id, "undelete", 0),
           op("units", row_id, "update", 0, owner_name="二")]
    results = caseworker.push(*ops, brief=True)
    assert [r["status"] for r in results] == ["applied"] * 5, results
    assert [r["row"] is None for r in results] == [True, True, False, False, False], results
    versions = [r["version"] for r in results]
    assert versions == sorted(versions) and len(set(versions)) == 5
    pulled = _pulled(caseworker, "units", row_id)
    assert results[-1]["row"] == pulled
    assert pulled["fields"]["owner_name"] == "二" and pulled["deleted_at"] is None
    assert caseworker.push(*ops, brief=True) == results  # replayed as first answered


def test_insert_then_updates_of_one_row_answer_the_newest_stamp_last(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "11")
    ops = [insert] + [op("units", insert["row_id"], "update", 0, owner_name=f"第{n}")
                      for n in range(3)]
    results = caseworker.push(*ops, brief=True)
    assert all(r["row"] is None for r in results), results
    _assert_brief(results[-1], _pulled(caseworker, "units", insert["row_id"]))


def test_an_update_naming_only_unchanged_fields_answers_the_rows_own_stamp(
        server: ServerHandle, district: District) -> None:
    """Nothing written: the answer's version and stamp are the row's as they stand (another
    user's), not this push's time."""
    writer, idle = server.user("caseworker", STREET_A), server.user("caseworker", STREET_A)
    insert = _unit(district, "12")
    [first] = writer.push(insert, brief=True)
    [same] = idle.push(op("units", insert["row_id"], "update", first["version"],
                          owner_name="业主甲", room=insert["fields"]["room"]), brief=True)
    pulled = _pulled(idle, "units", insert["row_id"])
    _assert_brief(same, pulled)
    assert same["stamp"]["updated_by"] == writer.name


def test_a_stale_base_after_another_devices_change_is_never_brief(
        server: ServerHandle, district: District) -> None:
    mine, theirs = server.user("caseworker", STREET_A), server.user("caseworker", STREET_A)
    insert = _unit(district, "13")
    [first] = mine.push(insert, brief=True)
    theirs.push(op("units", insert["row_id"], "update", first["version"], owner_name="他们"),
                brief=True)
    same_field = op("units", insert["row_id"], "update", first["version"], owner_name="我们")
    same_value = op("units", insert["row_id"], "update", first["version"], owner_name="他们")
    other_field = op("units", insert["row_id"], "update", first["version"], phone="1")
    conflict, merged_same, merged_other = mine.push(same_field, same_value, other_field,
                                                    brief=True)
    assert conflict["status"] == "conflict" and conflict["row"] is not None
    assert merged_same["row"] is not None and merged_same["status"] != "applied", merged_same
    assert merged_other["row"] is not None and merged_other["status"] == "merged"
    assert merged_other["row"] == _pulled(mine, "units", insert["row_id"])


def test_a_refusal_with_the_row_then_applied_ops_carry_the_row(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "14")
    results = caseworker.push(
        insert, op("units", insert["row_id"], "update", 0, area_m2="-1"),
        op("units", insert["row_id"], "update", 0, owner_name="后来"),
        op("units", insert["row_id"], "update", 0, room=new_id()[:8]), brief=True)
    assert [r["status"] for r in results] == ["applied", "refused", "applied", "applied"]
    assert [r["row"] is None for r in results] == [True, False, False, False], results
    assert results[-1]["row"] == _pulled(caseworker, "units", insert["row_id"])


def test_a_refusal_without_a_row_leaves_the_next_op_brief_and_right(
        server: ServerHandle, district: District) -> None:
    """An update of a row not yet there is refused without a row; the row's insert after it is
    taken as sent and answered briefly."""
    caseworker = server.user("caseworker", STREET_A)
    insert = _unit(district, "15")
    early = op("units", insert["row_id"], "update", 0, owner_name="太早")
    refused, applied = caseworker.push(early, insert, brief=True)
    assert refused["status"] == "refused" and refused["row"] is None
    _assert_brief(applied, _pulled(caseworker, "units", insert["row_id"]))


def test_brief_answers_on_the_savepoint_path_after_a_database_refusal(
        server: ServerHandle, district: District) -> None:
    """A unique clash the database refuses (past COPY's threshold on PostgreSQL) redoes the
    batch op by op: the answers of the redo are brief and right, and replay as given."""
    caseworker = server.user("caseworker", STREET_A)
    inserts = [_unit(district, f"s{n}") for n in range(70)]
    clash = {**_unit(district, "x"), "fields": {**inserts[0]["fields"]}}
    update = op("units", inserts[0]["row_id"], "update", 0, owner_name="重做之后")
    ops = [*inserts[:35], clash, *inserts[35:], update]
    results = caseworker.push(*ops, brief=True)
    refused = results[35]
    assert refused["status"] == "refused" and refused["row"] is None, refused
    assert "stamp" not in refused
    rows = caseworker.rows()
    assert ("units", clash["row_id"]) not in rows
    for operation, result in zip(ops, results, strict=True):
        if operation is not clash and operation["row_id"] != inserts[0]["row_id"]:
            _assert_brief(result, rows[("units", operation["row_id"])])
    _assert_brief(results[-1], rows[("units", inserts[0]["row_id"])])
    assert rows[("units", inserts[0]["row_id"])]["fields"]["owner_name"] == "重做之后"
    assert caseworker.push(*ops) == results


# --- history the server stamps ------------------------------------------------------------------


def test_a_caseworkers_stage_event_is_answered_whole_with_the_servers_stamp(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    item = op("agenda_items", new_id(), compound_id=district.compounds[STREET_A], title="漏水",
              raised_on="2026-01-05")
    event = op("agenda_stage_events", new_id(), item_id=item["row_id"], from_stage="listen",
               to_stage="discuss", at="2026-01-06T01:00:00+00:00", by="冒名")
    applied_item, applied_event = caseworker.push(item, event, brief=True)
    assert applied_item["row"] is None
    assert applied_event["status"] == "applied" and applied_event["row"] is not None
    assert applied_event["row"]["fields"]["by"] == caseworker.name
    assert applied_event["row"]["fields"]["at"] != "2026-01-06T01:00:00+00:00"
    # Re-sent with a new op id (a restored laptop): the stored row again, never a stamp.
    [again] = caseworker.push({**event, "op_id": new_id()}, brief=True)
    assert again["row"] == applied_event["row"] and "stamp" not in again


def test_a_supervisors_history_is_taken_as_sent_and_brief(
        server: ServerHandle, district: District) -> None:
    supervisor = server.user("supervisor")
    record = op("audit_entries", new_id(), at="2026-01-10T01:00:00+00:00", actor="导入",
                action="import", table_name="compounds")
    [answer] = supervisor.push(record, brief=True)
    pulled = _pulled(supervisor, "audit_entries", record["row_id"])
    _assert_brief(answer, pulled)
    assert pulled["fields"]["actor"] == "导入"


# --- hostile op ids and the hand-written text ---------------------------------------------------


@pytest.mark.parametrize("op_id", [*HOSTILE_OP_IDS, "\ud800", "x\udfff"])
def test_brief_text_is_what_the_json_encoder_writes(op_id: str) -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    for name in ("cw", 'q"\\名', "\u2028"):
        stamp = stamp_object({"updated_at": now, "updated_by": name})
        session = SimpleNamespace(_stamp=((now, name), stamp, _RECORD.encode(stamp)))
        result = _brief_result(Op(op_id, "units", "r", "insert", 0), 2**53 + 1, stamp)
        written = PushSession.brief_text(session, result)  # type: ignore[arg-type]
        assert written == _RECORD.encode(result)
        assert json.loads(written) == result == json.loads(json.dumps(result))


def test_hostile_op_ids_get_valid_brief_answers_that_replay_byte_for_byte(
        server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    suffix = new_id()[:8]
    ops = [{**_unit(district, f"h{n}"), "op_id": f"{odd}{suffix}"}
           for n, odd in enumerate(HOSTILE_OP_IDS)]
    first = _raw(caseworker, {"ops": ops, "brief": True})
    assert first.status_code == 200, first.text
    first.content.decode("utf-8")  # strictly valid UTF-8
    results = first.json()["results"]
    assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
    assert all(r["status"] == "applied" and r["row"] is None for r in results), results
    rows = caseworker.rows()
    for operation, result in zip(ops, results, strict=True):
        _assert_brief(result, rows[("units", operation["row_id"])])
    again = _raw(caseworker, {"ops": ops, "brief": False})
    assert again.status_code == 200 and again.json()["results"] == results
    assert again.content.split(b'"after"')[0] == first.content.split(b'"after"')[0]
