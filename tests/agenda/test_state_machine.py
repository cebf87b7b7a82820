"""The agenda state machine: every legal transition with its guard, every illegal jump refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import agenda
from app.agenda import STAGES, TRANSITIONS, StageChange
from app.errors import BadInput
from db.models import AgendaItem, AgendaStageEvent
from db.store import Store
from db.tracking import AppendOnlyError
from tests.agenda.conftest import NOW, District, item_at

# A complete change for each legal transition.
LEGAL = {
    ("listen", "discuss"): StageChange(positions={"property": "可以在东门划线"}),
    ("discuss", "decide"): StageChange(
        decision="东门划临时车位", responsible_party="物业企业", deadline=date(2026, 3, 31)
    ),
    ("decide", "doing"): StageChange(progress=10, progress_note="已询价"),
    ("doing", "answered"): StageChange(answer="已完成", answer_method="微信群回复", satisfaction=5),
    ("answered", "closed"): StageChange(note="居民满意"),
    ("answered", "doing"): StageChange(note="居民反映车位不够，继续办理"),
    ("listen", "referred"): StageChange(referred_to="区城管局", referred_due=date(2026, 3, 20)),
    ("discuss", "referred"): StageChange(referred_to="区城管局", referred_due=date(2026, 3, 20)),
    ("decide", "referred"): StageChange(referred_to="区城管局", referred_due=date(2026, 3, 20)),
    ("referred", "doing"): StageChange(referred_answer="城管局同意，交物业办理"),
    ("referred", "answered"): StageChange(
        referred_answer="城管局已处理", answer="违建已拆除", answer_method="上门告知"
    ),
    ("listen", "closed"): StageChange(note="与另一事项重复"),
    ("discuss", "closed"): StageChange(note="提出人撤回"),
}
GUARDED = sorted(k for k in LEGAL if k not in {("decide", "doing"), ("answered", "closed")})
ILLEGAL = [(a, b) for a in STAGES for b in STAGES if (a, b) not in TRANSITIONS]


def test_every_transition_is_covered() -> None:
    assert set(LEGAL) == set(TRANSITIONS)
    assert ("listen", "decide") in ILLEGAL and ("closed", "listen") in ILLEGAL


def _events(store: Store, item_id: str) -> int:
    with store.session() as s:
        return s.scalar(
            select(func.count()).select_from(AgendaStageEvent).where(AgendaStageEvent.item_id == item_id)
        ) or 0


@pytest.mark.parametrize(("source", "target"), sorted(LEGAL))
def test_legal_transition_moves_and_records(
    store: Store, district: District, source: str, target: str
) -> None:
    item_id = item_at(store, district.garden, source)
    before = _events(store, item_id)
    with store.transaction() as s:
        agenda.advance(s, item_id, target, LEGAL[(source, target)], now=NOW)
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.stage == target
        last = agenda.timeline(s, item_id)[-1]
    assert _events(store, item_id) == before + 1
    assert last is not None and (last.from_stage, last.to_stage, last.by) == (source, target, "tester")
    assert last.note == LEGAL[(source, target)].note


@pytest.mark.parametrize(("source", "target"), GUARDED)
def test_guard_refuses_missing_fields_and_saves_nothing(
    store: Store, district: District, source: str, target: str
) -> None:
    item_id = item_at(store, district.garden, source)
    before = _events(store, item_id)
    with pytest.raises(BadInput) as caught, store.transaction() as s:
        if (source, target) == ("listen", "discuss"):
            agenda.advance(s, item_id, target, StageChange(), now=NOW)
        else:
            # Clear the fields the guard needs (as a caller might send blanks), then advance.
            blank = StageChange(
                decision="", responsible_party="", answer="", answer_method="", referred_to="",
                referred_answer="", note="",
            )
            item = s.get(AgendaItem, item_id)
            assert item is not None
            item.deadline = None
            item.referred_due = None
            agenda.advance(s, item_id, target, blank, now=NOW)
    assert str(caught.value)
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.stage == source
    assert _events(store, item_id) == before


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_jump_is_refused_with_message(
    store: Store, district: District, source: str, target: str
) -> None:
    item_id = item_at(store, district.garden, source)
    with pytest.raises(BadInput) as caught, store.transaction() as s:
        agenda.advance(s, item_id, target, StageChange(note="x"), now=NOW)
    message = str(caught.value)
    assert agenda.STAGE_LABELS[source] in message and agenda.STAGE_LABELS[target] in message
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.stage == source


def test_decide_deadline_before_raised_date_refused(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "discuss", raised_on=date(2026, 3, 5))
    with pytest.raises(BadInput, match="早于提出日期"), store.transaction() as s:
        agenda.advance(
            s, item_id, "decide",
            StageChange(decision="d", responsible_party="物业", deadline=date(2026, 3, 4)), now=NOW,
        )
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.stage == "discuss" and item.deadline is None


def test_answer_sets_dates_and_reopen_clears_them(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "answered")
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.answered_on == date(2026, 3, 10)
    with store.transaction() as s:
        agenda.advance(s, item_id, "doing", StageChange(note="不满意"), now=NOW)
    with store.session() as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None and item.answered_on is None


def test_bad_satisfaction_and_progress_refused(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "doing")
    with pytest.raises(BadInput, match="满意度"), store.transaction() as s:
        agenda.advance(
            s, item_id, "answered", StageChange(answer="a", answer_method="m", satisfaction=9), now=NOW
        )
    with pytest.raises(BadInput, match="办理进度"), store.transaction() as s:
        agenda.update_item(s, item_id, progress=120)


def test_stage_events_are_append_only(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "discuss")
    with pytest.raises(AppendOnlyError), store.transaction() as s:
        event = s.scalars(select(AgendaStageEvent).where(AgendaStageEvent.item_id == item_id)).first()
        assert event is not None
        event.note = "rewritten"


def test_timeline_lists_every_change_in_order(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "closed")
    with store.session() as s:
        stages = [e.to_stage for e in agenda.timeline(s, item_id)]
    assert stages == ["listen", "discuss", "decide", "doing", "answered", "closed"]


def test_stage_cannot_be_set_by_update(store: Store, district: District) -> None:
    item_id = item_at(store, district.garden, "listen")
    with pytest.raises(BadInput, match="stage"), store.transaction() as s:
        agenda.update_item(s, item_id, stage="closed")
