"""Push outcomes (applied / merged / conflict / refused), idempotent replays and paged pulls."""

from __future__ import annotations

from typing import Any

from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op


def _new_compound(district: District, street: str = STREET_A, **fields: Any) -> tuple[str, int]:
    compound_id = new_id()
    result = district.supervisor.push_one(op(
        "compounds", compound_id, community_id=district.communities[street], name=f"测试{compound_id[:6]}",
        building_area_m2="5000.25", **fields))
    assert result["status"] == "applied", result
    return compound_id, result["version"]


def test_insert_then_update_in_one_push_is_applied(server: ServerHandle, district: District) -> None:
    compound_id = new_id()
    results = district.supervisor.push(
        op("compounds", compound_id, community_id=district.communities[STREET_A], name="一并花园",
           building_area_m2="1.10"),
        op("compounds", compound_id, "update", 0, note="第一次"),
        op("compounds", compound_id, "update", 0, note="第二次", households=12),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "applied"]
    versions = [r["version"] for r in results]
    assert versions == sorted(versions) and len(set(versions)) == 3
    row = results[-1]["row"]
    assert row["fields"]["note"] == "第二次" and row["fields"]["households"] == 12
    assert row["fields"]["building_area_m2"] == "1.10"
    assert row["updated_by"] == district.supervisor.name


def test_edits_of_different_fields_merge(server: ServerHandle, district: District) -> None:
    compound_id, version = _new_compound(district)
    other = server.user("supervisor")
    first = other.push_one(op("compounds", compound_id, "update", version, note="甲"))
    assert first["status"] == "applied"
    second = district.supervisor.push_one(op("compounds", compound_id, "update", version, households=77))
    assert second["status"] == "merged", second
    assert second["row"]["fields"]["note"] == "甲" and second["row"]["fields"]["households"] == 77
    assert second["version"] > first["version"]


def test_edits_of_the_same_field_conflict_and_server_value_stands(
    server: ServerHandle, district: District
) -> None:
    compound_id, version = _new_compound(district)
    other = server.user("supervisor")
    assert other.push_one(op("compounds", compound_id, "update", version, note="服务器"))["status"] == "applied"
    result = district.supervisor.push_one(
        op("compounds", compound_id, "update", version, note="客户端", address="新地址"))
    assert result["status"] == "conflict"
    assert result["conflicts"] == [{"field": "note", "server_value": "服务器", "client_value": "客户端"}]
    assert result["row"]["fields"]["note"] == "服务器"
    assert result["row"]["fields"]["address"] == "新地址"
    # Pushing the value the server already has is no conflict.
    same = district.supervisor.push_one(op("compounds", compound_id, "update", version, note="服务器"))
    assert same["status"] != "conflict"


def test_delete_against_edit_is_a_conflict_not_a_silent_win(
    server: ServerHandle, district: District
) -> None:
    compound_id, version = _new_compound(district)
    other = server.user("supervisor")
    other.push_one(op("compounds", compound_id, "update", version, note="还在用"))
    deleted_at = "2026-01-02T03:04:05+00:00"
    result = district.supervisor.push_one(op("compounds", compound_id, "delete", version,
                                             deleted_at=deleted_at, deleted_by="x"))
    assert result["status"] == "conflict"
    assert result["conflicts"] == [{"field": "__deleted__", "server_value": None,
                                    "client_value": deleted_at}]
    assert result["row"]["deleted_at"] is None
    # The other way round: an edit against a delete.
    compound2, version2 = _new_compound(district)
    assert other.push_one(op("compounds", compound2, "delete", version2,
                             deleted_at=deleted_at))["status"] == "applied"
    edit = district.supervisor.push_one(op("compounds", compound2, "update", version2, note="改"))
    assert edit["status"] == "conflict"
    assert edit["conflicts"][0]["field"] == "__deleted__"
    assert edit["row"]["deleted_at"] is not None and edit["row"]["fields"]["note"] == "改"


def test_plain_delete_leaves_a_tombstone_that_pulls(server: ServerHandle, district: District) -> None:
    compound_id, version = _new_compound(district)
    result = district.supervisor.push_one(op("compounds", compound_id, "delete", version,
                                             deleted_at="2026-01-02T03:04:05+08:00"))
    assert result["status"] == "applied"
    pulled = district.supervisor.rows()[("compounds", compound_id)]
    assert pulled["deleted_at"] == "2026-01-01T19:04:05+00:00"
    assert pulled["version"] == result["version"]


def test_replayed_op_returns_first_result_and_changes_nothing(
    server: ServerHandle, district: District
) -> None:
    compound_id, version = _new_compound(district)
    edit = op("compounds", compound_id, "update", version, note="一次")
    first = district.supervisor.push_one(edit)
    before = district.supervisor.pull_all()
    again = district.supervisor.push_one(edit)
    assert again == first
    assert district.supervisor.pull_all() == before
    altered = {**edit, "fields": {"note": "两次"}}
    refused = district.supervisor.push_one(altered)
    assert refused["status"] == "refused" and "different payload" in refused["reason"]
    assert district.supervisor.pull_all() == before


def test_refusals_name_the_problem_and_change_nothing(server: ServerHandle, district: District) -> None:
    compound_id, version = _new_compound(district)
    before = district.supervisor.pull_all()
    cases = {
        "unknown table no_such_table": op("no_such_table", new_id(), x=1),
        "unknown field compounds.colour": op("compounds", compound_id, "update", version, colour="red"),
        "field households": op("compounds", compound_id, "update", version, households="many"),
        "field building_area_m2": op("compounds", compound_id, "update", version, building_area_m2="NaN"),
        "field delivered_on": op("compounds", compound_id, "update", version, delivered_on="2026-13-01"),
        "field name": op("compounds", compound_id, "update", version, name="长" * 81),
        "field name: a value is required": op("compounds", compound_id, "update", version, name=None),
        "field name is required": op("compounds", new_id(), community_id=district.communities[STREET_A]),
        "is not on the server": op("compounds", new_id(), community_id=new_id(), name="孤儿"),
        "row": op("compounds", new_id(), "update", 0, note="没有这一行"),
        "append-only": op("audit_entries", new_id(), "update", 0, summary="{}"),
    }
    for expected, operation in cases.items():
        result = district.supervisor.push_one(operation)
        assert result["status"] == "refused", (expected, result)
        assert expected in result["reason"], (expected, result["reason"])
        assert result["version"] is None
        if operation["row_id"] == compound_id:  # a row on the server comes back as it stands
            assert result["row"]["version"] == version, (expected, result)
        else:
            assert result["row"] is None, (expected, result)
    assert district.supervisor.pull_all() == before


def test_unique_constraint_is_a_refusal_not_an_error(server: ServerHandle, district: District) -> None:
    results = district.supervisor.push(
        op("streets", new_id(), name=STREET_A),
        op("property_companies", new_id(), name="同名物业"),
    )
    assert results[0]["status"] == "refused" and "database refused" in results[0]["reason"]
    assert results[1]["status"] == "applied"


def test_sql_looking_strings_are_stored_verbatim(server: ServerHandle, district: District) -> None:
    nasty = "'; DROP TABLE compounds; -- \" OR 1=1 /* 小区 */"
    compound_id, version = _new_compound(district, note=nasty, address="Robert'); --")
    rows = district.supervisor.rows()
    assert rows[("compounds", compound_id)]["fields"]["note"] == nasty
    assert rows[("compounds", compound_id)]["fields"]["address"] == "Robert'); --"
    assert sum(1 for table, _ in rows if table == "compounds") >= 3
    weird_table = district.supervisor.push_one(op("compounds; DROP TABLE streets", new_id(), name="x"))
    assert weird_table["status"] == "refused"
    weird_field = district.supervisor.push_one(
        op("compounds", compound_id, "update", version, **{"name = 'x' --": "y"}))
    assert weird_field["status"] == "refused"
    assert len(district.supervisor.rows()) == len(rows)


def test_pull_pages_in_version_order_without_gaps_or_repeats(
    server: ServerHandle, district: District
) -> None:
    for _ in range(3):
        _new_compound(district)
    everything = district.supervisor.pull_all(limit=5000)
    paged = district.supervisor.pull_all(limit=2)
    assert paged == everything
    versions = [c["version"] for c in everything]
    assert versions == sorted(versions) and len(versions) == len(set(versions))
    response = district.supervisor.http.get("/api/v1/pull", params={"since": versions[-1], "limit": 10})
    assert response.json() == {"changes": [], "next": versions[-1], "more": False}
    for params in ({"since": -1}, {"limit": 0}, {"limit": 5001}, {"since": "x"}):
        bad = district.supervisor.http.get("/api/v1/pull", params=params)
        assert bad.status_code == 422 and bad.json()["error"]


def test_moving_a_compound_to_another_street_moves_its_children(
    server: ServerHandle, district: District
) -> None:
    from tests.server.helpers import STREET_B

    compound_id, version = _new_compound(district)
    unit_id = new_id()
    district.supervisor.push_one(op("units", unit_id, compound_id=compound_id, building="1",
                                    room="101", area_m2="88.5"))
    caseworker_b = server.user("caseworker", STREET_B)
    assert ("units", unit_id) not in caseworker_b.rows()
    moved = district.supervisor.push_one(op("compounds", compound_id, "update", version,
                                            community_id=district.communities[STREET_B]))
    assert moved["status"] == "applied"
    rows = caseworker_b.rows()
    assert ("compounds", compound_id) in rows and ("units", unit_id) in rows
