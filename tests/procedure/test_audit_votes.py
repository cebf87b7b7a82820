"""`audit` of owners' votes and the procedure around the vote, on stores built to break each
rule: an owners' matter decided without a passed vote (民法典第二百七十八条), a first election
filed without its statute votes, a result filed inside its objection period ([procedure], district
setting), an election started in 拆迁改造期 ([procedure.lifecycle]); and the checkpoint family
re-running the representatives' publication and a mandatory candidate condition as of the day
the checkpoint was signed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from app import agenda
from app.audit.context import AuditContext
from app.audit.messages import message_zh
from app.audit.votes import audit_votes
from app.owners_votes.records import VoteInput, record_vote
from app.rules import Rules, load_rules
from db.models import AgendaItem, AgendaStageEvent, Election, LifecycleChange
from db.store import Store
from tests.procedure.conftest import Place, make_place

RULES = load_rules()
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def findings(store: Store, rules: Rules = RULES) -> list:
    with store.session() as session:
        return list(audit_votes(AuditContext(session, rules, TODAY)))


def _decided_item(store: Store, place: Place, category: str) -> str:
    """An item moved to 定 past the guard (a colleague's older client, an import)."""
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="外墙翻新",
                                  raised_on=date(2026, 3, 1), category=category, source="visit", now=NOW)
        agenda.advance(s, item.id, "discuss", agenda.StageChange(positions={"committee": "同意"}), now=NOW)
        row = s.get(AgendaItem, item.id)
        assert row is not None
        row.stage, row.decision, row.responsible_party, row.deadline = "decide", "翻新", "物业", TODAY
        return item.id


def test_owners_matter_decided_without_a_vote(store: Store, place: Place) -> None:
    item_id = _decided_item(store, place, "rebuild")
    _decided_item(store, place, "parking")  # not an owners' matter: decided at the table
    found = findings(store)
    assert [(f.code, f.subject.id) for f in found] == [("owners_matter.no_vote", item_id)]
    assert found[0].origin.is_law and found[0].origin.verified
    assert "四分之三以上" in message_zh(found[0])


def test_a_passed_major_vote_clears_it(store: Store, place: Place) -> None:
    item_id = _decided_item(store, place, "rebuild")
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="翻新",
                                 matter="major", agenda_item_id=item_id, voted_owners=12,
                                 voted_area_m2="1200", yes_owners=9, yes_area_m2="900"), RULES)
    assert findings(store) == []


def _filed_first(store: Store, place: Place, **fields: object) -> str:
    with store.transaction() as s:
        election = Election(compound_id=place.compound_id, kind="first", stage="filed",
                            applied_on=date(2026, 1, 5), result_published_on=date(2026, 3, 1),
                            filed_on=date(2026, 3, 20), **fields)
        s.add(election)
        s.flush()
        return election.id


def _statutes(store: Store, place: Place, election_id: str) -> None:
    with store.transaction() as s:
        for subject in ("management_statute", "procedure_rules"):
            record_vote(s, VoteInput(compound_id=place.compound_id, subject=subject, title=subject,
                                     election_id=election_id, voted_owners=12, voted_area_m2="1200",
                                     yes_owners=7, yes_area_m2="700"), RULES)


def test_first_election_filed_without_statutes(store: Store, place: Place) -> None:
    eid = _filed_first(store, place)
    found = findings(store)
    assert [f.code for f in found] == ["first_assembly.statutes_missing"]
    assert found[0].params["missing"] == ["管理规约", "业主大会议事规则"]
    _statutes(store, place, eid)
    assert findings(store) == []


def _set_filed(store: Store, eid: str, day: date) -> None:
    with store.transaction() as s:
        election = s.get(Election, eid)
        assert election is not None
        election.filed_on = day


def test_result_filed_inside_its_objection_period(store: Store, place: Place) -> None:
    """Published 1 March, 7 days: the last objection day is 7 March; filing that day is caught,
    the next day is not."""
    last = date(2026, 3, 1) + timedelta(days=RULES.procedure.result_objection.days - 1)
    eid = _filed_first(store, place)
    _statutes(store, place, eid)
    _set_filed(store, eid, last)
    found = findings(store)
    assert [f.code for f in found] == ["result.filed_in_objection"]
    assert not found[0].origin.verified and "异议期未满" in message_zh(found[0])
    _set_filed(store, eid, last + timedelta(days=1))
    assert findings(store) == []


def test_election_started_while_demolished(store: Store) -> None:
    place = make_place(store, stage="拆迁改造期")
    with store.transaction() as s:
        s.add(LifecycleChange(compound_id=place.compound_id, from_stage="成熟期", to_stage="拆迁改造期",
                              changed_on=date(2026, 2, 1)))
        before = Election(compound_id=place.compound_id, kind="reelection", applied_on=date(2026, 1, 10))
        after = Election(compound_id=place.compound_id, kind="reelection", applied_on=date(2026, 2, 10))
        s.add_all([before, after])
        s.flush()
        after_id = after.id
    found = findings(store)
    assert [(f.code, f.subject.id) for f in found] == [("lifecycle.no_election", after_id)]
    assert "拆迁改造期" in message_zh(found[0])


def test_mandatory_condition_in_rules_is_reported_by_the_checks() -> None:
    """The checkpoint family reports failing blocking checks as of the sign-off day; a district
    that makes arrears mandatory turns the hint into such a check."""
    conditions = tuple(dataclasses.replace(c, mandatory=True) for c in RULES.procedure.candidate_conditions)
    rules = dataclasses.replace(RULES, procedure=dataclasses.replace(RULES.procedure,
                                                                       candidate_conditions=conditions))
    assert all(not c.flag_only for c in _conditions(rules))


def _conditions(rules: Rules) -> list:
    from app.elections.checks import condition_checks
    from db.models import Candidate

    return condition_checks([Candidate(name="甲", fee_arrears=True, works_for_property=True)], rules)


def test_a_vote_held_after_the_decision_does_not_count(store: Store, place: Place) -> None:
    """Put at 定 on 10 March (the stage history), voted on 20 March: decided without the owners."""
    item_id = _decided_item(store, place, "fund_use")
    with store.transaction() as s:
        s.add(AgendaStageEvent(item_id=item_id, from_stage="discuss", to_stage="decide", at=NOW))
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="使用",
                                 held_on=date(2026, 3, 20), agenda_item_id=item_id, voted_owners=12,
                                 voted_area_m2="1200", yes_owners=7, yes_area_m2="700"), RULES)
    assert [f.code for f in findings(store)] == ["owners_matter.no_vote"]
    with store.transaction() as s:
        record_vote(s, VoteInput(compound_id=place.compound_id, subject="agenda", title="使用",
                                 held_on=date(2026, 3, 10), agenda_item_id=item_id, voted_owners=12,
                                 voted_area_m2="1200", yes_owners=7, yes_area_m2="700"), RULES)
    assert findings(store) == []
