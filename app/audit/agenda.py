"""听、议、定: an item that passed 定 (decided) names who is responsible and by when; an item
that passed 回音 (answered) says how residents were told. "Passed" is read from the item's
stage history when it has one, else from its stage (referred items reach 办/回音 without 定)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select

from app.audit.context import AuditContext
from app.audit.findings import Finding, Subject
from app.rules import Source
from db.models import AgendaItem, AgendaStageEvent

# No law fixes these; the app's own 听议定 flow asks for them (app/agenda/moves.py's stage guards).
DECIDE_ORIGIN = Source("district", "听、议、定工作规程：“定”须明确责任方和办理期限")
ANSWER_ORIGIN = Source("district", "听、议、定工作规程：“回音”须写明答复方式（事在格中办，格里有回音）")
DECIDED_STAGES = frozenset({"decide", "doing", "answered", "closed"})


def stage_history(ctx: AuditContext) -> dict[str, set[str]]:
    reached: dict[str, set[str]] = defaultdict(set)
    for item_id, stage in ctx.session.execute(
            select(AgendaStageEvent.item_id, AgendaStageEvent.to_stage)
            .where(AgendaStageEvent.deleted_at.is_(None))):
        reached[item_id].add(stage)
    return reached


def passed(item: AgendaItem, history: set[str]) -> tuple[bool, bool]:
    """(decided, answered): whether the item passed 定 and 回音."""
    if history:
        reached = history | {item.stage}
        return "decide" in reached, "answered" in reached
    if item.stage == "closed":  # closed straight from 听/议 (a duplicate) was never decided
        answered = item.answered_on is not None
        return answered and not item.referred_to, answered
    decided = item.stage in DECIDED_STAGES and not item.referred_to
    return decided, item.stage == "answered"


def audit_agenda(ctx: AuditContext) -> Iterator[Finding]:
    history = stage_history(ctx)
    items = ctx.session.scalars(select(AgendaItem).where(AgendaItem.deleted_at.is_(None))
                                .order_by(AgendaItem.compound_id, AgendaItem.raised_on,
                                          AgendaItem.id))
    for item in items:
        decided, answered = passed(item, history.get(item.id, set()))
        subject = Subject("agenda_item", item.id, f"议事事项“{item.title}”")
        compound = ctx.compound_name(item.compound_id)
        if decided:
            missing = [field for field, value in (
                ("responsible_party", item.responsible_party.strip()), ("deadline", item.deadline),
            ) if not value]
            if missing:
                yield Finding("agenda.decided_incomplete", "violation", compound, subject,
                              DECIDE_ORIGIN, {"stage": item.stage, "missing": missing})
        if answered and not item.answer_method.strip():
            yield Finding("agenda.answer_method_missing", "violation", compound, subject,
                          ANSWER_ORIGIN, {"stage": item.stage})
