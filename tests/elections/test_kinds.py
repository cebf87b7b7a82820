"""Election kinds ([kinds.*] in the rules file): each kind's stage list and state machine, legal
and illegal moves, the checks of each kind's 筹备时机关, and the audit of each kind's own
conditions on stores built to break them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.context import AuditContext
from app.audit.kinds import audit_kinds
from app.elections import ballots, service, stages, timing_facts, workflow
from app.elections.checks import checks_for
from app.elections.timing_facts import TimingFacts
from app.errors import BadInput, describe
from app.rules import DEFAULT_RULES, RulesError, load_rules_file
from db.models import (
    CommitteeMember,
    Compound,
    Election,
    Meeting,
    MeetingAttendance,
    OwnersCommittee,
    OwnersVote,
)
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES
from db.store import Store
from tests.elections.conftest import TODAY, Place
from tests.elections.test_workflow import RULES, move, seat_and_file, sign

NAMES = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十", "徐十一", "孙十二"]
TERM_END = date(2026, 9, 30)  # the sitting committee's term ends; report due 5 months before


# ---------------------------------------------------------------- the rules file
def test_every_kind_has_its_flow_from_the_rules_file() -> None:
    """[kinds.*]: a stage list per kind (a subsequence of ELECTION_STAGES), its names and the
    organiser named on its notices; 换届 is run by a 换届小组, not an Art. 20 筹备组."""
    kinds = RULES.kinds
    assert set(kinds.flows) == set(ELECTION_KINDS)
    assert kinds.names() == {"first": "首次选举", "reelection": "换届选举", "by_election": "补选",
                             "early": "提前换届"}
    for flow in kinds.flows.values():
        assert [ELECTION_STAGES.index(s) for s in flow.stages] == sorted(
            ELECTION_STAGES.index(s) for s in flow.stages)
        assert flow.stages[0] == "application" and flow.stages[-4:] == (
            "voting", "tallied", "seated", "filed")
    assert "group_formed" not in kinds.flows["by_election"].stages
    reelection = kinds.flows["reelection"]
    assert reelection.organiser == "换届小组"
    assert reelection.stage_name("group_formed") == "成立换届小组"
    assert reelection.stage_name("checkpoint_group") == "换届小组人选关"
    assert kinds.flows["first"].stage_name("group_formed") == "成立筹备组"
    assert stages.stage_name("group_formed", "early") == "成立换届小组"
    assert stages.organiser("first") == "筹备组" and stages.organiser("by_election") == "业主委员会"


def test_triggers_carry_their_source_and_only_removal_is_verified_law() -> None:
    """Triggers name their source: below half after the alternates stepped in (深圳条例第四十一条)
    and the removal vote (民法典第二百七十八条第一款第三项, 更换业主委员会成员) rest on read law;
    a by-election and inactivity are district settings (Art. 41 knows no by-election)."""
    by_election, early = RULES.kinds.flows["by_election"], RULES.kinds.flows["early"]
    assert [t.key for t in by_election.triggers] == ["vacancies"]
    assert {t.key: t.condition for t in early.triggers} == {
        "too_few": "too_few", "inactive": "inactive", "removal": "removal"}
    for trigger in (*by_election.triggers, *early.triggers):
        assert trigger.origin.source
        law = trigger.key in ("removal", "too_few")
        assert trigger.origin.verified == law and trigger.origin.is_law == law
    assert early.origin.is_law and "第四十一条" in early.origin.source
    assert not by_election.origin.is_law and not by_election.origin.verified
    report = RULES.kinds.flows["reelection"]
    assert report.report_months == 5 and report.report_origin is not None
    assert not report.report_origin.verified and not report.report_origin.is_law


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / "broken.toml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


FIRST_STAGES = ('stages = ["application", "checkpoint_timing", "group_formed", "checkpoint_group",\n'
                '          "candidates_nominated", "checkpoint_candidates", "candidate_notice", '
                '"voting",\n          "tallied", "seated", "filed"]\npreparation')


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    (FIRST_STAGES, FIRST_STAGES.replace('"seated", "filed"', '"filed", "seated"'),
     "kinds.first.stages", "order"),
    (FIRST_STAGES, FIRST_STAGES.replace('"voting",\n', '\n'), "kinds.first.stages", "missing voting"),
    (FIRST_STAGES, FIRST_STAGES.replace('"group_formed", ', ''), "kinds.first.stages", "go together"),
    ("[kinds.first.stage_days]\napplication = 30\n", "[kinds.first.stage_days]\n",
     "kinds.first.stage_days", "missing application"),
    ("[kinds.first.stage_days]\napplication = 30\n",
     "[kinds.first.stage_days]\napplication = 30\ntallied = 7\n",
     "kinds.first.stage_days.tallied", "timed by law"),
    ('condition = "inactive"\nmonths = 6\n', 'condition = "inactive"\n',
     "kinds.early.triggers.inactive.months", "inactive"),
    ('organiser = "换届小组"\nstages', 'organiser = "换届小组"\nnickname = "x"\nstages',
     "kinds.reelection.nickname", "unknown key"),
    ('seated = "补选委员就任"', 'seated = "补选委员就任"\ngroup_formed = "x"',
     "kinds.by_election.stage_names.group_formed", "not one of this kind's stages"),
])
def test_a_broken_kinds_section_names_the_key(tmp_path: Path, old: str, new: str, key: str,
                                              problem: str) -> None:
    """One validation for every rules file: the offending key is named ([kinds] is validated by
    app/rules_kinds.py: stages in the ELECTION_STAGES order, deadlines where the district sets them)."""
    with pytest.raises(RulesError) as raised:
        load_rules_file(_broken(tmp_path, old, new))
    english = describe(raised.value, "en")
    assert raised.value.params["key"] == key and problem in english, english


# ---------------------------------------------------------------- the state machine
@pytest.mark.parametrize("kind", ELECTION_KINDS)
def test_moves_follow_the_kinds_stage_list(kind: str) -> None:
    """Every non-checkpoint stage leads to the next of the kind's list; a checkpoint is left only
    by a signed decision, so no move starts there; every kind ends voting → tallied → seated → filed."""
    flow = RULES.kinds.flows[kind]
    moves = workflow.moves_for(kind, RULES)
    assert [(m.source, m.target) for m in moves] == [
        (s, flow.next_stage(s)) for s in flow.stages[:-1] if s not in stages.STAGE_CHECKPOINT]
    assert [m.target for m in moves][-3:] == ["tallied", "seated", "filed"]
    labels = {m.target: m.label for m in moves}
    assert labels["checkpoint_timing"] == f"提交{flow.stage_name('checkpoint_timing')}审核"
    for checkpoint in stages.checkpoints_for(kind, RULES):
        at = flow.stages.index(stages.CHECKPOINT_STAGE[checkpoint])
        assert stages.approved_next(kind, checkpoint, RULES) == flow.stages[at + 1]
        assert stages.returned_to(kind, checkpoint, RULES) == flow.stages[at - 1]


ILLEGAL = [  # (kind, from, to): skipping a checkpoint, a stage, or going back
    ("first", "application", "group_formed"),
    ("first", "checkpoint_timing", "group_formed"),
    ("first", "voting", "seated"),
    ("first", "tallied", "filed"),
    ("reelection", "group_formed", "candidates_nominated"),
    ("by_election", "application", "candidates_nominated"),
    ("by_election", "application", "group_formed"),
    ("early", "seated", "tallied"),
    ("early", "candidate_notice", "tallied"),
]


@pytest.mark.parametrize(("kind", "source", "target"), ILLEGAL)
def test_illegal_moves_are_refused(store: Store, place: Place, kind: str, source: str,
                                   target: str) -> None:
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind=kind, stage=source,
                            stage_since=TODAY, seats=7, applied_on=TODAY)
        session.add(election)
        session.flush()
        with pytest.raises(BadInput, match="不能从"):
            workflow.advance(session, election, target, RULES, TODAY)
        assert election.stage == source


def test_a_kind_without_a_group_refuses_group_members(store: Store, place: Place) -> None:
    """[kinds.by_election].stages has no group: a by-election is run by the committee itself."""
    with store.transaction() as session:
        sitting_committee(session, place, left=2)
        election = service.create_election(session, place.compound_id, "by_election", 2, RULES, TODAY)
        with pytest.raises(BadInput, match="补选不设筹备组"):
            service.save_group_member(session, election, "某", "police")


def test_the_deadlines_come_from_the_kind_and_after_the_vote_from_the_law(store: Store,
                                                                         place: Place) -> None:
    """Stage deadlines per kind ([kinds.<kind>.stage_days]); the first meeting within
    [term.first_meeting] days (指导规则第三十二条) and filing within [filing] days (第三十三条)
    of the election; none once filed."""
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="by_election", stage="application",
                            stage_since=TODAY, seats=1)
        session.add(election)
        session.flush()
        days = RULES.kinds.flows["by_election"].stage_days
        assert workflow.deadline(election, RULES) == TODAY + timedelta(days=days["application"])
        election.stage, election.result_published_on = "tallied", TODAY
        assert workflow.deadline(election, RULES) == TODAY + timedelta(days=RULES.term.first_meeting_days)
        election.stage = "seated"
        assert workflow.deadline(election, RULES) == TODAY + timedelta(days=RULES.periods.filing_days)
        election.stage = "filed"
        assert workflow.deadline(election, RULES) is None


# ---------------------------------------------------------------- fixtures for the kinds
def sitting_committee(session: Session, place: Place, *, left: int = 0, alternates: int = 0,
                      term_end: date = TERM_END) -> OwnersCommittee:
    """A committee of 7 elected five years before TERM_END (its first meeting held, 王一 主任);
    the last `left` members resigned before today; `alternates` of the next owners wait."""
    start = term_end.replace(year=term_end.year - 5)
    committee = OwnersCommittee(compound_id=place.compound_id, status="active", term_start=start,
                                term_end=term_end, first_meeting_on=start)
    session.add(committee)
    session.flush()
    for i in range(7):
        gone = i >= 7 - left
        session.add(CommitteeMember(
            committee_id=committee.id, name=NAMES[i], unit_id=place.unit_ids[i], rank=i + 1,
            role="director" if i == 0 else "member", joined_on=start,
            left_on=TODAY - timedelta(days=30) if gone else None,
            left_reason="resigned" if gone else None))
    for j in range(alternates):
        session.add(CommitteeMember(committee_id=committee.id, name=NAMES[7 + j],
                                    unit_id=place.unit_ids[7 + j], rank=8 + j, role="alternate",
                                    joined_on=start))
    session.flush()
    return committee


def owners(place: Place, count: int) -> list[tuple[str, str]]:
    return [(NAMES[i], place.unit_ids[i]) for i in range(count)]


def kind_election(store: Store, place: Place, kind: str, seats: int, facts: TimingFacts,
                  **committee: Any) -> str:
    with store.transaction() as session:
        if kind != "first":
            sitting_committee(session, place, **committee)
        election = service.create_election(session, place.compound_id, kind, seats, RULES, TODAY,
                                           TODAY)
        timing_facts.update_timing_facts(session, election, facts, RULES, TODAY)
        return election.id


def timing_checks(store: Store, election_id: str, day: date = TODAY) -> dict[str, Any]:
    with store.session() as session:
        election = session.get(Election, election_id)
        return {c.code: c for c in checks_for(session, election, "timing", RULES, day)}


REPORTED = TimingFacts(reported_on=TODAY - timedelta(days=10))


def staff_change_group(session: Session, election: Election) -> None:
    """A 换届小组: the street office leads, with the community and the sitting committee."""
    service.save_group_member(session, election, "街道 周", "street_office", is_leader=True)
    service.save_group_member(session, election, "党委 吴", "party_committee")
    service.save_group_member(session, election, "居委 冯", "residents_committee")
    service.save_group_member(session, election, NAMES[0], "owner_rep")


def vote_through(store: Store, election_id: str, people: list[tuple[str, str]]) -> None:
    """Candidates (name, unit) nominated, checkpoint signed, every owner votes for all of them,
    tallied."""
    names = [name for name, _unit in people]
    with store.transaction() as session:
        election = session.get(Election, election_id)
        for i, (name, unit_id) in enumerate(people):
            service.save_candidate(session, election, name, unit_id=unit_id,
                                   is_party_member=i % 2 == 0)
    move(store, election_id, "checkpoint_candidates")
    sign(store, election_id, "candidates")
    move(store, election_id, "voting", TODAY + timedelta(days=15))
    with store.transaction() as session:
        election = session.get(Election, election_id)
        for i in range(1, 13):
            ballots.enter_paper_ballot(session, election, f"k{i}", ";".join(names), RULES)
        ballots.enter_paper_ballot(session, election, "developer", ";".join(names), RULES)
    move(store, election_id, "tallied", TODAY + timedelta(days=30))


# ---------------------------------------------------------------- walks of each kind
def test_reelection_walks_with_its_change_group_and_replaces_the_committee(
        store: Store, place: Place) -> None:
    """换届选举: 换届时机关 checks the report months ahead ([kinds.reelection.report]) and that
    the election can complete before the term ends; the 换届小组 is checked only for the street
    office's lead; the new committee replaces the old at the tally."""
    eid = kind_election(store, place, "reelection", 7, REPORTED)
    move(store, eid, "checkpoint_timing")
    checks = timing_checks(store, eid)
    assert set(checks) == {"timing.register", "timing.term_on_file", "timing.reported",
                           "timing.completes"}  # no delivery trigger, no party checks
    assert all(c.passed for c in checks.values()), [c.detail for c in checks.values()]
    sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election.stage == "group_formed"
        staff_change_group(session, election)
    with pytest.raises(BadInput, match="不能从“成立换届小组”直接进入“提名候选人”"):
        move(store, eid, "candidates_nominated")
    move(store, eid, "checkpoint_group")
    with store.session() as session:
        group = checks_for(session, session.get(Election, eid), "group", RULES, TODAY)
    assert [c.code for c in group] == ["group.leader"]  # not an Art. 20 preparatory group
    sign(store, eid, "group")
    vote_through(store, eid, owners(place, 7))
    with store.session() as session:
        committees = {c.status: c for c in session.scalars(select(OwnersCommittee))}
        assert set(committees) == {"active", "expired"}
        assert committees["active"].election_id == eid
    seat_and_file(store, eid, TODAY + timedelta(days=31))
    with store.session() as session:
        assert session.get(Election, eid).stage == "filed"


def test_by_election_fills_vacancies_of_the_sitting_committee(store: Store, place: Place) -> None:
    """补选: the trigger (vacancies the alternates could not fill, [kinds.by_election.triggers])
    is checked at 补选时机关; the elected join the sitting committee."""
    eid = kind_election(store, place, "by_election", 2, TimingFacts(trigger="vacancies"), left=2)
    with pytest.raises(BadInput, match="不能从“申请”直接进入“提名候选人”"):
        move(store, eid, "candidates_nominated")
    move(store, eid, "checkpoint_timing")
    checks = timing_checks(store, eid)
    assert checks["timing.trigger_recorded"].passed and checks["timing.trigger_holds"].passed
    sign(store, eid, "timing")
    with store.session() as session:
        assert session.get(Election, eid).stage == "candidates_nominated"
    vote_through(store, eid, [("辛", place.unit_ids[7]), ("壬", place.unit_ids[8])])
    with store.session() as session:
        committees = list(session.scalars(select(OwnersCommittee)))
        assert len(committees) == 1 and committees[0].status == "active"
        names = set(session.scalars(select(CommitteeMember.name).where(
            CommitteeMember.committee_id == committees[0].id)))
        assert {"辛", "壬"} <= names
    seat_and_file(store, eid, TODAY + timedelta(days=31))
    with store.session() as session:
        assert session.get(Election, eid).stage == "filed"


def test_early_reelection_when_fewer_than_half_remain(store: Store, place: Place) -> None:
    """提前换届: fewer than [term.vacancy].early_below of the members elected remain and no
    alternate waits; it is run by a 换届小组 like a re-election."""
    eid = kind_election(store, place, "early", 7, TimingFacts(trigger="too_few"), left=4)
    move(store, eid, "checkpoint_timing")
    checks = timing_checks(store, eid)
    assert checks["timing.trigger_holds"].passed, checks["timing.trigger_holds"].detail
    sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert stages.stage_name(election.stage, election.kind) == "成立换届小组"
        staff_change_group(session, election)
    move(store, eid, "checkpoint_group")
    sign(store, eid, "group")
    vote_through(store, eid, owners(place, 7))
    seat_and_file(store, eid, TODAY + timedelta(days=31))


# ---------------------------------------------------------------- the checks of 筹备时机关
def test_first_election_needs_the_party_organisation_ready(store: Store, place: Place) -> None:
    """首次选举, 先建支部 ([kinds.first.party_readiness], 深圳条例第五条 and district practice):
    a branch covers the compound, a resident party member was found (双找), and the community
    party committee's opinion is recorded — each a district check, overridable with a reason."""
    with store.transaction() as session:
        compound = Compound(community_id=session.get(Compound, place.compound_id).community_id,
                            name="无支部苑", delivered_on=date(2020, 1, 1))
        session.add(compound)
        session.flush()
        bare = service.create_election(session, compound.id, "first", 7, RULES, TODAY, TODAY)
    checks = timing_checks(store, bare.id)
    for code in ("timing.party_branch", "timing.party_members", "timing.party_opinion"):
        assert not checks[code].passed and checks[code].blocks and not checks[code].origin.is_law
    ready = kind_election(store, place, "first", 7, TimingFacts(
        party_opinion_on=TODAY, party_opinion="同意"))
    checks = timing_checks(store, ready)
    assert all(checks[c].passed for c in ("timing.party_branch", "timing.party_members",
                                          "timing.party_opinion"))
    # an opinion dated after the day of the check does not count
    assert not timing_checks(store, ready, TODAY - timedelta(days=1))["timing.party_opinion"].passed


def test_reelection_reported_too_late_or_ending_after_the_term(store: Store, place: Place) -> None:
    """换届: reported at least [kinds.reelection.report].months_before months before the term
    ends (district setting, unverified), and the election can complete before it ends."""
    late = TERM_END - timedelta(days=60)
    eid = kind_election(store, place, "reelection", 7, TimingFacts(reported_on=TODAY))
    checks = timing_checks(store, eid)
    assert checks["timing.reported"].passed  # TODAY is more than 5 months before TERM_END
    with store.transaction() as session:
        session.get(Election, eid).reported_on = late  # two months before the term ends
    checks = timing_checks(store, eid)
    assert not checks["timing.reported"].passed and "最迟 2026-04-30" in checks["timing.reported"].detail
    # on a day too close to the term's end, the vote cannot end in time
    checks = timing_checks(store, eid, TERM_END - timedelta(days=5))
    assert not checks["timing.completes"].passed
    with store.transaction() as session:
        session.get(Election, eid).reported_on = None
    assert not timing_checks(store, eid)["timing.reported"].passed


def test_reelection_without_a_committee_on_file_fails_its_timing(store: Store, place: Place) -> None:
    """换届 needs the committee it replaces and its term end on record."""
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "reelection", 7, RULES,
                                           TODAY, TODAY)
    checks = timing_checks(store, election.id)
    assert not checks["timing.term_on_file"].passed and "timing.reported" not in checks


def test_by_election_trigger_must_be_recorded_and_hold(store: Store, place: Place) -> None:
    """补选 only when vacancies exist and no alternate is left to step in (深圳条例第四十一条 as
    reported; [term.vacancy].from_alternates); the trigger is a choice from the rules file."""
    eid = kind_election(store, place, "by_election", 1, TimingFacts(), left=1, alternates=1)
    with pytest.raises(BadInput, match="先选择补选事由"):
        move(store, eid, "checkpoint_timing")
    checks = timing_checks(store, eid)
    assert not checks["timing.trigger_recorded"].passed and "timing.trigger_holds" not in checks
    with store.transaction() as session:
        election = session.get(Election, eid)
        with pytest.raises(BadInput, match="补选没有这一事由"):
            timing_facts.update_timing_facts(session, election, TimingFacts(trigger="too_few"),
                                             RULES, TODAY)
        timing_facts.update_timing_facts(session, election, TimingFacts(trigger="vacancies"),
                                         RULES, TODAY)
    holds = timing_checks(store, eid)["timing.trigger_holds"]
    assert not holds.passed and "须候补委员递补" in holds.detail  # an alternate still waits
    with store.transaction() as session:
        alternate = session.scalar(select(CommitteeMember).where(CommitteeMember.role == "alternate"))
        alternate.left_on, alternate.left_reason = TODAY - timedelta(days=1), "moved_out"
    assert timing_checks(store, eid)["timing.trigger_holds"].passed
    with store.transaction() as session:
        session.get(Election, eid).seats = 2  # more seats than vacancies
    holds = timing_checks(store, eid)["timing.trigger_holds"]
    assert not holds.passed and "超过缺额" in holds.detail


def test_early_reelection_triggers_below_half_inactive_and_removal(store: Store, place: Place) -> None:
    """提前换届: fewer than half remain ([term.vacancy].early_below), no committee meeting for
    [kinds.early.triggers.inactive].months months, or a passed owners' vote replacing the
    committee (民法典第二百七十八条第一款第三项, decided by the Art. 278 thresholds)."""
    eid = kind_election(store, place, "early", 7, TimingFacts(trigger="too_few"), left=3)
    assert not timing_checks(store, eid)["timing.trigger_holds"].passed  # 4 of 7 remain
    with store.transaction() as session:
        election = session.get(Election, eid)
        timing_facts.update_timing_facts(session, election, TimingFacts(trigger="inactive"),
                                         RULES, TODAY)
        meeting = Meeting(compound_id=place.compound_id, kind="joint", status="closed",
                          held_at=_utc(TODAY - timedelta(days=30)))
        session.add(meeting)
        session.flush()
        session.add(MeetingAttendance(meeting_id=meeting.id, name=NAMES[0], role="committee"))
    holds = timing_checks(store, eid)["timing.trigger_holds"]
    assert not holds.passed and "最近一次业委会会议" in holds.detail  # it met a month ago
    with store.transaction() as session:
        session.scalar(select(Meeting)).held_at = _utc(TODAY - timedelta(days=200))
    assert timing_checks(store, eid)["timing.trigger_holds"].passed
    with store.transaction() as session:
        election = session.get(Election, eid)
        timing_facts.update_timing_facts(session, election, TimingFacts(trigger="removal"),
                                         RULES, TODAY)
        vote = OwnersVote(compound_id=place.compound_id, subject="removal", title="罢免业委会",
                          held_on=TODAY - timedelta(days=5), total_owners=13,
                          total_area_m2=Decimal("1407.25"), voted_owners=8,
                          voted_area_m2=Decimal("900"), yes_owners=8, yes_area_m2=Decimal("900"))
        session.add(vote)
    assert not timing_checks(store, eid)["timing.trigger_holds"].passed  # 8 of 13: no quorum
    with store.transaction() as session:
        vote = session.scalar(select(OwnersVote))
        vote.voted_owners = vote.yes_owners = 10
        vote.voted_area_m2 = vote.yes_area_m2 = Decimal("1000")
    assert timing_checks(store, eid)["timing.trigger_holds"].passed


def _utc(day: date) -> Any:
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def test_the_signed_timing_content_holds_the_facts_checked(store: Store, place: Place) -> None:
    """What 筹备时机关 signs includes each kind's facts (trigger, report date, party opinion,
    branches and members found, the committee's members): changing one makes the sign-off stale."""
    from app.elections.checks import content_for

    eid = kind_election(store, place, "first", 7, TimingFacts(
        party_opinion_on=TODAY, party_opinion="同意"))
    with store.session() as session:
        content = content_for(session, session.get(Election, eid), "timing")
    assert content["election"]["party_opinion"] == "同意"
    assert content["party"]["found"] == 1 and len(content["party"]["branches"]) == 1
    with store.transaction() as session:
        session.get(Election, eid).party_opinion = "同意，请街道指导"
        assert content_for(session, session.get(Election, eid), "timing") != content


def test_timing_facts_are_fixed_once_the_checkpoint_is_passed(store: Store, place: Place) -> None:
    """The facts are what 筹备时机关 signed: after its approval they cannot change."""
    eid = kind_election(store, place, "reelection", 7, REPORTED)
    move(store, eid, "checkpoint_timing")
    sign(store, eid, "timing")
    with store.transaction() as session, pytest.raises(BadInput, match="已过“换届时机关”"):
        timing_facts.update_timing_facts(session, session.get(Election, eid), REPORTED, RULES, TODAY)


# ---------------------------------------------------------------- the audit of each kind
def audit_codes(store: Store, today: date = TODAY) -> dict[str, list[tuple[str, str]]]:
    """code → [(severity, election id)] of the kinds family."""
    with store.session() as session:
        found: dict[str, list[tuple[str, str]]] = {}
        for f in audit_kinds(AuditContext(session, RULES, today)):
            found.setdefault(f.code, []).append((f.severity, f.subject.id))
        return found


def raw(session: Session, compound_id: str, kind: str, stage: str, **fields: Any) -> str:
    """An election written past the workflow, as a faulty client or import might."""
    values: dict[str, Any] = {"seats": 7, "stage_since": TODAY - timedelta(days=20), **fields}
    election = Election(compound_id=compound_id, kind=kind, stage=stage, **values)
    session.add(election)
    session.flush()
    return election.id


def other_compound(session: Session, place: Place, name: str) -> str:
    compound = Compound(community_id=session.get(Compound, place.compound_id).community_id,
                        name=name)
    session.add(compound)
    session.flush()
    return compound.id


def test_audit_first_election_past_timing_without_party_readiness(store: Store, place: Place) -> None:
    """先建支部 ([kinds.first.party_readiness]): no branch, no member found, no opinion, or an
    opinion recorded only after the checkpoint was passed."""
    with store.transaction() as session:
        bare = raw(session, other_compound(session, place, "无支部苑"), "first", "group_formed")
        late = raw(session, place.compound_id, "first", "candidates_nominated",
                   party_opinion_on=TODAY, party_opinion="同意")
        fine = raw(session, other_compound(session, place, "未过关苑"), "first", "checkpoint_timing")
    found = audit_codes(store)
    for code in ("kinds.party_branch", "kinds.party_members", "kinds.party_opinion"):
        assert ("violation", bare) in found[code], code
    assert ("violation", late) in found["kinds.party_opinion"]  # after the stage began
    assert late not in [e for _s, e in found.get("kinds.party_branch", [])]
    assert all(fine not in [e for _s, e in v] for v in found.values())  # not past timing yet


def test_audit_reelection_reported_late_finished_after_or_running_past_the_term(
        store: Store, place: Place) -> None:
    """换届: reported [kinds.reelection.report].months_before months ahead, and completed before
    the replaced committee's term ended (a district setting, cited 待核实)."""
    with store.transaction() as session:
        sitting_committee(session, place)
        late = raw(session, place.compound_id, "reelection", "voting",
                   reported_on=TERM_END - timedelta(days=30))
        ok = raw(session, place.compound_id, "reelection", "voting", reported_on=TODAY)
        after = raw(session, place.compound_id, "reelection", "tallied", reported_on=TODAY,
                    result_published_on=TERM_END + timedelta(days=3))
        nothing = raw(session, other_compound(session, place, "无委员会苑"), "reelection", "voting")
    found = audit_codes(store)
    assert found["kinds.report_late"] == [("violation", late)]
    assert found["kinds.finished_after_term"] == [("violation", after)]
    assert found["kinds.no_committee"] == [("violation", nothing)]
    assert all(ok not in [e for _s, e in v] for v in found.values())
    running = audit_codes(store, TERM_END + timedelta(days=10))["kinds.running_after_term"]
    assert ("violation", ok) in running and ("violation", late) in running


def test_audit_by_election_without_a_trigger_or_whose_trigger_did_not_hold(
        store: Store, place: Place) -> None:
    """补选/提前换届 only for a trigger the rules name ([kinds.*.triggers]) that held."""
    with store.transaction() as session:
        sitting_committee(session, place)  # full: no vacancy
        none = raw(session, place.compound_id, "by_election", "candidates_nominated", seats=1)
        odd = raw(session, place.compound_id, "early", "group_formed", trigger="vacancies")
        unmet = raw(session, place.compound_id, "by_election", "candidates_nominated", seats=1,
                    trigger="vacancies")
    found = audit_codes(store)
    assert ("violation", none) in found["kinds.no_trigger"]
    assert ("violation", odd) in found["kinds.no_trigger"]  # not a trigger of an early re-election
    assert found["kinds.trigger_not_met"] == [("violation", unmet)]


def test_audit_an_overridden_district_rule_is_information(store: Store, place: Place) -> None:
    """A district check overridden at 筹备时机关 with a recorded reason is information, not a
    violation; the reason is quoted."""
    eid = kind_election(store, place, "first", 7, TimingFacts())  # no party opinion
    move(store, eid, "checkpoint_timing")
    with pytest.raises(BadInput, match="区设置未满足"):
        sign(store, eid, "timing")
    sign(store, eid, "timing", override_reason="社区党委书面意见在途，街道同意先行筹备")
    found = audit_codes(store)
    assert found == {"kinds.overridden": [("info", eid)]}


# ---------------------------------------------------------------- notices and screens
def test_reelection_notices_call_the_organiser_by_its_own_name(store: Store, place: Place) -> None:
    """No "筹备组" on a re-election's notices: the 换届小组 issues and signs them."""
    from app.printing.documents.elections import candidates_notice, preparatory_notice

    eid = kind_election(store, place, "reelection", 7, REPORTED)
    move(store, eid, "checkpoint_timing")
    sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        staff_change_group(session, election)
        for i, name in enumerate(NAMES[:7]):
            service.save_candidate(session, election, name, unit_id=place.unit_ids[i])
        election.notice_published_on = TODAY
    with store.session() as session:
        for spec in (preparatory_notice(session, eid), candidates_notice(session, eid)):
            text = spec.title + "".join(
                f.getPlainText() for f in spec.story if hasattr(f, "getPlainText"))
            assert spec.signature is not None
            text += spec.signature.issuer
            assert "换届小组" in text and "筹备组" not in text, text
            assert not spec.signature.signer  # a notice has no 签发人 line: the group issues it
    assert spec.signature.issuer == "万科城业主委员会换届小组"  # the candidates notice's issuer


def test_panel_shows_the_kinds_names_and_its_trigger_choice(store: Store, place: Place,
                                                            qtbot: Any) -> None:  # type: ignore[no-untyped-def]
    """The timeline and the group tab use the kind's names; the trigger is a choice from the rules."""
    from ui.context import UiContext, make_settings
    from ui.elections.panel import ElectionPanel

    eid = kind_election(store, place, "early", 7, TimingFacts(), left=4)
    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    panel = ElectionPanel(ctx, lambda: TODAY)
    qtbot.addWidget(panel)
    panel.load(eid)
    chips = [c.text() for c in panel.timeline.chips]
    assert "成立换届小组" in chips and "◆ 换届小组人选关" in chips
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.group_page)) == "换届小组"
    facts = panel.facts
    assert [facts.trigger.itemData(i) for i in range(facts.trigger.count())] == [
        None, "too_few", "inactive", "removal"]
    facts.trigger.setCurrentIndex(facts.trigger.findData("too_few"))
    assert facts.save()
    with store.session() as session:
        assert session.get(Election, eid).trigger == "too_few"


def test_timing_checks_are_worded_by_code_in_english() -> None:
    """筹备时机关 checks carry catalogue codes: the English UI words their titles and findings
    (only the records' own names stay as typed), the Chinese text stored and signed unchanged."""
    import re

    from app.messages import problem

    cjk = re.compile(r"[\u4e00-\u9fff]")
    found = problem("timing.register_found", units=3, owners=2, area="250.00")
    assert str(found) == "3 套专有部分，按规则计 2 名业主、250.00 m²"
    assert found.text("en") == "3 units; counted by the rules as 2 owners, 250.00 m²"
    for code, params in (("timing.trigger_found", {
            "delivered": "1", "total": "2", "share": "1/2", "delivered_on": problem("timing.not_recorded"),
            "years": 2, "owners": 1, "area": "1", "app_share": "1/5",
            "met": problem("timing.trigger_met", reasons=[problem("timing.reason_area"),
                                                           problem("timing.reason_years", years=2)])}),
            ("timing.no_branch", {}), ("timing.party_members_found", {"members": 3, "reached": 1}),
            ("timing.term_found", {"start": problem("timing.not_recorded"), "end": "2027-01-01"}),
            ("timing.reported_found", {"reported": problem("timing.not_recorded"),
                                       "latest": "2026-08-01", "end": "2027-01-01"}),
            ("timing.vote_earliest", {"day": "2026-05-01", "end": "2027-01-01"}),
            ("group.reps_published_found", {"published": "2026-03-01", "end": "2026-03-05",
                                            "wait": problem("group.reps_wait", day="2026-03-06")})):
        english = problem(code, **params).text("en")
        assert not cjk.search(english), (code, english)
