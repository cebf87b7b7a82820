"""One election walked through the app layer, with the guards, sign-offs and seating."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.committee.filing import record_receipt, set_material
from app.committee.officers import record_first_meeting
from app.committee.records import committee_of, members, seated
from app.elections import ballots, service, signoff, standing, workflow
from app.elections.checks import checks_for
from app.errors import BadInput
from app.rules import load_rules
from db.models import CommitteeMember, Compound, Election, OwnersCommittee, OwnersVote
from db.store import Store
from tests.elections.conftest import TODAY, Place
from tests.helpers.party import record_party_opinion

RULES = load_rules()
CANDIDATES = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]


def staff_group(session, election: Election, place: Place) -> None:
    for name, role in [("街道 周", "street_office"), ("党委 吴", "party_committee"),
                       ("民警 郑", "police"), ("居委 冯", "residents_committee")]:
        service.save_group_member(session, election, name, role, is_leader=role == "street_office")
    for i, unit_id in enumerate(place.unit_ids[9:12]):
        service.save_group_member(session, election, f"代表{i}", "owner_rep", unit_id=unit_id,
                                  is_party_member=i == 0)
    # the representatives were published before the group acts (Shenzhen regs Art. 20; [procedure])
    election.reps_published_on = TODAY - timedelta(days=RULES.procedure.reps_publication.days)


def nominate(session, election: Election, place: Place) -> None:
    for i, name in enumerate(CANDIDATES):
        service.save_candidate(session, election, name, unit_id=place.unit_ids[i],
                               is_party_member=i < 4)


def new_election(store: Store, place: Place) -> str:
    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, RULES, TODAY)
        service.update_application(session, election, TODAY, 3, "265.50", 7, RULES)
        record_party_opinion(election, TODAY)
        return election.id


def sign(store: Store, election_id: str, checkpoint: str, decision: str = "approved", day: date = TODAY, **kw):
    with store.transaction() as session:
        election = session.get(Election, election_id)
        return signoff.sign_checkpoint(session, election, checkpoint, decision, "tester", RULES, day, **kw)


def move(store: Store, election_id: str, target: str, day: date = TODAY) -> None:
    with store.transaction() as session:
        workflow.advance(session, session.get(Election, election_id), target, RULES, day)


def hold_first_meeting(store: Store, election_id: str, day: date) -> None:
    """The committee's first meeting chooses the first-ranked member 主任 (指导规则第三十二条)."""
    with store.transaction() as session:
        committee = committee_of(session, session.get(Election, election_id))
        rows = seated(members(session, committee.id), day)
        record_first_meeting(session, committee, day, rows[0].id, [rows[1].id] if rows[1:] else [], day)


def hand_in_filing(store: Store, election_id: str, day: date) -> None:
    """Every material of the kind's checklist, both receipts (指导规则第三十三条), and at a first
    election the statute votes the assembly passed (民法典第二百七十八条第一款第一、二项)."""
    with store.transaction() as session:
        election = session.get(Election, election_id)
        committee = committee_of(session, election)
        for material in RULES.term.materials_for(election.kind):
            set_material(committee, material.key, True, RULES)
        record_receipt(committee, "housing", day, day)
        record_receipt(committee, "street", day, day)
        if election.kind == "first":
            for subject in RULES.procedure.first_assembly.statute_votes:
                session.add(OwnersVote(
                    compound_id=election.compound_id, election_id=election.id, subject=subject,
                    title=subject, held_on=election.vote_end, total_owners=13,
                    total_area_m2=Decimal("1407.25"), voted_owners=13,
                    voted_area_m2=Decimal("1407.25"), yes_owners=13, yes_area_m2=Decimal("1407.25")))


def seat_and_file(store: Store, election_id: str, day: date) -> None:
    """tallied → seated (first meeting) → filed (备案, after the result's objection period)."""
    hold_first_meeting(store, election_id, day)
    move(store, election_id, "seated", day)
    filed_on = day + timedelta(days=RULES.procedure.result_objection.days + 1)
    hand_in_filing(store, election_id, filed_on)
    move(store, election_id, "filed", filed_on)


def test_walk_from_application_to_seated(store: Store, place: Place, tmp_path: Path) -> None:
    eid = new_election(store, place)
    with pytest.raises(BadInput, match="不能从“申请”直接进入“成立筹备组”"):
        move(store, eid, "group_formed")
    move(store, eid, "checkpoint_timing")
    with pytest.raises(BadInput, match="关口须签署审核"):
        move(store, eid, "group_formed")
    with pytest.raises(BadInput, match="不在筹备组人选关"):
        sign(store, eid, "group")
    sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election.stage == "group_formed"
        assert session.get(Compound, place.compound_id).committee_status == "preparing"
        staff_group(session, election, place)
    move(store, eid, "checkpoint_group")
    sign(store, eid, "group")
    with store.transaction() as session:
        nominate(session, session.get(Election, eid), place)
    move(store, eid, "checkpoint_candidates")
    sign(store, eid, "candidates")
    with pytest.raises(BadInput, match="公示与异议期"):
        move(store, eid, "voting", TODAY + timedelta(days=6))
    # The objection window is over on day 7, but the assembly must have been announced 15 days
    # before it meets (物业管理条例第十四条).
    with pytest.raises(BadInput, match="物业管理条例》第十四条"):
        move(store, eid, "voting", TODAY + timedelta(days=7))
    move(store, eid, "voting", TODAY + timedelta(days=15))

    with store.transaction() as session:
        election = session.get(Election, eid)
        # a paper ballot of 王一 (k1), then the e-vote export also has k1: the e-vote counts
        ballots.enter_paper_ballot(session, election, "k1", "甲", RULES)
        export = tmp_path / "evote.csv"
        export.write_text(
            "owner_id,vote\n" + "".join(f"k{i},{';'.join(CANDIDATES)}\n" for i in range(1, 9))
            + "1-110,甲;乙;丙;丁;戊;己;庚\n", encoding="utf-8")
        assert ballots.import_e_votes(session, election, export, RULES) == 9
        result = ballots.election_tally(session, election, RULES)
        assert result.superseded == 0 and result.participating_owners == 9
        # 13 owners: need 9; area 1407.25 m² · 2/3 = 938.17 (9 owners hold 841.75 → short)
        assert result.total_owners == 13 and result.total_area == Decimal("1407.25")
        assert not result.quorum_met and result.missing_area == Decimal("96.42")
    with pytest.raises(BadInput, match=r"尚差 0 名业主、96\.42 m²"):
        move(store, eid, "tallied", TODAY + timedelta(days=8))
    with store.transaction() as session:
        election = session.get(Election, eid)
        ballots.enter_paper_ballot(session, election, "developer", ";".join(CANDIDATES), RULES)
        superseded = [b for b in ballots._live_ballots(session, eid) if b.superseded]
        assert [b.owner_key for b in superseded] == ["k1"]
    move(store, eid, "tallied", TODAY + timedelta(days=8))
    with store.transaction() as session:  # the committee exists once the result is recorded
        compound = session.get(Compound, place.compound_id)
        assert compound.committee_status == "active" and compound.residents_committee_acting is False
        committee = session.scalar(select(OwnersCommittee).where(OwnersCommittee.compound_id == compound.id))
        rows = session.scalars(select(CommitteeMember).where(CommitteeMember.committee_id == committee.id))
        assert sorted(m.name for m in rows) == sorted(CANDIDATES)
    with pytest.raises(BadInput, match="不能从“计票与结果公告”直接进入“备案”"):
        move(store, eid, "filed", TODAY + timedelta(days=9))
    with pytest.raises(BadInput, match="尚未登记业委会首次会议"):  # 指导规则第三十二条
        move(store, eid, "seated", TODAY + timedelta(days=9))
    hold_first_meeting(store, eid, TODAY + timedelta(days=9))
    move(store, eid, "seated", TODAY + timedelta(days=9))
    with pytest.raises(BadInput, match="备案材料不全"):  # 指导规则第三十三条
        move(store, eid, "filed", TODAY + timedelta(days=20))
    hand_in_filing(store, eid, TODAY + timedelta(days=20))
    move(store, eid, "filed", TODAY + timedelta(days=20))
    with store.session() as session:
        assert session.get(Election, eid).stage == "filed"
        assert workflow.deadline(session.get(Election, eid), RULES) is None


def test_law_never_overridden_district_with_reason(store: Store, place: Place) -> None:
    eid = new_election(store, place)
    move(store, eid, "checkpoint_timing")
    sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        staff_group(session, election, place)
    move(store, eid, "checkpoint_group")
    with store.transaction() as session:
        # no party member among the owner representatives: a district setting fails
        for m in service.people(session, session.get(Election, eid))["group"]:
            if m.is_party_member:
                m.is_party_member = False
    with pytest.raises(BadInput, match="区设置未满足"):
        sign(store, eid, "group")
    with store.transaction() as session:
        election = session.get(Election, eid)
        service.save_group_member(session, election, "多余", "owner_rep", unit_id=place.unit_ids[0])
        service.save_group_member(session, election, "再多", "owner_rep", unit_id=place.unit_ids[1])
        service.save_group_member(session, election, "更多", "owner_rep", unit_id=place.unit_ids[2])
        codes = {c.code: c.passed for c in checks_for(session, election, "group", RULES, TODAY)}
        assert codes["group.size"] is True and codes["group.owner_reps"] is False
    with pytest.raises(BadInput, match="法定条件未满足"):
        sign(store, eid, "group", override_reason="区里同意")
    with store.transaction() as session:
        election = session.get(Election, eid)
        for m in service.people(session, election)["group"]:
            if m.name in ("多余", "再多", "更多"):
                service.remove_person(session, election, m)
    row = sign(store, eid, "group", override_reason="小区党员少，区里同意")
    assert row.override_reason == "小区党员少，区里同意"


def test_return_revoke_and_stale(store: Store, place: Place) -> None:
    eid = new_election(store, place)
    move(store, eid, "checkpoint_timing")
    with pytest.raises(BadInput, match="退回须写明理由"):
        sign(store, eid, "timing", "returned")
    sign(store, eid, "timing", "returned", comment="申请材料不全")
    with store.session() as session:
        assert session.get(Election, eid).stage == "application"
    move(store, eid, "checkpoint_timing")
    approved = sign(store, eid, "timing")
    with store.transaction() as session:
        election = session.get(Election, eid)
        staff_group(session, election, place)
    move(store, eid, "checkpoint_group")
    group_ok = sign(store, eid, "group")
    with store.transaction() as session:
        assert signoff.approval_status(session, group_ok.id) == "current"
        election = session.get(Election, eid)
        member = service.people(session, election)["group"][0]
        service.save_group_member(session, election, member.name + "（改）", member.role,
                                  is_leader=member.is_leader, member_id=member.id)
    with store.session() as session:
        assert signoff.approval_status(session, group_ok.id) == "stale"
        assert standing.stale_signoffs(session, session.get(Election, eid)) == ["group"]
    revocation = sign(store, eid, "timing", "revoked", comment="名册有误", revokes_id=approved.id)
    with store.session() as session:
        assert signoff.approval_status(session, approved.id) == "revoked"
        assert signoff.approval_status(session, revocation.id) == "current"
        assert session.get(Election, eid).stage == "checkpoint_timing"
    with pytest.raises(BadInput, match="已被撤销"):
        sign(store, eid, "timing", "revoked", comment="again", revokes_id=approved.id)


def test_deadlines_and_overdue_first(store: Store, place: Place) -> None:
    eid = new_election(store, place)
    with store.session() as session:
        election = session.get(Election, eid)
        assert workflow.deadline(election, RULES) == TODAY + timedelta(days=30)
        assert workflow.days_left(election, RULES, TODAY + timedelta(days=29)) == 1
        assert not workflow.is_overdue(election, RULES, TODAY + timedelta(days=30))
        assert workflow.is_overdue(election, RULES, TODAY + timedelta(days=31))
        rows = service.list_elections(session, RULES, TODAY + timedelta(days=31))
        assert rows[0].overdue and rows[0].stage_name == "申请"


def test_candidate_checks_flags_and_clash(store: Store, place: Place) -> None:
    eid = new_election(store, place)
    with store.transaction() as session:
        election = session.get(Election, eid)
        staff_group(session, election, place)
        nominate(session, election, place)
        service.save_candidate(session, election, "代表0", unit_id=place.unit_ids[9],
                               works_for_property=True)
        checks = {c.code: c for c in checks_for(session, election, "candidates", RULES, TODAY)}
    assert not checks["candidates.not_reps"].passed and checks["candidates.not_reps"].origin.is_law
    assert "代表0" in checks["candidates.not_reps"].detail
    assert not checks["candidates.property_staff"].passed and not checks["candidates.property_staff"].blocks
    assert checks["candidates.seats"].passed and checks["candidates.owners"].passed


def test_control_characters_in_a_comment_are_cleaned_before_signing(store: Store, place: Place) -> None:
    """A pasted control character would make the server refuse the sign-off forever (and
    cleaning it after signing would break the signature): it is removed before signing."""
    from app import signing

    eid = new_election(store, place)
    move(store, eid, "checkpoint_timing")
    approval = sign(store, eid, "timing", "returned", comment="材料\x07不全\x1b[31m")
    assert approval.comment == "材料不全[31m"
    assert "\x07" not in approval.payload and "\\u0007" not in approval.payload
    with store.session() as session:
        key = signoff.known_public_key(session, approval.key_id)
    assert key is not None
    signing.verify_approval(approval, key)
