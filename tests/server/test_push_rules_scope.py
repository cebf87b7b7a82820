"""A row's street follows the row it belongs to: moving a party branch moves the branch and what
hangs on it alone (a member with a compound stays with the compound), and the street a row left
is told to drop it (pull's `gone` entries), on the real server over SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.server.helpers import STREET_A, STREET_B, Client, District, ServerHandle, new_id, op


def _pull_page(client: Client, since: int, limit: int = 1000) -> dict[str, Any]:
    response = client.http.get("/api/v1/pull", params={"since": since, "limit": limit})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _pull_everything(client: Client, since: int, limit: int) -> tuple[list[Any], list[Any], int]:
    changes: list[Any] = []
    gone: list[Any] = []
    while True:
        page = _pull_page(client, since, limit)
        changes += page["changes"]
        gone += page.get("gone", [])
        assert len(page["changes"]) + len(page.get("gone", [])) <= limit
        since = page["next"]
        if not page["more"]:
            return changes, gone, since


def _cursor(client: Client) -> int:
    return _pull_everything(client, 0, 5000)[2]


def test_moving_a_branch_moves_only_what_belongs_to_it(server: ServerHandle, district: District) -> None:
    supervisor = district.supervisor
    compound_a = district.compounds[STREET_A]
    branch, resident, floating, link, evaluation = (new_id() for _ in range(5))
    results = supervisor.push(
        op("party_branches", branch, community_id=district.communities[STREET_A], name="联合支部"),
        op("party_members", resident, name="王五", phone="13800000000", compound_id=compound_a,
           branch_id=branch),
        op("party_members", floating, name="赵六", branch_id=branch),  # no compound: the branch's
        op("branch_compounds", link, branch_id=branch, compound_id=compound_a),
        op("evaluations", evaluation, compound_id=compound_a, branch_id=branch, target="committee",
           year=2026, score="90", evaluated_on="2026-06-01"),
    )
    assert [r["status"] for r in results] == ["applied"] * 5, results
    in_a, in_b = server.user("caseworker", STREET_A), server.user("caseworker", STREET_B)
    cursor_a = _cursor(in_a)
    version = int(results[0]["version"])
    moved = supervisor.push_one(op("party_branches", branch, "update", version,
                                   community_id=district.communities[STREET_B]))
    assert moved["status"] == "applied", moved

    seen_b = in_b.rows()
    assert ("party_branches", branch) in seen_b and ("party_members", floating) in seen_b
    for stays in (("party_members", resident), ("branch_compounds", link), ("evaluations", evaluation)):
        assert stays not in seen_b, stays  # the resident's name and phone stay in street A
        assert stays in in_a.rows(), stays

    changes, gone, _ = _pull_everything(in_a, cursor_a, 1000)
    assert {(g["table"], g["id"]) for g in gone} == {("party_branches", branch), ("party_members", floating)}
    assert all(g["gone"] is True and g["version"] > cursor_a for g in gone)
    assert not {(c["table"], c["id"]) for c in changes} & {(g["table"], g["id"]) for g in gone}
    assert supervisor.rows()[("party_members", resident)]["fields"]["branch_id"] == branch


def test_a_street_drops_a_moved_compound_and_gets_it_back(server: ServerHandle, district: District) -> None:
    supervisor = district.supervisor
    compound, unit, election, audit, photo = new_id(), new_id(), new_id(), new_id(), new_id()
    history = op("audit_entries", audit, at="2026-01-01T00:00:00+00:00", action="update",
                 table_name="units", summary='{"phone": "13800000000"}')
    history["fields"]["row_id"] = unit  # the unit's history holds the owner's phone
    results = supervisor.push(
        op("compounds", compound, community_id=district.communities[STREET_A], name=f"搬迁{compound[:6]}"),
        op("units", unit, compound_id=compound, building="1", room="101", area_m2="88.5"),
        op("elections", election, compound_id=compound),
        history,
        op("attachments", photo, owner_table="units", owner_id=unit, filename="房.jpg", sha256="0" * 64),
    )
    assert [r["status"] for r in results] == ["applied"] * 5, results
    in_a, in_b = server.user("caseworker", STREET_A), server.user("caseworker", STREET_B)
    cursor_a, cursor_b = _cursor(in_a), _cursor(in_b)
    away = supervisor.push_one(op("compounds", compound, "update", int(results[0]["version"]),
                                  community_id=district.communities[STREET_B]))
    assert away["status"] == "applied"
    moved = {("compounds", compound), ("units", unit), ("elections", election),
             ("audit_entries", audit), ("attachments", photo)}

    _, gone, cursor_a = _pull_everything(in_a, cursor_a, 1)  # paged one entry at a time
    assert {(g["table"], g["id"]) for g in gone} == moved
    assert gone[0]["table"] == "compounds"  # the parent first
    changes_b, gone_b, cursor_b = _pull_everything(in_b, cursor_b, 1000)
    assert moved <= {(c["table"], c["id"]) for c in changes_b} and not gone_b

    back = supervisor.push_one(op("compounds", compound, "update", away["version"],
                                  community_id=district.communities[STREET_A]))
    assert back["status"] == "applied"
    changes_a, gone_a, _ = _pull_everything(in_a, cursor_a, 1000)
    assert moved <= {(c["table"], c["id"]) for c in changes_a} and not gone_a
    _, gone_b, _ = _pull_everything(in_b, cursor_b, 1000)
    assert {(g["table"], g["id"]) for g in gone_b} == moved
    # Pulled from the start, street A has the rows and nothing to drop (they are back).
    changes, gone, _ = _pull_everything(in_a, 0, 3)
    assert moved <= {(c["table"], c["id"]) for c in changes}
    assert not moved & {(g["table"], g["id"]) for g in gone}


def test_pull_answer_without_departures_is_unchanged_for_old_clients(
    server: ServerHandle, district: District
) -> None:
    caseworker = server.user("caseworker", STREET_A)
    cursor = _cursor(caseworker)
    compound = new_id()
    assert caseworker.push_one(op("compounds", compound, community_id=district.communities[STREET_A],
                                  name=f"新{compound[:6]}"))["status"] == "applied"
    page = _pull_page(caseworker, cursor)
    assert set(page) == {"changes", "next", "more"}
    assert [c["id"] for c in page["changes"]] == [compound]
    supervisor_page = _pull_page(district.supervisor, 0, 5000)  # supervisors never drop rows
    assert set(supervisor_page) == {"changes", "next", "more"}


def test_a_record_about_another_streets_row_stays_where_it_was_written(
    server: ServerHandle, district: District
) -> None:
    """A caseworker's audit entry naming a row they cannot see is kept in their own street; when
    that row moves on, the entry does not travel into a third street with it."""
    supervisor = district.supervisor
    street_c, community_c, compound = new_id(), new_id(), new_id()
    name_c = f"第三街道{street_c[:6]}"
    results = supervisor.push(
        op("streets", street_c, name=name_c),
        op("communities", community_c, street_id=street_c, name="丙社区"),
        op("compounds", compound, community_id=district.communities[STREET_B], name=f"乙{compound[:6]}"),
    )
    assert [r["status"] for r in results] == ["applied"] * 3, results
    in_a, in_c = server.user("caseworker", STREET_A), server.user("caseworker", name_c)
    planted = op("audit_entries", new_id(), at="2026-01-01T00:00:00+00:00", action="update",
                 table_name="compounds", summary='{"note": "写进别的街道"}')
    planted["fields"]["row_id"] = compound
    assert in_a.push_one(planted)["status"] == "applied"
    cursor_a = _cursor(in_a)
    moved = supervisor.push_one(op("compounds", compound, "update", int(results[2]["version"]),
                                   community_id=community_c))
    assert moved["status"] == "applied"
    assert ("compounds", compound) in in_c.rows()
    assert ("audit_entries", planted["row_id"]) not in in_c.rows()
    _, gone, _ = _pull_everything(in_a, cursor_a, 1000)
    assert ("audit_entries", planted["row_id"]) not in {(g["table"], g["id"]) for g in gone}
    assert ("audit_entries", planted["row_id"]) in in_a.rows()
