"""Checkpoints (三关): an election past a checkpoint carries an approved, unrevoked sign-off of
it that verifies with a key known here as its signer's, and still matches the names on file;
and the checkpoint's own checks (app.elections.checks) hold as of the day it was signed.

Historical elections (imported as already under way or done) never passed the checkpoints in
this app: each is reported once as information and not checked here."""

from __future__ import annotations

from collections.abc import Iterator

from app.audit.context import AuditContext
from app.audit.findings import Finding
from app.elections.checks import Check, checks_for
from app.elections.service import election_problems
from app.elections.signoff import key_owner, signature_status
from app.elections.stages import CHECKPOINT_STAGE, checkpoint_name, stages_for
from app.elections.standing import StandingSignoff, standing_signoffs
from app.elections.timing import KIND_CHECK_CODES
from app.rules import Rules, Source
from db.models import Election

# A record the app cannot read as an election at all.
RECORD_ORIGIN = Source("district", "本应用的选举流程（数据须可读）")
HISTORICAL_ORIGIN = Source("district", "导入的历史选举记录：未经本应用关口签核")


def checkpoint_origin(rules: Rules, checkpoint: str, kind: str = "first") -> Source:
    """The rule a checkpoint applies, cited for a checkpoint passed without a valid sign-off:
    a first election's timing rests on the preparation trigger, another kind's on its own rule."""
    found = rules.kinds.of(kind)
    if checkpoint == "timing" and found is not None and not found.preparation:
        return found.origin
    return {"timing": rules.trigger.origin, "group": rules.group.origin,
            "candidates": rules.committee.origin}[checkpoint]


def passed_checkpoints(election: Election, rules: Rules | None = None) -> list[str]:
    """The checkpoints whose stage lies behind the election's stage (for its kind)."""
    stages = stages_for(election.kind, rules)
    here = stages.index(election.stage)
    return [cp for cp, stage in CHECKPOINT_STAGE.items()
            if stage in stages and stages.index(stage) < here]


def _applies(check: Check) -> bool:
    """checks_for already holds only the checks of the election's kind ([kinds.<kind>]); each
    kind's own conditions are judged by the kinds family (app.audit.kinds)."""
    return not check.flag_only and not check.passed and check.code not in KIND_CHECK_CODES


def _signoff_findings(ctx: AuditContext, election: Election, checkpoint: str,
                      standing: StandingSignoff | None) -> Iterator[Finding]:
    named = {"checkpoint": checkpoint,
             "checkpoint_name": checkpoint_name(checkpoint, election.kind, ctx.rules)}
    origin = checkpoint_origin(ctx.rules, checkpoint, election.kind)
    if standing is None:
        yield ctx.finding("checkpoint.unsigned", election, origin, named)
        return
    approval = standing.approval
    status = signature_status(ctx.session, approval)
    if status == "valid" and key_owner(ctx.session, approval.key_id) != approval.signer:
        status = "not_signers_key"
    if status != "valid":
        yield ctx.finding("checkpoint.signature", election, origin,
                          {**named, "status": status, "signer": approval.signer,
                           "approval_id": approval.id})
    if standing.status == "stale" and checkpoint != "timing":  # the register may grow later
        yield ctx.finding("checkpoint.stale", election, origin,
                          {**named, "approval_id": approval.id})


def _check_findings(ctx: AuditContext, election: Election, checkpoint: str,
                    standing: StandingSignoff | None) -> Iterator[Finding]:
    approval = standing.approval if standing is not None else None
    day = approval.signed_at.date() if approval is not None else (election.stage_since or ctx.today)
    for check in checks_for(ctx.session, election, checkpoint, ctx.rules, day):
        if not _applies(check):
            continue
        params = {"checkpoint": checkpoint,
                  "checkpoint_name": checkpoint_name(checkpoint, election.kind, ctx.rules),
                  "check": check.code, "title": check.title, "detail": check.detail}
        if not check.origin.is_law and approval is not None and approval.override_reason:
            yield ctx.finding("checkpoint.overridden", election, check.origin,
                              {**params, "reason": approval.override_reason}, "info")
        else:
            yield ctx.finding(f"check.{check.code}", election, check.origin, params)


def audit_checkpoints(ctx: AuditContext) -> Iterator[Finding]:
    for election in ctx.elections():
        bad = election_problems(election.kind, election.stage)
        if bad:
            yield ctx.finding("election.unreadable", election, RECORD_ORIGIN,
                              {"fields": list(bad), "kind": election.kind,
                               "stage": election.stage})
            continue
        passed = passed_checkpoints(election, ctx.rules)
        if not passed:
            continue
        if election.historical:
            yield ctx.finding("election.historical", election, HISTORICAL_ORIGIN,
                              {"checkpoints": [checkpoint_name(cp, election.kind, ctx.rules)
                                               for cp in passed]}, "info")
            continue
        standing = standing_signoffs(ctx.session, election)
        for checkpoint in passed:
            yield from _signoff_findings(ctx, election, checkpoint, standing.get(checkpoint))
            yield from _check_findings(ctx, election, checkpoint, standing.get(checkpoint))
