"""以居代业 (深建规〔2023〕1号, [procedure.standing_in], unverified: its validity ended 2026-02-28):
where a compound has no owners' committee the residents' committee takes its seat — at the
meeting, among the parties of an agenda item, in the answer notice — and no 业主委员会 that does
not exist is named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app import agenda, meetings
from app.agenda_rules import load_rules
from app.errors import BadInput
from app.printing.documents.meetings import answer_notice
from app.standing_in import roles_for
from db.models import Compound
from db.store import Store
from tests.procedure.conftest import make_place

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def _meeting(store: Store, compound_id: str) -> str:
    with store.transaction() as s:
        return meetings.create_meeting(s, compound_id=compound_id, kind="joint", held_at=NOW).id


def test_no_committee_attendee_where_there_is_none(store: Store) -> None:
    place = make_place(store, committee_status="none", acting=True)
    meeting_id = _meeting(store, place.compound_id)
    with store.transaction() as s, pytest.raises(BadInput, match=r"没有在任的业主委员会.*以居代业"):
        meetings.add_attendee(s, meeting_id, name="李主任", role="committee")
    with store.transaction() as s:
        row = meetings.add_attendee(s, meeting_id, name="王书记", role="社区居委会（以居代业）")
        assert row.role == "residents_cmte"
        assert meetings.meeting_roles(s, meeting_id)["residents_cmte"] == "社区居委会（以居代业）"


def test_a_sitting_committee_is_a_party(store: Store) -> None:
    place = make_place(store, committee_status="active")
    meeting_id = _meeting(store, place.compound_id)
    with store.transaction() as s:
        assert meetings.add_attendee(s, meeting_id, name="李主任", role="业委会").role == "committee"


def test_parties_replace_the_committee_in_place() -> None:
    roles = load_rules().roles
    acting = roles_for(Compound(name="x", committee_status="expired", residents_committee_acting=True), roles)
    assert "committee" not in acting and acting["residents_cmte"] == "社区居委会（以居代业）"
    assert list(acting)[1] == "residents_cmte"  # the committee's place at the table
    sitting = roles_for(Compound(name="y", committee_status="active", residents_committee_acting=False), roles)
    assert sitting["committee"] == "业委会"


def test_positions_of_a_missing_committee_are_refused(store: Store) -> None:
    place = make_place(store, committee_status="none")
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="楼道堆物",
                                  raised_on=date(2026, 3, 1), category="hygiene", source="visit", now=NOW)
    with store.transaction() as s, pytest.raises(BadInput, match="没有在任的业主委员会"):
        agenda.advance(s, item.id, "discuss", agenda.StageChange(positions={"committee": "同意"}), now=NOW)


def test_answer_notice_names_the_residents_committee(store: Store) -> None:
    place = make_place(store, committee_status="none", acting=True)
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="楼道堆物",
                                  raised_on=date(2026, 3, 1), category="hygiene", source="visit", now=NOW)
        for target, change in [
            ("discuss", agenda.StageChange(positions={"residents_cmte": "同意清理"})),
            ("decide", agenda.StageChange(decision="三天内清理", responsible_party="物业企业",
                                          deadline=date(2026, 3, 20))),
            ("doing", agenda.StageChange()),
            ("answered", agenda.StageChange(answer="已清理", answer_method="notice")),
        ]:
            agenda.advance(s, item.id, target, change, now=NOW)
        text = "".join(str(getattr(p, "text", "")) for p in answer_notice(s, item.id).story)
    parties = text[text.index("按照"):text.index("议定")]
    assert "五和社区居民委员会（以居代业）" in parties and "业主委员会" not in parties


def test_editing_positions_refuses_a_missing_committee(store: Store) -> None:
    place = make_place(store, committee_status="expired")
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="路灯不亮",
                                  raised_on=date(2026, 3, 1), category="repairs", source="visit", now=NOW)
    with store.transaction() as s, pytest.raises(BadInput, match="没有在任的业主委员会"):
        agenda.set_positions(s, item.id, {"committee": "同意维修"})
    with store.transaction() as s:
        agenda.set_positions(s, item.id, {"residents_cmte": "同意维修"})
