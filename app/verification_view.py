"""What the 核验 dialog shows about a checked code, in plain facts the UI words: the checkpoint,
the decision, who signed (their profile when known), when, and which compound."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.verification import Verdict


@dataclass(frozen=True)
class SignedFacts:
    checkpoint: str  # timing / group / candidates
    decision: str  # approved / returned / revoked
    signer: str  # the profile's "张三（…）", else the account name
    signed_at: datetime | None
    compound: str  # the compound's name, "" when this store lacks the election
    local_status: str | None


def facts_of(session: Any, verdict: Verdict) -> SignedFacts | None:
    """The signed facts of a code whose payload could be read, looked up in this store."""
    from app.printing.data import local_time
    from app.profile import display_signer
    from db.models import Compound, Election

    payload = verdict.payload
    if not payload:
        return None
    signer = display_signer(session, payload["signer"]) if session is not None else None
    compound = ""
    if session is not None:
        election = session.get(Election, payload["election_id"])
        place = session.get(Compound, election.compound_id) if election is not None else None
        compound = place.name if place is not None else ""
    try:
        signed_at: datetime | None = local_time(datetime.fromisoformat(payload["signed_at"]))
    except (TypeError, ValueError):
        signed_at = None
    return SignedFacts(payload["checkpoint"], payload["decision"], signer or payload["signer"],
                       signed_at, compound, verdict.local_status)
