"""A kind's 筹备时机关 signs the facts its checks read — for an early re-election, the committee it
replaces (members, who left when, its last meeting, removal votes): the server recomputes that
content from its own rows (server/signoff.py), so a genuine sign-off made in the app is taken and
a colleague's later change to those facts makes it refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.elections import actions
from app.elections.timing_facts import TimingFacts
from app.sync.conflicts import open_conflicts
from db.models import (
    CommitteeMember,
    Compound,
    Election,
    Meeting,
    MeetingAttendance,
    OwnersCommittee,
    Unit,
)
from tests.sync.conftest import Device, community_of
from tests.sync.test_signoffs import RULES, TODAY

MakeDevice = Callable[[str], Device]


def early_election_at_timing(device: Device) -> str:
    """A committee of 7 (two left) that last met 200 days ago: an early re-election for
    inactivity ([kinds.early.triggers.inactive]) waits at its timing checkpoint."""
    start = date(2022, 1, 10)
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=f"换届苑-{uuid.uuid4().hex[:6]}",
                            delivered_on=date(2015, 1, 1))
        session.add(compound)
        session.flush()
        units = [Unit(compound_id=compound.id, building="1", room=str(100 + i), owner_name=f"业主{i}",
                      owner_key=f"k{i}", area_m2=Decimal("88.50")) for i in range(1, 13)]
        session.add_all(units)
        committee = OwnersCommittee(compound_id=compound.id, status="active", term_start=start,
                                    term_end=date(2027, 1, 9), first_meeting_on=start)
        session.add(committee)
        session.flush()
        for i in range(7):
            session.add(CommitteeMember(
                committee_id=committee.id, name=f"业主{i + 1}", unit_id=units[i].id, rank=i + 1,
                role="director" if i == 0 else "member", joined_on=start,
                left_on=date(2025, 6, 1) if i >= 5 else None,
                left_reason="resigned" if i >= 5 else None))
        meeting = Meeting(compound_id=compound.id, kind="joint", status="closed", title="三方会",
                          held_at=datetime.combine(TODAY - timedelta(days=200), datetime.min.time(),
                                                   UTC))
        session.add(meeting)
        session.flush()
        session.add(MeetingAttendance(meeting_id=meeting.id, name="业主1", role="committee"))
        compound_id = compound.id
    election_id = actions.create(device.store, compound_id, "early", 7, RULES, TODAY)
    actions.save_timing_facts(device.store, election_id, TimingFacts(trigger="inactive"), RULES,
                              TODAY)
    actions.advance(device.store, election_id, "checkpoint_timing", RULES, TODAY)
    return election_id


def approve(device: Device, election_id: str) -> str:
    view = actions.load_view(device.store, election_id, RULES, TODAY)
    assert view.draft is not None and not [c.title for c in view.draft.checks if c.blocks]
    return actions.sign(device.store, election_id, "timing", "approved", RULES, TODAY,
                        comment="长期不履职", expected_hash=view.draft.content_hash).id


def test_an_early_reelections_timing_sign_off_signs_what_the_server_holds(
        make_device: MakeDevice) -> None:
    a = make_device("cw")
    election_id = early_election_at_timing(a)
    approval_id = approve(a, election_id)
    report = a.sync()
    assert report.refused == 0 and report.conflicts == 0, open_conflicts(a.store)
    b = make_device("cw2")
    with b.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None and election.stage == "group_formed"
    assert approval_id


def test_a_committee_changed_since_makes_the_sign_off_refused(make_device: MakeDevice) -> None:
    a = make_device("cw")
    election_id = early_election_at_timing(a)
    assert a.sync().refused == 0
    b = make_device("cw2")
    with b.store.transaction() as session:  # a colleague records another member leaving
        election = session.get(Election, election_id)
        assert election is not None
        member = session.query(CommitteeMember).join(
            OwnersCommittee, OwnersCommittee.id == CommitteeMember.committee_id).filter(
            OwnersCommittee.compound_id == election.compound_id,
            CommitteeMember.name == "业主2").one()
        member.left_on, member.left_reason = TODAY - timedelta(days=3), "moved_out"
    assert b.sync().refused == 0
    approval_id = approve(a, election_id)  # a has not pulled the change
    a.sync()
    conflicts = {c.row_id: c for c in open_conflicts(a.store)}
    assert approval_id in conflicts and "content_hash does not match" in conflicts[approval_id].reason
