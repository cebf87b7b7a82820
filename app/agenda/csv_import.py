"""Importing many items at 听 from a spreadsheet or CSV file (English or Chinese column names),
all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda.items import TITLE_MAX
from app.agenda.stages import LISTEN
from app.agenda_rules import load_rules, resolve_key
from app.errors import BadInput
from db.models import AgendaItem, AgendaStageEvent, Compound
from db.tracking import actor_of, bulk_insert
from db.types import new_id, utcnow

IMPORT_COLUMNS = ("compound", "title", "raised_on", "category", "source", "description", "raised_by")
IMPORT_HEADERS_ZH = {
    "小区": "compound", "标题": "title", "提出日期": "raised_on", "类别": "category",
    "来源": "source", "描述": "description", "提出人": "raised_by",
}


def _compound_lookup(session: Session) -> tuple[set[str], dict[str, list[str]]]:
    rows = session.execute(
        select(Compound.id, Compound.name).where(Compound.deleted_at.is_(None))
    ).all()
    by_name: dict[str, list[str]] = {}
    for compound_id, name in rows:
        by_name.setdefault(name, []).append(compound_id)
    return {r[0] for r in rows}, by_name


def import_items(
    session: Session, rows: Sequence[Mapping[str, str]], *, origin: str = "导入",
    now: datetime | None = None, first_row_number: int = 2,
) -> int:
    """Add many items at stage 听. Every row is checked before anything is written; the first
    fault raises BadInput naming the row and field, and nothing is saved."""
    rules = load_rules()
    ids, by_name = _compound_lookup(session)
    items: list[dict[str, Any]] = []
    for offset, raw in enumerate(rows):
        number = first_row_number + offset
        row = {IMPORT_HEADERS_ZH.get(k.strip(), k.strip()): (v or "").strip() for k, v in raw.items() if k}
        try:
            compound = row.get("compound", "")
            if compound in ids:
                compound_id = compound
            else:
                matches = by_name.get(compound, [])
                if not matches:
                    raise BadInput(code="agenda.import.no_compound", compound=compound)
                if len(matches) > 1:
                    raise BadInput(code="agenda.import.compound_ambiguous", compound=compound)
                compound_id = matches[0]
            try:
                raised_on = date.fromisoformat(row.get("raised_on", ""))
            except ValueError:
                raise BadInput(code="agenda.import.bad_raised_on", value=row.get("raised_on", "")) from None
            title = row.get("title", "")
            if not title:
                raise BadInput(code="agenda.import.title_empty")
            if len(title) > TITLE_MAX:
                raise BadInput(code="agenda.import.title_too_long", length=len(title),
                    limit=TITLE_MAX)
            try:
                category = resolve_key(row.get("category") or "other", rules.categories, "类别")
                source = resolve_key(row.get("source") or "visit", rules.sources, "来源")
            except BadInput as exc:
                field, label = ("category", "类别") if exc.params.get("what") == "类别" else ("source", "来源")
                raise BadInput(code="agenda.import.field_problem", field=field, label=label,
                               problem=exc) from None
        except BadInput as exc:
            raise BadInput(code="agenda.import.row_problem", origin=origin, row=number,
                           problem=exc) from None
        items.append({
            "id": new_id(), "compound_id": compound_id, "title": title,
            "description": row.get("description", ""), "source": source, "category": category,
            "raised_by": row.get("raised_by", "")[:40], "raised_on": raised_on, "stage": LISTEN,
        })
    at = now or utcnow()
    actor = actor_of(session)
    bulk_insert(session, AgendaItem, items, audit_summary={"origin": origin})
    bulk_insert(
        session, AgendaStageEvent,
        ({"item_id": it["id"], "from_stage": None, "to_stage": LISTEN, "at": at, "by": actor,
          "note": origin} for it in items),
        audit_summary={"origin": origin},
    )
    return len(items)


def read_import_file(path: Path) -> list[dict[str, str]]:
    """Rows of a spreadsheet (.xlsx/.xls/.xlsb/.ods) or CSV (UTF-8, UTF-16, GB18030) with a
    header row (English or Chinese column names), read as the register import reads them; a
    template's example row (序号 「示例」) is left out."""
    from app.importing.tables import read_records

    return read_records(path)
