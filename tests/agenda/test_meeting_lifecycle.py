"""A meeting's life: 计划 → 进行中 → 已结束 with the times kept, refusals out of order, and a new
meeting prefilled with the compound's parties (以居代业 included) and its open items."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import meetings
from app.errors import BadInput
from app.meeting_setup import invitees, prefill
from db.models import (
    BranchCompound,
    CommitteeMember,
    Compound,
    Meeting,
    OwnersCommittee,
    PartyBranch,
    PropertyCompany,
)
from db.store import Store
from tests.agenda.conftest import District, item_at

HELD = datetime(2026, 3, 12, 11, 30, tzinfo=UTC)


def plan(store: Store, compound_id: str, **extra: object) -> str:
    with store.transaction() as s:
        return meetings.create_meeting(s, compound_id=compound_id, kind="joint", held_at=HELD,
                                       **extra).id  # type: ignore[arg-type]


def test_start_then_end_records_both_times(store: Store, district: District) -> None:
    meeting_id = plan(store, district.garden)
    start, end = HELD, HELD + timedelta(hours=2)
    with store.transaction() as s:
        meetings.start_meeting(s, meeting_id, now=start)
    with store.transaction() as s:
        meetings.end_meeting(s, meeting_id, now=end)
    with store.session() as s:
        row = s.get(Meeting, meeting_id)
        assert row is not None
        assert (row.status, row.started_at, row.ended_at) == ("closed", start, end)
        view = meetings.meeting_view(s, meeting_id)
        assert (view.started_at, view.ended_at) == (start, end)
        listed = meetings.list_meetings(s)[0]
        assert (listed.status, listed.started_at, listed.ended_at) == ("closed", start, end)


def test_out_of_order_is_refused_and_nothing_changes(store: Store, district: District) -> None:
    meeting_id = plan(store, district.garden)
    with pytest.raises(BadInput, match="还没有开始"), store.transaction() as s:
        meetings.end_meeting(s, meeting_id)
    with store.transaction() as s:
        meetings.start_meeting(s, meeting_id, now=HELD)
    with pytest.raises(BadInput, match="正在进行"), store.transaction() as s:
        meetings.start_meeting(s, meeting_id)
    with pytest.raises(BadInput, match="早于开始时间"), store.transaction() as s:
        meetings.end_meeting(s, meeting_id, now=HELD - timedelta(minutes=1))
    with store.session() as s:
        row = s.get(Meeting, meeting_id)
        assert row is not None and (row.status, row.ended_at) == ("open", None)


def _parties(store: Store, district: District, *, acting: bool = False) -> None:
    with store.transaction() as s:
        garden = s.get(Compound, district.garden)
        assert garden is not None
        company = PropertyCompany(name="万科物业服务有限公司")
        s.add(company)
        s.flush()
        garden.property_company_id = company.id
        if acting:
            garden.committee_status = "none"
            garden.residents_committee_acting = True
        branch = PartyBranch(community_id=garden.community_id, name="第五园小区党支部",
                             kind="single", secretary_name="王书记")
        s.add(branch)
        s.flush()
        s.add(BranchCompound(branch_id=branch.id, compound_id=garden.id))
        committee = OwnersCommittee(compound_id=garden.id, status="active")
        s.add(committee)
        s.flush()
        s.add_all([CommitteeMember(committee_id=committee.id, name="李主任", role="director"),
                   CommitteeMember(committee_id=committee.id, name="赵委员", role="member")])


def test_prefill_invites_the_parties_and_queues_open_items(store: Store, district: District) -> None:
    _parties(store, district)
    heard = item_at(store, district.garden, "listen", title="楼道堆物")
    discussed = item_at(store, district.garden, "discuss", title="夜间停车难")
    item_at(store, district.garden, "decide", title="已定的事")  # not open: not queued
    item_at(store, district.harbour, "listen", title="别的小区")  # other compound
    meeting_id = plan(store, district.garden, prefill=True)
    with store.session() as s:
        view = meetings.meeting_view(s, meeting_id)
    assert sorted((a.name, a.role) for a in view.attendees) == [
        ("万科物业服务有限公司", "property"), ("李主任", "committee"), ("王书记", "party_branch")]
    assert [i.agenda_item_id for i in view.items] == [heard, discussed]
    with store.transaction() as s:  # again: nothing doubled
        assert (prefill(s, meeting_id).attendees, prefill(s, meeting_id).items) == (0, 0)


def test_prefill_under_standing_in_invites_the_residents_committee(
        store: Store, district: District) -> None:
    _parties(store, district, acting=True)
    with store.session() as s:
        people = invitees(s, district.garden)
    assert ("第五园社区居委会", "residents_cmte") in people
    assert all(role != "committee" for _name, role in people)
    meeting_id = plan(store, district.garden, prefill=True)
    with store.session() as s:
        roles = {a.role for a in meetings.meeting_view(s, meeting_id).attendees}
    assert roles == {"party_branch", "residents_cmte", "property"}


def test_minutes_of_an_ended_meeting_give_the_time_it_opened(
        store: Store, district: District, tmp_path: Path) -> None:
    """Planned for the 12th, held on the 13th at 10:00 (Shenzhen): the minutes say when it was
    held, and are final (no draft banner)."""
    from app.printing import render

    meeting_id = plan(store, district.garden)
    with store.transaction() as s:
        meetings.start_meeting(s, meeting_id, now=datetime(2026, 3, 13, 2, 0, tzinfo=UTC))
        meetings.end_meeting(s, meeting_id, now=datetime(2026, 3, 13, 3, 30, tzinfo=UTC))
    with store.session() as s:
        pdf = tmp_path / "minutes.pdf"
        pdf.write_bytes(render(s, "minutes", meeting_id))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "").replace(" ", "")
    assert "2026年3月13日10:00" in text and "2026年3月12日" not in text
    assert "定稿" not in text
