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
        raise BadInput(code="agenda.discuss_needs_meeting")


def _guard_decide(item: AgendaItem, change: StageChange) -> None:
    need(item.decision, "agenda.decide_needs_decision")
    need(item.responsible_party, "agenda.decide_needs_party")
    need(item.deadline, "agenda.decide_needs_deadline")
    check_date_not_before_raised(item, item.deadline, "办理期限")


def _guard_doing(item: AgendaItem, change: StageChange) -> None:
    return None


def _guard_answer(item: AgendaItem, change: StageChange) -> None:
    need(item.answer, "agenda.answer_needs_answer")
    need(item.answer_method, "agenda.answer_needs_method")


def _guard_referred_answer(item: AgendaItem, change: StageChange) -> None:
    need(item.referred_answer, "agenda.referred_needs_answer")


def _guard_referred_to_answered(item: AgendaItem, change: StageChange) -> None:
    _guard_referred_answer(item, change)
    _guard_answer(item, change)


def _guard_refer(item: AgendaItem, change: StageChange) -> None:
    need(item.referred_to, "agenda.refer_needs_department")
    need(item.referred_due, "agenda.refer_needs_due")
    check_date_not_before_raised(item, item.referred_due, "部门答复期限")


def _guard_needs_reason(item: AgendaItem, change: StageChange) -> None:
    need(change.note, "agenda.move_needs_reason")


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
    if problem is not None:
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
        raise BadInput(code="agenda.unknown_stage", to_stage=to_stage)
    guard = TRANSITIONS.get((item.stage, to_stage))
    if guard is None:
        allowed = [STAGE_LABELS[s] for s in next_stages(item.stage)] or ["无（已办结）"]
        raise BadInput(code="agenda.bad_move", title=item.title, stage=STAGE_LABELS[item.stage],
            to_stage=STAGE_LABELS[to_stage], allowed=allowed)
    now = now or utcnow()
    on = change.on or local_today(now)
    if on < item.raised_on:
        raise BadInput(code="agenda.move_before_raised", on=on.isoformat(),
            raised_on=item.raised_on.isoformat())
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
