"""The three checkpoints (三道关口) as the server holds them: an election moves past a checkpoint
only with an approval of it that the server accepted (signature verified, server.signoff) and
nobody has revoked. Clients move elections through `app.elections.signoff`, which records the
approval before the stage change, so their pushes always carry the approval first; a stage
change without one (a sign-off held back or refused, an edited database) is refused.

Checked on updates, the way every election moves. An election pushed as a new row is taken at
its stage: a data folder restored from a backup pushes its elections before their sign-offs
(which point at them), so those cannot be there yet."""

from __future__ import annotations

from sqlalchemy import Connection, select

from app.elections.workflow import CHECKPOINT_STAGE, STAGE_NAMES, stages_for
from db.models import CheckpointApproval


def gate_problem(connection: Connection, election_id: str, old_stage: str, new_stage: str,
                 kind: str) -> str | None:
    """Why moving this election from `old_stage` to `new_stage` must be refused, or None."""
    order = stages_for(kind)
    if new_stage not in order or old_stage not in order:
        return None  # the column's own check refuses unknown stages
    old_at, new_at = order.index(old_stage), order.index(new_stage)
    for checkpoint, stage in CHECKPOINT_STAGE.items():
        if stage in order and old_at <= order.index(stage) < new_at and not _approved(
            connection, election_id, checkpoint
        ):
            return (f"election stage refused: moving past {STAGE_NAMES[stage]} ({checkpoint}) "
                    "needs an approved sign-off of it on the server, and there is none")
    return None


def _approved(connection: Connection, election_id: str, checkpoint: str) -> bool:
    """An approval of this checkpoint that no later revocation names."""
    rows = connection.execute(
        select(CheckpointApproval.id, CheckpointApproval.decision, CheckpointApproval.revokes_id)
        .where(CheckpointApproval.election_id == election_id,
               CheckpointApproval.checkpoint == checkpoint,
               CheckpointApproval.deleted_at.is_(None))
    ).all()
    revoked = {row.revokes_id for row in rows if row.decision == "revoked"}
    return any(row.decision == "approved" and row.id not in revoked for row in rows)
