"""One agenda item: fetching it, reading its positions, and the checks its values pass.

Shared by editing and the stage machine, so both refuse the same bad values with the same
message; import uses the same title limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.agenda_rules import load_rules
from app.errors import BadInput
from db.jsontext import read_json_text
from db.models import AgendaItem

TITLE_MAX = 120


def need(value: object, code: str, **params: object) -> None:
    """BadInput `code` (a catalogue code) when `value` is missing or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadInput(code=code, **params)


def check_date_not_before_raised(item: AgendaItem, value: date | None, what: str) -> None:
    if value is not None and value < item.raised_on:
        raise BadInput(code="agenda.date_before_raised", what=what, day=value.isoformat(),
            raised_on=item.raised_on.isoformat())


def get_item(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise BadInput(code="agenda.no_item", item_id=item_id)
    return item


def positions_of(item: AgendaItem | Any) -> dict[str, str]:
    """Each party's position (role → text) on an item or a meeting item; text that is not such
    a mapping (a colleague's damaged row) reads as no positions."""
    value = read_json_text(item.positions_json, dict) or {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


def validate_positions(positions: Mapping[str, str]) -> dict[str, str]:
    roles = load_rules().roles
    cleaned: dict[str, str] = {}
    for role, text in positions.items():
        if role not in roles:
            raise BadInput(code="agenda.unknown_party", role=role, choices=list(roles.values()))
        cleaned[role] = text
    return cleaned


def validate_satisfaction(value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise BadInput(code="agenda.bad_satisfaction", value=value)


def validate_progress(value: int | None) -> None:
    if value is not None and not 0 <= value <= 100:
        raise BadInput(code="agenda.bad_progress", value=value)
