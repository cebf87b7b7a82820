"""Which checkpoint sign-offs stand: the latest approval of each checkpoint that no revocation
names, and whether it still matches what is on file (stale once the approved names change)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.elections.signoff import approval_status, approvals
from app.elections.stages import checkpoints_for
from db.models import CheckpointApproval, Election


@dataclass(frozen=True)
class StandingSignoff:
    """The latest approval of a checkpoint that was not revoked, and whether it is still good."""

    checkpoint: str
    approval: CheckpointApproval
    status: str  # current / stale


def standing_signoffs(session: Session, election: Election) -> dict[str, StandingSignoff]:
    result: dict[str, StandingSignoff] = {}
    for row in approvals(session, election.id):
        if row.decision == "approved":
            result[row.checkpoint] = StandingSignoff(row.checkpoint, row, "")
        elif row.decision == "revoked" and row.checkpoint in result and (
            result[row.checkpoint].approval.id == row.revokes_id
        ):
            del result[row.checkpoint]
    return {
        cp: StandingSignoff(cp, s.approval, approval_status(session, s.approval.id) or "current")
        for cp, s in result.items()
    }


def stale_signoffs(session: Session, election: Election) -> list[str]:
    """Checkpoints whose approval no longer matches what is on file (re-sign before voting)."""
    needed = checkpoints_for(election.kind)
    standing = standing_signoffs(session, election)
    return [cp for cp in needed if cp in standing and standing[cp].status == "stale"]
