"""The one state machine that moves an item between stages: legal transitions and their guards.

Every legal transition has a guard that checks what the target stage needs; anything else is
refused with BadInput. Every stage change writes an append-only AgendaStageEvent (who, when,
note) in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.agenda.items import (
    check_date_not_before_raised,
    get_item,
    need,
    positions_of,
    validate_positions,
    validate_progress,
    validate_satisfaction,
)
from app.agenda.stages import (
    ANSWERED,
    CLOSED,
    DECIDE,
    DISCUSS,
    DOING,
    LISTEN,
    REFERRED,
    STAGE_LABELS,
    STAGES,
)
from app.agenda_rules import local_today
from app.errors import BadInput
from app.standing_in import check_party
from db.models import AgendaItem, AgendaStageEvent, Compound
from db.tracking import actor_of
from db.types import new_id, utcnow


@dataclass
class StageChange:
    """What a caller supplies with a stage change; fields left None keep the item's value."""

    note: str = ""
    on: date | None = None  # the date of the change (default: the caseworker's today)
    meeting_id: str | None = None
    positions: dict[str, str] | None = None
    decision: str | None = None
    responsible_party: str | None = None
    deadline: date | None = None
    progress: int | None = None
    progress_note: str | None = None
    answer: str | None = None
    answer_method: str | None = None
    satisfaction: int | None = None
    referred_to: str | None = None
    referred_due: date | None = None
    referred_answer: str | None = None


Guard = Callable[[AgendaItem, StageChange], None]


def _guard_discuss(item: AgendaItem, change: StageChange) -> None:
    positions = positions_of(item)
    if not item.meeting_id and not any(text.strip() for text in positions.values()):
        raise BadInput("转入「议」需要注明在哪次会议上议，或至少记录一方的意见")


def _guard_decide(item: AgendaItem, change: StageChange) -> None:
    need(item.decision, "转入「定」需要填写决定内容")
    need(item.responsible_party, "转入「定」需要填写责任方")
    need(item.deadline, "转入「定」需要填写办理期限")
    check_date_not_before_raised(item, item.deadline, "办理期限")


def _guard_doing(item: AgendaItem, change: StageChange) -> None:
    return None


def _guard_answer(item: AgendaItem, change: StageChange) -> None:
    need(item.answer, "转入「回音」需要填写给居民的答复")
    need(item.answer_method, "转入「回音」需要填写答复方式（如公告栏张贴、微信群回复）")


def _guard_referred_answer(item: AgendaItem, change: StageChange) -> None:
    need(item.referred_answer, "需要先填写部门的答复（部门报到结果）")


def _guard_referred_to_answered(item: AgendaItem, change: StageChange) -> None:
    _guard_referred_answer(item, change)
    _guard_answer(item, change)


def _guard_refer(item: AgendaItem, change: StageChange) -> None:
    need(item.referred_to, "社区吹哨需要填写报到的部门")
    need(item.referred_due, "社区吹哨需要填写部门答复期限")
    check_date_not_before_raised(item, item.referred_due, "部门答复期限")


def _guard_needs_reason(item: AgendaItem, change: StageChange) -> None:
    need(change.note, "这一步需要在备注里写明原因")


def _guard_close(item: AgendaItem, change: StageChange) -> None:
    return None


# Every legal transition and its guard; anything not listed is an illegal jump.
TRANSITIONS: dict[tuple[str, str], Guard] = {
    (LISTEN, DISCUSS): _guard_discuss,
    (DISCUSS, DECIDE): _guard_decide,
    (DECIDE, DOING): _guard_doing,
    (DOING, ANSWERED): _guard_answer,
    (ANSWERED, CLOSED): _guard_close,
    (ANSWERED, DOING): _guard_needs_reason,  # residents not satisfied: back to work
    (LISTEN, REFERRED): _guard_refer,
    (DISCUSS, REFERRED): _guard_refer,
    (DECIDE, REFERRED): _guard_refer,
    (REFERRED, DOING): _guard_referred_answer,
    (REFERRED, ANSWERED): _guard_referred_to_answered,
    (LISTEN, CLOSED): _guard_needs_reason,  # duplicate or withdrawn
    (DISCUSS, CLOSED): _guard_needs_reason,
}


def _owners_matter_guard(session: Session, item: AgendaItem, on: date) -> None:
    """An owners' matter (agenda.toml, Civil Code Art. 278) reaches 定 only by the owners' vote.
    Imported here: the tally and the rules file are loaded only when an item is decided."""
    from app.owners_votes.agenda_matters import decide_problem
    from app.rules import load_rules

    problem = decide_problem(session, item, load_rules(), on)
    if problem:
        raise BadInput(problem)


def next_stages(stage: str) -> list[str]:
    """The stages an item in `stage` may move to, in display order."""
    return [target for (source, target) in TRANSITIONS if source == stage]


def _apply_change(item: AgendaItem, change: StageChange) -> None:
    validate_satisfaction(change.satisfaction)
    validate_progress(change.progress)
    for spec in fields(StageChange):
        name = spec.name
        if name in ("note", "on", "positions"):
            continue
        value = getattr(change, name)
        if value is not None:
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    if change.positions is not None:
        merged = {**positions_of(item), **validate_positions(change.positions)}
        item.positions_json = json.dumps(merged, ensure_ascii=False, sort_keys=True)


def advance(
    session: Session, item_id: str, to_stage: str, change: StageChange | None = None, *,
    now: datetime | None = None,
) -> AgendaItem:
    """Move an item to `to_stage` if the transition is legal and its guard holds.

    The change's fields are applied first, then the guard checks the result; on BadInput the
    caller's transaction rolls back, so nothing is saved.
    """
    change = change or StageChange()
    item = get_item(session, item_id)
    if to_stage not in STAGES:
        raise BadInput(f"未知的阶段「{to_stage}」")
    guard = TRANSITIONS.get((item.stage, to_stage))
    if guard is None:
        allowed = "、".join(f"「{STAGE_LABELS[s]}」" for s in next_stages(item.stage)) or "无（已办结）"
        raise BadInput(
            f"「{item.title}」不能从「{STAGE_LABELS[item.stage]}」直接转到「{STAGE_LABELS[to_stage]}」："
            f"下一步只能是 {allowed}"
        )
    now = now or utcnow()
    on = change.on or local_today(now)
    if on < item.raised_on:
        raise BadInput(f"流转日期（{on.isoformat()}）早于提出日期（{item.raised_on.isoformat()}）")
    _apply_change(item, change)
    for role in change.positions or {}:
        check_party(session.get(Compound, item.compound_id), role)
    guard(item, change)
    if to_stage == DECIDE:
        _owners_matter_guard(session, item, on)
    if to_stage == ANSWERED:
        item.answered_on = on
    if to_stage == CLOSED:
        item.closed_on = on
    if to_stage == DOING and item.stage == ANSWERED:
        item.answered_on = None
    from_stage = item.stage
    item.stage = to_stage
    session.add(
        AgendaStageEvent(
            id=new_id(), item_id=item.id, from_stage=from_stage, to_stage=to_stage, at=now,
            by=actor_of(session), note=change.note.strip(),
        )
    )
    session.flush()
    return item
