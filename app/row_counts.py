"""Live rows of the main tables, for the status bar's counts.

Apart from app.dashboard so that counting (on a worker thread, just after start-up) imports
nothing but the models: app.dashboard pulls in the rating forms and with them pydantic, whose
first import on a worker raced the UI thread's imports ("cannot import name … from partially
initialized module 'pydantic._internal._validators'").
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AgendaItem, Compound, Election, PartyBranch, PartyMember


def row_counts(session: Session) -> dict[str, int]:
    """Live (not deleted) rows of compounds, branches, members, elections and agenda items."""
    def count(model: type) -> int:
        return int(session.scalar(
            select(func.count()).select_from(model).where(model.deleted_at.is_(None))  # type: ignore[attr-defined,arg-type]
        ) or 0)

    return {
        "compounds": count(Compound), "branches": count(PartyBranch),
        "members": count(PartyMember), "elections": count(Election),
        "agenda": count(AgendaItem),
    }
