"""The three checkpoints (三道关口) as the server holds them: an election moves past a checkpoint
only with an approval of it that the server accepted (signature and content verified,
server.signoff), that nobody has revoked and that still matches the server's rows. Clients move
elections through `app.elections.signoff`, which records the approval before the stage change, so
their pushes carry the approval first; a stage change without one is refused.

Stage lists come from `app.elections.stages` (the client's own, read from the default rules
file's [kinds.*]). A stage or kind the lists do
not know is refused, never skipped; a move is checked against the checkpoints of the old kind and
of the new one, and the kind is fixed once the first checkpoint is passed. A new election starts
at its kind's first stage, unless a supervisor pushes it as a historical record (an election
already under way before the app was used): it is then taken at the stage it arrives at, and
gated like any other from there on. See docs/sync-protocol.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.elections.checks import content_for
from app.elections.stages import (
    CHECKPOINT_STAGE,
    STAGE_CHECKPOINT,
    checkpoint_name,
    flow,
    stages_for,
)
from app.signing import content_hash
from db.codec import content_columns
from db.models import AgendaItem, CheckpointApproval, Election
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES
from server.auth import Caller
from server.problems import Problem
from server.problems import shown as _shown

POSITION = {stage: at for at, stage in enumerate(ELECTION_STAGES)}
# Entering these, the approved names must still be the names on file (the client's own guard,
# app.elections.workflow._guard_signoffs_current).
NAMES_CHECKED_AT = ("voting", "tallied")
NAMED_CHECKPOINTS = ("group", "candidates")


def known_problem(kind: Any, stage: Any) -> Problem | None:
    """Why this kind and stage are not a place an election can be, or None."""
    if kind not in ELECTION_KINDS:
        return Problem("election_unknown_kind", kind=_shown(kind))
    if stage not in POSITION:
        return Problem("election_unknown_stage", stage=_shown(stage))
    if stage not in stages_for(kind):
        return Problem("election_stage_not_of_kind", stage=stage, kind=kind)
    return None


def election_insert_problem(caller: Caller, values: Mapping[str, Any]) -> Problem | None:
    """Why this new election must be refused, or None. `values` are decoded, with defaults."""
    problem = known_problem(values.get("kind"), values.get("stage"))
    if problem:
        return problem
    historical = bool(values.get("historical"))
    if historical and not caller.sees_district:
        return Problem("election_historical_supervisor_only")
    first = stages_for(values["kind"])[0]
    if values["stage"] != first and not historical:
        return Problem("election_starts_at_first_stage", stage=first, kind=values["kind"])
    return None


def election_update_problem(
    connection: Connection, caller: Caller, election_id: str, current: Mapping[str, Any],
    merged: Mapping[str, Any],
) -> Problem | None:
    """Why changing the election from `current` to `merged` (full rows) must be refused, or None.
    Reads sign-offs and the election's people: the caller flushes its pending writes first."""
    if bool(merged.get("historical")) != bool(current.get("historical")) and not caller.sees_district:
        return Problem("election_historical_flag_supervisor_only")
    old_kind, old_stage = str(current.get("kind")), str(current.get("stage"))
    if (merged.get("kind"), merged.get("stage")) == (current.get("kind"), current.get("stage")):
        return None
    start = POSITION.get(old_stage, 0)  # a stored unknown stage counts as the very start
    if merged.get("kind") != old_kind and merged.get("kind") in ELECTION_KINDS and (
        any(r.decision == "approved" for r in _approvals(connection, election_id))
        or (old_kind in ELECTION_KINDS and start > POSITION[_first_checkpoint(old_kind)])
    ):
        return Problem("election_kind_locked")
    problem = known_problem(merged.get("kind"), merged.get("stage"))
    if problem:
        return problem
    kind, stage = str(merged["kind"]), str(merged["stage"])
    end = POSITION[stage]
    spans = [(kind, start)]
    if kind != old_kind:
        # Under the new kind every earlier checkpoint counts; under the old, those it skips.
        spans = [(kind, 0)] + ([(old_kind, start)] if old_kind in ELECTION_KINDS else [])
    crossed = [
        STAGE_CHECKPOINT[s] for k, at in spans for s in stages_for(k)
        if s in STAGE_CHECKPOINT and at <= POSITION[s] < end
    ]
    named = [
        cp for cp in NAMED_CHECKPOINTS if CHECKPOINT_STAGE[cp] in stages_for(kind)
        and any(start < POSITION[s] <= end for s in NAMES_CHECKED_AT)
    ]
    # moving on, every checkpoint already passed still needs an approval nobody revoked: a
    # revocation pushed without moving the election back must not leave it free to go on
    passed = [
        STAGE_CHECKPOINT[s] for s in stages_for(kind)
        if s in STAGE_CHECKPOINT and POSITION[s] < start and end > start
    ] if kind == old_kind else []
    if not crossed and not named and not passed:
        return None
    rows = _approvals(connection, election_id)
    revoked = {r.revokes_id for r in rows if r.decision == "revoked"}
    for checkpoint in passed:
        mine = [r for r in rows if r.checkpoint == checkpoint]
        if merged.get("historical") and not mine:
            continue  # a historical record arrived past this checkpoint with no sign-offs
        if not any(r.decision == "approved" and r.id not in revoked for r in mine):
            return _checkpoint_problem("checkpoint_revoked", checkpoint, kind)
    with Session(bind=connection, autoflush=False) as session:
        election = _transient_election(election_id, merged)
        for checkpoint in dict.fromkeys(crossed):
            if not _current_approval(session, election, checkpoint, rows):
                return _checkpoint_problem("checkpoint_not_approved", checkpoint, kind)
        for checkpoint in named:
            if merged.get("historical") and not any(r.checkpoint == checkpoint for r in rows):
                continue  # a historical record arrived past this checkpoint with no sign-offs
            if not _current_approval(session, election, checkpoint, rows):
                return _checkpoint_problem("checkpoint_names_changed", checkpoint, kind)
    if "timing" in crossed:
        return _trigger_problem(kind, merged.get("trigger"))
    return None


def _checkpoint_problem(code: str, checkpoint: str, kind: str) -> Problem:
    return Problem(code, checkpoint=checkpoint, kind=kind, name=checkpoint_name(checkpoint, kind))


def _trigger_problem(kind: str, trigger: Any) -> Problem | None:
    """A kind with triggers ([kinds.*.triggers]) that the law sets (the early re-election,
    深圳条例第四十一条) passes its timing checkpoint only with one of them recorded: the client's
    sign-off refuses the approval as a law failure, and a signature alone does not make it
    lawful. A district kind's missing trigger (the by-election) may be overridden with a reason,
    as the client allows; the audit reports it."""
    found = flow(kind)
    if found is None or not found.triggers or not found.origin.is_law \
            or any(t.key == trigger for t in found.triggers):
        return None
    return Problem("trigger_missing", kind=kind, name=checkpoint_name("timing", kind),
                   trigger=_shown(trigger))


def _first_checkpoint(kind: str) -> str:
    return next(s for s in stages_for(kind) if s in STAGE_CHECKPOINT)


def _approvals(connection: Connection, election_id: str) -> list[Any]:
    return list(connection.execute(
        select(CheckpointApproval.id, CheckpointApproval.checkpoint, CheckpointApproval.decision,
               CheckpointApproval.revokes_id, CheckpointApproval.content_hash)
        .where(CheckpointApproval.election_id == election_id,
               CheckpointApproval.deleted_at.is_(None))
    ).all())


def _transient_election(election_id: str, values: Mapping[str, Any]) -> Election:
    """The election as it would be after the change, outside any session (nothing is written)."""
    fields = {c.name: values[c.name] for c in content_columns(Election) if c.name in values}
    return Election(id=election_id, **fields)


def _current_approval(session: Session, election: Election, checkpoint: str,
                      rows: list[Any]) -> bool:
    """An approval of this checkpoint that no revocation names and whose content is the server's
    content for it now."""
    revoked = {r.revokes_id for r in rows if r.decision == "revoked"}
    hashes = {r.content_hash for r in rows if r.checkpoint == checkpoint
              and r.decision == "approved" and r.id not in revoked}
    return bool(hashes) and content_hash(content_for(session, election, checkpoint)) in hashes


# An owners' vote's figures in the order they can only be in (同意 ≤ 参与 ≤ 总数, by head and by
# area), as app.owners_votes.records refuses them on screen.
VOTE_FIGURES = (("yes_owners", "voted_owners"), ("voted_owners", "total_owners"),
                ("yes_area_m2", "voted_area_m2"), ("voted_area_m2", "total_area_m2"))
VOTE_LINKS = (("election_id", Election), ("agenda_item_id", AgendaItem))


def vote_figures_problem(values: Mapping[str, Any]) -> Problem | None:
    """Why this owners' vote's figures (full row, decoded) cannot be, or None."""
    for part, whole in VOTE_FIGURES:
        if values.get(part) is not None and values.get(whole) is not None \
                and values[part] > values[whole]:
            return Problem("vote_figure_exceeds", field=part, value=_shown(values[part]),
                           whole=whole, whole_value=_shown(values[whole]))
    return None


def vote_links_problem(connection: Connection, values: Mapping[str, Any]) -> Problem | None:
    """Why this owners' vote's linked election or agenda item (their street the caller may see,
    checked before) cannot be its own, or None: one of another compound. Reads other tables:
    the caller flushes its pending writes first."""
    for column, model in VOTE_LINKS:
        if values.get(column) is None:
            continue
        compound = connection.scalar(select(model.compound_id).where(model.id == values[column]))
        if compound is not None and compound != values.get("compound_id"):
            return Problem("vote_link_other_compound", field=column, table=model.__tablename__)
    return None
