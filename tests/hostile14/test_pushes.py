"""Crafted pushes against issue 14's rows on a real server (SQLite and PostgreSQL): owners' votes
whose figures cannot be (同意 > 参与 > 总数) or that point at another compound's election or
agenda item are refused with the field named; what the types already refuse stays refused."""

from __future__ import annotations

from typing import Any

import pytest

from app.sync.reasons import readable_reason
from tests.server.helpers import STREET_A, STREET_B, District, ServerHandle, new_id, op


def _vote(compound: str, **fields: Any) -> dict[str, Any]:
    values = {"compound_id": compound, "title": "使用维修资金", "matter": "ordinary",
              "held_on": "2026-01-10", "total_owners": 100, "total_area_m2": "10000.00",
              "voted_owners": 80, "voted_area_m2": "8000.00", "yes_owners": 60,
              "yes_area_m2": "6000.00"}
    return op("owners_votes", new_id(), **{**values, **fields})


def _reads_in_chinese(result: dict[str, Any]) -> None:
    said = readable_reason(result)
    assert not said.startswith("服务器：") and "refused" not in said, said  # app.sync.reasons knows it


def _second_compound(client: Any, district: District) -> str:
    compound = new_id()
    result = client.push_one(op("compounds", compound, community_id=district.communities[STREET_A],
                                name=f"小区{compound[:8]}"))
    assert result["status"] == "applied", result
    return compound


@pytest.mark.parametrize("fields, named", [
    ({"yes_owners": 90, "voted_owners": 80}, "yes_owners"),
    ({"voted_owners": 120}, "voted_owners"),
    ({"yes_area_m2": "9000.00"}, "yes_area_m2"),
    ({"voted_area_m2": "20000.00", "yes_area_m2": "100.00"}, "voted_area_m2"),
])
def test_vote_figures_out_of_order_are_refused(server: ServerHandle, district: District,
                                               fields: dict[str, Any], named: str) -> None:
    caseworker = server.user("caseworker", STREET_A)
    result = caseworker.push_one(_vote(district.compounds[STREET_A], **fields))
    assert result["status"] == "refused", result
    assert named in result["reason"], result
    _reads_in_chinese(result)


def test_vote_figures_updated_out_of_order_are_refused(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    vote = _vote(district.compounds[STREET_A])
    applied = caseworker.push_one(vote)
    assert applied["status"] == "applied", applied
    worse = caseworker.push_one(op("owners_votes", vote["row_id"], "update", applied["version"],
                                   yes_owners=99))
    assert worse["status"] == "refused" and "yes_owners" in worse["reason"], worse
    fine = caseworker.push_one(op("owners_votes", vote["row_id"], "update", applied["version"],
                                  yes_owners=70))
    assert fine["status"] == "applied", fine


@pytest.mark.parametrize("fields", [
    {"total_area_m2": "-5"}, {"yes_area_m2": "1e100000000"}, {"total_owners": -1},
    {"total_owners": 2**40}, {"matter": "unanimous"},
])
def test_vote_values_outside_their_types_are_refused(server: ServerHandle, district: District,
                                                     fields: dict[str, Any]) -> None:
    caseworker = server.user("caseworker", STREET_A)
    assert caseworker.push_one(_vote(district.compounds[STREET_A], **fields))["status"] == "refused"


def test_vote_on_another_streets_election_is_refused(server: ServerHandle, district: District) -> None:
    election = new_id()
    placed = district.supervisor.push_one(op("elections", election,
                                             compound_id=district.compounds[STREET_B]))
    assert placed["status"] == "applied", placed
    caseworker = server.user("caseworker", STREET_A)
    result = caseworker.push_one(_vote(district.compounds[STREET_A], election_id=election))
    assert result["status"] == "refused" and "election_id" in result["reason"], result


def test_vote_on_another_compounds_election_or_item_is_refused(server: ServerHandle,
                                                               district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    other = _second_compound(caseworker, district)
    election, item = new_id(), new_id()
    assert [r["status"] for r in caseworker.push(
        op("elections", election, compound_id=other),
        op("agenda_items", item, compound_id=other, title="更换物业", category="property_hire", raised_on="2026-01-02"),
    )] == ["applied", "applied"]
    here = district.compounds[STREET_A]
    for link, column in ((election, "election_id"), (item, "agenda_item_id")):
        result = caseworker.push_one(_vote(here, **{column: link}))
        assert result["status"] == "refused", result
        assert column in result["reason"] and "compound" in result["reason"], result
        _reads_in_chinese(result)
    # The same links from a vote of the compound they belong to are fine...
    vote = _vote(other, election_id=election, agenda_item_id=item)
    own = caseworker.push_one(vote)
    assert own["status"] == "applied", own
    # ...and a vote cannot be moved to another compound away from them.
    moved = caseworker.push_one(op("owners_votes", vote["row_id"], "update", own["version"],
                                   compound_id=here))
    assert moved["status"] == "refused", moved


@pytest.mark.parametrize("fields", [{"role": "chairman"}, {"rank": 5000}, {"rank": -1},
                                    {"left_reason": "fired"}])
def test_forged_committee_member_values_are_refused(server: ServerHandle, district: District,
                                                    fields: dict[str, Any]) -> None:
    caseworker = server.user("caseworker", STREET_A)
    committee = new_id()
    placed = caseworker.push_one(op("owners_committees", committee,
                                    compound_id=district.compounds[STREET_A]))
    assert placed["status"] == "applied", placed
    result = caseworker.push_one(op("committee_members", new_id(), committee_id=committee,
                                    name="张三", **{"role": "alternate", "rank": 1, **fields}))
    assert result["status"] == "refused", result


@pytest.mark.parametrize("text", ["{not json", '{"a": 1}', "[" * 40 + "]" * 40,
                                  '["' + "x" * 1_000_001 + '"]'])
def test_malformed_filing_materials_are_refused(server: ServerHandle, district: District,
                                                text: str) -> None:
    caseworker = server.user("caseworker", STREET_A)
    result = caseworker.push_one(op("owners_committees", new_id(),
                                    compound_id=district.compounds[STREET_A],
                                    filing_materials_json=text))
    assert result["status"] == "refused", result
