"""The owners' register of a compound as the vote counts it (one line per counted owner).

Units carry `owner_key` to group the parts of one buyer; a blank key means the part is its own
owner (co-owners of a part are one owner). The developer's unsold or undelivered parts all vote
under one key, DEVELOPER_KEY.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.tally import Register, UnitTuple, build_register
from db.models import Unit

if TYPE_CHECKING:
    from app.rules import Rules

DEVELOPER_KEY = "developer"


def owner_key_of(unit: Unit) -> str:
    if unit.developer_unsold:
        return DEVELOPER_KEY
    return unit.owner_key.strip() or f"unit:{unit.id}"


@dataclass(frozen=True)
class Owner:
    """One counted owner, as ballot entry shows and finds it."""

    key: str
    name: str
    rooms: tuple[str, ...]
    area: Decimal
    unit_ids: tuple[str, ...] = ()


def compound_units(session: Session, compound_id: str) -> list[Unit]:
    return list(
        session.scalars(
            select(Unit)
            .where(Unit.compound_id == compound_id, Unit.deleted_at.is_(None))
            .order_by(Unit.building, Unit.room)
        )
    )


def unit_tuples(units: list[Unit]) -> list[UnitTuple]:
    return [(u.id, owner_key_of(u), u.area_m2, u.developer_unsold) for u in units]


@dataclass(frozen=True)
class RegisterRows:
    """The register read as plain columns (a 200,000-part register loads in well under a second)."""

    units: list[UnitTuple]
    rooms: dict[str, str]  # "building-room" → owner id as ballots name it


def register_rows(session: Session, compound_id: str) -> RegisterRows:
    query = select(
        Unit.id, Unit.owner_key, Unit.area_m2, Unit.developer_unsold, Unit.building, Unit.room
    ).where(Unit.compound_id == compound_id, Unit.deleted_at.is_(None))
    units: list[UnitTuple] = []
    rooms: dict[str, str] = {}
    for unit_id, key, area, unsold, building, room in session.execute(query):
        owner = DEVELOPER_KEY if unsold else (key.strip() or f"unit:{unit_id}")
        units.append((unit_id, owner, area, unsold))
        rooms[f"{building}-{room}"] = owner
    return RegisterRows(units, rooms)


def compound_register(session: Session, compound_id: str, rules: Rules) -> Register:
    return build_register(register_rows(session, compound_id).units, rules)


def owners(session: Session, compound_id: str) -> list[Owner]:
    """Counted owners of a compound with their rooms and total area (developer last)."""
    grouped: dict[str, list[Unit]] = {}
    for unit in compound_units(session, compound_id):
        grouped.setdefault(owner_key_of(unit), []).append(unit)
    result = []
    for key, parts in grouped.items():
        name = "开发建设单位（未售/未交付部分）" if key == DEVELOPER_KEY else parts[0].owner_name
        result.append(
            Owner(
                key=key, name=name,
                rooms=tuple(f"{u.building}-{u.room}" for u in parts),
                area=sum((u.area_m2 for u in parts), Decimal(0)),
                unit_ids=tuple(u.id for u in parts),
            )
        )
    result.sort(key=lambda o: (o.key == DEVELOPER_KEY, o.rooms))
    return result
