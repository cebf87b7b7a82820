"""The `[procedure]` section of the rules file: typed, unknown keys refused naming the key,
every rule with kind/source/verified; what is not found in a text stays an unverified district
setting (LAW.md: publication and objection periods, the arrears condition)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.rules import DEFAULT_RULES, RulesError, load_rules, parse_rules
from app.rulesfile import read_toml

BASE = read_toml(DEFAULT_RULES)


def _with(change: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["procedure"] = {**data["procedure"], **change}
    return data


def test_shipped_rules_carry_their_sources() -> None:
    p = load_rules().procedure
    origins = [p.reps_publication.origin, p.result_objection.origin, p.first_assembly.origin,
               p.standing_in, *(c.origin for c in p.candidate_conditions), *(s.origin for s in p.lifecycle)]
    assert all(o.source for o in origins)
    # nothing unread is passed off as verified: only the Civil Code citation is
    assert [o.source for o in origins if o.verified] == ["《民法典》第二百七十八条第一款第一项、第二项"]
    assert not p.reps_publication.origin.is_law and not p.result_objection.origin.is_law
    assert {s.stage for s in p.lifecycle} == {"孕育期", "出生期", "过渡期", "成熟期", "拆迁改造期"}


@pytest.mark.parametrize(("change", "key"), [
    ({"reps_publication": {"days": 5, "kind": "district", "source": "x", "verified": False, "extra": 1}},
     "procedure.reps_publication.extra"),
    ({"result_objection": {"days": -1, "kind": "district", "source": "x", "verified": False}},
     "procedure.result_objection.days"),
    ({"first_assembly": {"statute_votes": ["constitution"], "kind": "law", "source": "x", "verified": True}},
     "procedure.first_assembly.statute_votes"),
    ({"lifecycle": {"青春期": {"elections": [], "kind": "district", "source": "x", "verified": False}}},
     "procedure.lifecycle.青春期"),
    ({"candidate_conditions": {"arrears": {"title": "t", "field": "salary", "mandatory": True,
                                           "kind": "district", "source": "x", "verified": False}}},
     "procedure.candidate_conditions.arrears.field"),
    ({"standing_in": {"kind": "district", "source": "x"}}, "procedure.standing_in.verified"),
])
def test_a_wrong_key_is_named(change: dict[str, Any], key: str) -> None:
    with pytest.raises(RulesError, match=f"键 {key}"):
        parse_rules(_with(change), DEFAULT_RULES)


def test_a_district_may_make_arrears_mandatory() -> None:
    conditions = copy.deepcopy(BASE["procedure"]["candidate_conditions"])
    conditions["arrears"]["mandatory"] = True
    rules = parse_rules(_with({"candidate_conditions": conditions}), DEFAULT_RULES)
    assert {c.key: c.mandatory for c in rules.procedure.candidate_conditions} == {
        "arrears": True, "property_staff": False}
