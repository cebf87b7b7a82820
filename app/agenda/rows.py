"""Items as typed rows (ItemRow) for lists that want real dates, read without ORM objects."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from app.agenda.places import compound_choices
from app.agenda.plain_read import parse_day
from app.agenda.stages import REFERRED, is_overdue
from app.agenda_rules import local_today


class ItemRow(NamedTuple):
    """One agenda item as the lists and the board show it (flat, cheap to hold 20,000 of)."""

    id: str
    title: str
    compound_id: str
    compound_name: str
    street_id: str
    street_name: str
    stage: str
    category: str
    source: str
    raised_on: date
    deadline: date | None
    referred_due: date | None
    responsible_party: str
    overdue: bool
    due: date | None  # the date "overdue" is judged by: referred_due when referred, else deadline


_ITEM_ROWS_SQL = (
    "SELECT id, title, compound_id, stage, category, source, raised_on, deadline, referred_due,"
    " responsible_party FROM agenda_items WHERE deleted_at IS NULL"
)


def load_item_rows(
    session: Session, *, today: date | None = None, now: datetime | None = None,
    compound_ids: Iterable[str] | None = None, item_ids: Iterable[str] | None = None,
) -> list[ItemRow]:
    """Every live item (or those of `compound_ids` / `item_ids`) with compound and street names,
    ordered by raised date (newest first).

    Opening the board reads all 20,000 items of a district, so this reads plain columns without
    ORM row processing and joins the 2,000 compounds in a dict; dates are parsed once here.
    """
    today = today or local_today(now)
    places = {
        cid: (name, sid, street) for cid, name, sid, street in compound_choices(session)
    }
    sql = _ITEM_ROWS_SQL
    params: dict[str, Any] = {}
    if compound_ids is not None:
        wanted = list(compound_ids)
        sql += " AND compound_id IN ({})".format(",".join(f":c{i}" for i in range(len(wanted))))
        params.update({f"c{i}": v for i, v in enumerate(wanted)})
    if item_ids is not None:
        wanted = list(item_ids)
        sql += " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        params.update({f"i{i}": v for i, v in enumerate(wanted)})
    if (compound_ids is not None or item_ids is not None) and not params:
        return []
    rows: list[ItemRow] = []
    for (item_id, title, compound_id, stage, category, source, raised, deadline, referred,
         responsible) in session.execute(sql_text(sql), params):
        place = places.get(compound_id)
        if place is None:  # compound deleted: the item is not shown
            continue
        raised_on, due, referred_due = parse_day(raised), parse_day(deadline), parse_day(referred)
        rows.append(ItemRow(
            item_id, title, compound_id, place[0], place[1], place[2], stage, category, source,
            raised_on, due, referred_due, responsible or "",  # type: ignore[arg-type]
            is_overdue(stage, due, referred_due, today),
            referred_due if stage == REFERRED else due,
        ))
    rows.sort(key=lambda r: r.id)
    rows.sort(key=lambda r: r.raised_on, reverse=True)
    return rows
