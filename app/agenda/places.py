"""Where items are: live compounds with their street, for pickers and for the views' rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda.plain_read import plain_rows
from db.models import Community, Compound, Street

_PLACES_SQL = (
    "SELECT c.id, c.name, s.id, s.name FROM compounds c JOIN communities m ON m.id = c.community_id"
    " JOIN streets s ON s.id = m.street_id WHERE c.deleted_at IS NULL ORDER BY s.name, c.name, c.id"
)


def live_places(session: Session) -> dict[str, tuple[str, str, str]]:
    """compound id → (name, street id, street name) for live compounds, by street then name."""
    return {cid: (name, sid, street) for cid, name, sid, street in plain_rows(session, _PLACES_SQL)}


def compound_choices(session: Session) -> list[tuple[str, str, str, str]]:
    """(compound id, compound name, street id, street name) for pickers, by street then name."""
    rows = session.execute(
        select(Compound.id, Compound.name, Street.id, Street.name)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .where(Compound.deleted_at.is_(None))
        .order_by(Street.name, Compound.name)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]
