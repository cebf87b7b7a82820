"""The checkpoint family of `audit` re-runs 筹备组人选关's checks as of the day it was signed: owner
representatives published fewer days than [procedure.reps_publication] before the group acted
(《深圳经济特区物业管理条例》第二十条: they are published; the period is a district setting) is a
violation; an override recorded with a reason is information."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.audit.checkpoints import audit_checkpoints
from app.audit.context import AuditContext
from app.elections import service, signoff, workflow
from app.errors import BadInput
from app.rules import Rules, load_rules
from db.models import Election
from db.store import Store
from tests.helpers.party import make_party_ready, record_party_opinion
from tests.procedure.conftest import Place

RULES = load_rules()
DAY = date(2026, 3, 2)
DAYS = RULES.procedure.reps_publication.days


def _to_group_checkpoint(store: Store, place: Place, published: date) -> str:
    with store.transaction() as s:
        make_party_ready(s, place.compound_id)
        election = service.create_election(s, place.compound_id, "first", 7, RULES, DAY)
        service.update_application(s, election, DAY, 3, "265.50", 7, RULES)
        record_party_opinion(election, DAY)
        workflow.advance(s, election, "checkpoint_timing", RULES, DAY)
        signoff.sign_checkpoint(s, election, "timing", "approved", "tester", RULES, DAY)
        for name, role in [("街道 周", "street_office"), ("党委 吴", "party_committee"),
                           ("民警 郑", "police"), ("居委 冯", "residents_committee")]:
            service.save_group_member(s, election, name, role, is_leader=role == "street_office")
        for i in range(9, 12):
            service.save_group_member(s, election, f"代表{i}", "owner_rep", unit_id=place.unit_ids[i],
                                      is_party_member=i == 9)
        election.reps_published_on = published
        workflow.advance(s, election, "checkpoint_group", RULES, DAY)
        return election.id


def _sign_group(store: Store, eid: str, **kw: str) -> None:
    with store.transaction() as s:
        election = s.get(Election, eid)
        assert election is not None
        signoff.sign_checkpoint(s, election, "group", "approved", "tester", RULES, DAY,
                                signed_at=datetime(2026, 3, 2, 4, 0, tzinfo=UTC), **kw)


def _group_findings(store: Store) -> list:
    with store.session() as s:
        return [f for f in audit_checkpoints(AuditContext(s, RULES, DAY + timedelta(days=30)))
                if f.params.get("checkpoint") == "group"]


def test_signing_inside_the_publication_period_is_refused(store: Store, place: Place) -> None:
    eid = _to_group_checkpoint(store, place, DAY - timedelta(days=DAYS - 1))  # DAY is the last day
    with pytest.raises(BadInput, match=f"业主代表人选已公示满 {DAYS} 日"):
        _sign_group(store, eid)


def test_audit_catches_a_publication_moved_after_signing(store: Store, place: Place) -> None:
    eid = _to_group_checkpoint(store, place, DAY - timedelta(days=DAYS))
    _sign_group(store, eid)
    assert _group_findings(store) == []
    with store.transaction() as s:  # a colleague's record: published only the day before
        election = s.get(Election, eid)
        assert election is not None
        election.reps_published_on = DAY - timedelta(days=1)
    codes = [f.code for f in _group_findings(store)]
    assert codes == ["check.group.reps_published"]


def test_an_override_is_information(store: Store, place: Place) -> None:
    eid = _to_group_checkpoint(store, place, DAY)
    _sign_group(store, eid, override_reason="居民急需，区同意缩短公示")
    found = _group_findings(store)
    assert [(f.code, f.severity, f.params["check"]) for f in found] == [
        ("checkpoint.overridden", "info", "group.reps_published")]


def test_audit_catches_a_signed_candidate_failing_a_mandatory_condition(store: Store, place: Place) -> None:
    """业委会人选关 signed with a candidate in arrears: a hint under the shipped rules (nothing to
    report), a violation where the district made the condition mandatory."""
    import dataclasses

    eid = _to_group_checkpoint(store, place, DAY - timedelta(days=DAYS))
    _sign_group(store, eid)
    with store.transaction() as s:
        election = s.get(Election, eid)
        assert election is not None
        for i in range(7):
            service.save_candidate(s, election, f"候选{i}", unit_id=place.unit_ids[i],
                                   is_party_member=i < 4, fee_arrears=i == 0)
        workflow.advance(s, election, "checkpoint_candidates", RULES, DAY)
        signoff.sign_checkpoint(s, election, "candidates", "approved", "tester", RULES, DAY)
    strict = dataclasses.replace(RULES, procedure=dataclasses.replace(
        RULES.procedure, candidate_conditions=tuple(
            dataclasses.replace(c, mandatory=True) for c in RULES.procedure.candidate_conditions)))

    def found(rules: Rules) -> list[str]:
        with store.session() as s:
            return [f.code for f in audit_checkpoints(AuditContext(s, rules, DAY))
                    if f.params.get("checkpoint") == "candidates"]

    assert found(RULES) == []
    assert found(strict) == ["check.candidates.arrears"]
