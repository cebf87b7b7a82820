"""Whose compounds "my work" covers: the compounds the caseworker chose, else their own street
(the street the sync server gave at login, else the street their profile's office names), else
the whole district.

The choice is kept in the store's local settings (never synced: it is one person's view).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.profile import own_profile
from app.session import get_setting, set_setting
from app.sync.settings import STREET_NAME
from db.models import Community, Compound, Street

CHOSEN_KEY = "my_work.compounds"  # JSON list of compound ids, or "" for "my street"
MAX_CHOSEN = 500

ALL, STREET, CHOSEN = "all", "street", "chosen"


@dataclass(frozen=True)
class Scope:
    """What the list covers: `kind` ALL, STREET (street_name) or CHOSEN (compound_ids)."""

    kind: str
    street_id: str = ""
    street_name: str = ""
    compound_ids: frozenset[str] = frozenset()


def chosen_ids(session: Session) -> list[str]:
    """The compounds the caseworker chose (a malformed setting reads as none)."""
    try:
        value = json.loads(get_setting(session, CHOSEN_KEY) or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def choose_compounds(session: Session, compound_ids: list[str]) -> None:
    """Keep these compounds as "mine" ([] goes back to the own street). An id that names no
    live compound is refused, and nothing is kept."""
    wanted = list(dict.fromkeys(compound_ids))
    if len(wanted) > MAX_CHOSEN:
        raise BadInput(code="scope.too_many", limit=MAX_CHOSEN)
    live = set(session.scalars(select(Compound.id).where(
        Compound.id.in_(wanted), Compound.deleted_at.is_(None))))
    unknown = [c for c in wanted if c not in live]
    if unknown:
        raise BadInput(code="scope.no_compound", compound=unknown[0])
    set_setting(session, CHOSEN_KEY, json.dumps(wanted) if wanted else "")


def own_street(session: Session) -> Street | None:
    """The caseworker's street: the one the server gave at login, else the street whose name
    the profile's office starts with (龙城街道办事处 → 龙城街道)."""
    streets = list(session.scalars(select(Street).where(Street.deleted_at.is_(None))))
    from_server = get_setting(session, STREET_NAME).strip()
    if from_server:
        for street in streets:
            if street.name == from_server:
                return street
    profile = own_profile(session)
    office = profile.office if profile is not None else ""
    named = [s for s in streets if s.name and office.startswith(s.name)]
    return max(named, key=lambda s: len(s.name)) if named else None


def scope_of(session: Session) -> Scope:
    chosen = chosen_ids(session)
    if chosen:
        return Scope(CHOSEN, compound_ids=frozenset(chosen))
    street = own_street(session)
    if street is not None:
        return Scope(STREET, street.id, street.name)
    return Scope(ALL)


def compounds_in(session: Session, scope: Scope) -> set[str] | None:
    """The live compound ids the scope covers; None for the whole district."""
    if scope.kind == ALL:
        return None
    query = select(Compound.id).where(Compound.deleted_at.is_(None))
    if scope.kind == CHOSEN:
        query = query.where(Compound.id.in_(scope.compound_ids))
    else:
        query = query.join(Community, Community.id == Compound.community_id).where(
            Community.street_id == scope.street_id)
    return set(session.scalars(query))
