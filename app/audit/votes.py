"""Owners' votes and the procedure around the vote: an owners' matter (Civil Code Art. 278,
agenda.toml) decided without a passed owners' vote; a first election filed without its assembly
adopting the 管理规约 and 议事规则; a result filed inside its objection period; an election
started at a lifecycle stage that has none (拆迁改造期).

A candidate failing a mandatory condition yet signed, and owner representatives not published
long enough before 筹备组人选关 was signed, are checkpoint checks (app/elections/checks.py): the
checkpoint family re-runs them as of the sign-off day and reports them there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import select

from app.agenda_rules import local_zone
from app.audit.agenda import passed, stage_history
from app.audit.context import AuditContext
from app.audit.findings import Finding, Subject
from app.elections.procedure import result_objection_end
from app.lifecycle_work import KIND_NAMES
from app.owners_votes.agenda_matters import THRESHOLD_ZH, deciding_vote, owners_matter
from app.owners_votes.first_assembly import STATUTE_NAMES, missing_statutes
from app.rules import Source
from db.models import AgendaItem, AgendaStageEvent, Compound, Election, LifecycleChange

WORDING: dict[str, Any] = {
    "owners_matter.no_vote": lambda p: f"属业主共同决定事项（{p['category']}），已进入“定”，"
    f"但此前没有通过的业主表决（须{p['threshold']}）",
    "first_assembly.statutes_missing": lambda p: "首次选举已备案，但首次业主大会未表决通过"
    + "、".join(p["missing"]),
    "result.filed_in_objection": lambda p: f"选举结果 {p['published']} 公告，异议期至 {p['ends']}，"
    f"{p['filed_on']} 即备案（异议期未满）",
    "lifecycle.no_election": lambda p: f"{p['kind']}于小区处在{p['stage']}时开展"
    + ("（该阶段不开展业委会选举）" if not p["allowed"] else f"（该阶段只开展{'、'.join(p['allowed'])}）"),
}
FILED_STAGES = ("filed",)


def _decided_on(ctx: AuditContext) -> dict[str, date]:
    """The caseworker's day each item was first put at 定 (from its stage history)."""
    zone = local_zone()
    days: dict[str, date] = {}
    for item_id, at in ctx.session.execute(
            select(AgendaStageEvent.item_id, AgendaStageEvent.at)
            .where(AgendaStageEvent.to_stage == "decide", AgendaStageEvent.deleted_at.is_(None))
            .order_by(AgendaStageEvent.at)):
        days.setdefault(item_id, at.astimezone(zone).date())
    return days


def _owners_matters(ctx: AuditContext) -> Iterator[Finding]:
    history = stage_history(ctx)
    decided_on = _decided_on(ctx)
    items = ctx.session.scalars(select(AgendaItem).where(AgendaItem.deleted_at.is_(None))
                                .order_by(AgendaItem.compound_id, AgendaItem.raised_on, AgendaItem.id))
    for item in items:
        found = owners_matter(item.category)
        if found is None or not passed(item, history.get(item.id, set()))[0]:
            continue
        if deciding_vote(ctx.session, item, ctx.rules, decided_on.get(item.id)) is None:
            yield Finding("owners_matter.no_vote", "violation", ctx.compound_name(item.compound_id),
                          Subject("agenda_item", item.id, f"议事事项“{item.title}”"),
                          Source(found.kind, found.source, verified=found.verified),
                          {"category": found.label, "matter": found.matter,
                           "threshold": THRESHOLD_ZH[found.matter]})


def _filed(election: Election) -> bool:
    return election.filed_on is not None or election.stage in FILED_STAGES


def _stage_on(compound: Compound, changes: list[LifecycleChange], day: date | None) -> str:
    """The compound's lifecycle stage on `day` from its recorded changes (current when unknown)."""
    if day is None:
        return compound.lifecycle_stage
    before = [c for c in changes if c.changed_on <= day]
    if before:
        return before[-1].to_stage
    after = [c for c in changes if c.changed_on > day]
    if after and after[0].from_stage:
        return after[0].from_stage
    return compound.lifecycle_stage


def _changes(ctx: AuditContext) -> dict[str, list[LifecycleChange]]:
    result: dict[str, list[LifecycleChange]] = {}
    for change in ctx.session.scalars(select(LifecycleChange).where(
            LifecycleChange.deleted_at.is_(None)).order_by(LifecycleChange.changed_on, LifecycleChange.id)):
        result.setdefault(change.compound_id, []).append(change)
    return result


def _elections(ctx: AuditContext) -> Iterator[Finding]:
    procedure = ctx.rules.procedure
    changes = _changes(ctx)
    for election in ctx.elections():
        if election.historical:
            continue  # imported as done: never passed through this app's steps
        if _filed(election):
            missing = missing_statutes(ctx.session, election, ctx.rules)
            if missing:
                yield ctx.finding("first_assembly.statutes_missing", election,
                                  procedure.first_assembly.origin,
                                  {"missing": [STATUTE_NAMES.get(s, s) for s in missing]})
            ends = result_objection_end(election, ctx.rules)
            if ends is not None and election.filed_on is not None and election.filed_on <= ends:
                yield ctx.finding("result.filed_in_objection", election, procedure.result_objection.origin,
                                  {"published": str(election.result_published_on), "ends": str(ends),
                                   "filed_on": str(election.filed_on)})
        compound = ctx.session.get(Compound, election.compound_id)
        if compound is None:
            continue
        stage_name = _stage_on(compound, changes.get(compound.id, []), election.applied_on)
        stage = procedure.stage(stage_name)
        if stage is not None and election.kind not in stage.elections:
            yield ctx.finding("lifecycle.no_election", election, stage.origin,
                              {"stage": stage_name, "kind": KIND_NAMES.get(election.kind, election.kind),
                               "allowed": [KIND_NAMES.get(k, k) for k in stage.elections]})


def audit_votes(ctx: AuditContext) -> Iterator[Finding]:
    yield from _owners_matters(ctx)
    yield from _elections(ctx)
