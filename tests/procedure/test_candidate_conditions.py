"""Candidate conditions ([procedure.candidate_conditions]): a mandatory condition blocks signing
业委会人选关, a hint never does. Arrears of property fees or maintenance funds and property-company
staff are hints: the 2019 Shenzhen text making them a condition was not found (the 2007 text had
the arrears bar) — a district may make them mandatory."""

from __future__ import annotations

import dataclasses

from app.elections.checks import candidate_checks
from app.rules import load_rules
from db.models import Candidate, Election
from db.store import Store
from tests.procedure.conftest import Place

RULES = load_rules()


def _checks(store: Store, place: Place, rules=RULES) -> dict:
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="reelection", seats=5)
        session.add(election)
        session.flush()
        for i in range(5):
            session.add(Candidate(election_id=election.id, name=f"候选{i}", unit_id=place.unit_ids[i],
                                  is_party_member=True, fee_arrears=i == 0, works_for_property=i == 1))
        session.flush()
        return {c.code: c for c in candidate_checks(session, election, rules)}


def test_arrears_and_staff_are_hints_by_default(store: Store, place: Place) -> None:
    checks = _checks(store, place)
    arrears, staff = checks["candidates.arrears"], checks["candidates.property_staff"]
    assert not arrears.passed and not arrears.blocks and "候选0" in arrears.detail
    assert not staff.passed and not staff.blocks and "候选1" in staff.detail
    assert not arrears.origin.verified and not arrears.origin.is_law


def test_a_mandatory_condition_blocks(store: Store, place: Place) -> None:
    conditions = tuple(dataclasses.replace(c, mandatory=True) if c.key == "arrears" else c
                       for c in RULES.procedure.candidate_conditions)
    rules = dataclasses.replace(RULES, procedure=dataclasses.replace(
        RULES.procedure, candidate_conditions=conditions))
    checks = _checks(store, place, rules)
    assert checks["candidates.arrears"].blocks and not checks["candidates.property_staff"].blocks
    assert not checks["candidates.arrears"].title.startswith("提示")
