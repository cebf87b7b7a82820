"""Creating items (at 听) and editing their fields, progress and positions without moving them.

Stage changes go through app.agenda.moves; here every value is checked before anything is set.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.agenda.items import (
    TITLE_MAX,
    check_date_not_before_raised,
    get_item,
    need,
    positions_of,
    validate_positions,
    validate_progress,
    validate_satisfaction,
)
from app.agenda.stages import DECIDE, DOING, LISTEN, STAGE_LABELS
from app.agenda_rules import load_rules, local_today, resolve_key
from app.errors import BadInput
from app.standing_in import check_party
from db.models import AgendaItem, AgendaStageEvent, Compound
from db.tracking import actor_of
from db.types import new_id, utcnow


def _clean_title(title: str) -> str:
    text = (title or "").strip()
    if not text:
        raise BadInput(code="agenda.title_empty")
    if len(text) > TITLE_MAX:
        raise BadInput(code="agenda.title_too_long", length=len(text), limit=TITLE_MAX)
    return text


def _compound_exists(session: Session, compound_id: str) -> None:
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="agenda.no_compound", compound_id=compound_id)


def create_item(
    session: Session, *, compound_id: str, title: str, raised_on: date, description: str = "",
    source: str = "visit", category: str = "other", raised_by: str = "",
    now: datetime | None = None,
) -> AgendaItem:
    """Record a matter residents raised (stage 听) with its first stage event. It was raised
    already: a 提出日期 after today (where the caseworker works) is refused."""
    rules = load_rules()
    today = local_today(now)
    if raised_on is not None and raised_on > today:
        raise BadInput(code="agenda.raised_on_future", raised_on=raised_on.isoformat(),
                       today=today.isoformat())
    values = _validated_new_item(
        session, compound_id=compound_id, title=title, raised_on=raised_on,
        description=description, source=source, category=category, raised_by=raised_by,
        rules_categories=rules.categories, rules_sources=rules.sources,
    )
    item = AgendaItem(id=new_id(), stage=LISTEN, **values)
    session.add(item)
    session.add(
        AgendaStageEvent(
            id=new_id(), item_id=item.id, from_stage=None, to_stage=LISTEN, at=now or utcnow(),
            by=actor_of(session), note="",
        )
    )
    session.flush()
    return item


def _validated_new_item(
    session: Session, *, compound_id: str, title: str, raised_on: date | None, description: str,
    source: str, category: str, raised_by: str, rules_categories: dict[str, str],
    rules_sources: dict[str, str],
) -> dict[str, Any]:
    _compound_exists(session, compound_id)
    if raised_on is None:
        raise BadInput(code="agenda.raised_on_required")
    return {
        "compound_id": compound_id,
        "title": _clean_title(title),
        "description": (description or "").strip(),
        "source": resolve_key(source, rules_sources, "来源"),
        "category": resolve_key(category, rules_categories, "类别"),
        "raised_by": (raised_by or "").strip()[:40],
        "raised_on": raised_on,
    }


EDITABLE_FIELDS = frozenset({
    "title", "description", "source", "category", "raised_by", "raised_on", "decision",
    "responsible_party", "deadline", "progress", "progress_note", "answer", "answer_method",
    "satisfaction", "referred_to", "referred_due", "referred_answer",
})


def update_item(session: Session, item_id: str, **values: Any) -> AgendaItem:
    """Edit an item's fields without changing its stage; every value is checked first."""
    item = get_item(session, item_id)
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise BadInput(code="agenda.not_editable", fields=sorted(unknown))
    rules = load_rules()
    if "title" in values:
        values["title"] = _clean_title(values["title"])
    if "category" in values:
        values["category"] = resolve_key(values["category"], rules.categories, "类别")
    if "source" in values:
        values["source"] = resolve_key(values["source"], rules.sources, "来源")
    validate_progress(values.get("progress"))
    validate_satisfaction(values.get("satisfaction"))
    raised_on = values.get("raised_on", item.raised_on)
    if raised_on is None:
        raise BadInput(code="agenda.raised_on_required")
    for name, label in (("deadline", "办理期限"), ("referred_due", "部门答复期限")):
        due = values.get(name, getattr(item, name))
        if due is not None and due < raised_on:
            raise BadInput(code="agenda.due_before_raised", label=label, due=due.isoformat(),
                raised_on=raised_on.isoformat())
    if item.stage == DECIDE or item.stage == DOING:
        for name, label in (("decision", "决定内容"), ("responsible_party", "责任方")):
            if name in values:
                need(values[name], "agenda.decided_field_required", label=label)
        if "deadline" in values and values["deadline"] is None:
            raise BadInput(code="agenda.decided_deadline_required")
    for name, value in values.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    session.flush()
    return item


def check_progress_edit(
    item: AgendaItem | Any, *, progress: int | None = None, progress_note: str | None = None,
    deadline: date | None = None,
) -> None:
    """Why these edits of an item's progress or deadline are refused (BadInput), if they are.

    Progress and its notes belong to 办 (doing); the deadline may be moved later (never earlier,
    never cleared) while the item is at 定 or 办. The UI calls this as the caseworker types.
    """
    if (progress is not None or progress_note is not None) and item.stage != DOING:
        raise BadInput(code="agenda.progress_only_doing", stage=STAGE_LABELS[item.stage])
    validate_progress(progress)
    if deadline is not None and deadline != item.deadline:
        if item.stage not in (DECIDE, DOING):
            raise BadInput(code="agenda.postpone_stage", stage=STAGE_LABELS[item.stage])
        if item.deadline is not None and deadline < item.deadline:
            raise BadInput(code="agenda.deadline_only_later", deadline=deadline.isoformat(),
                old_deadline=item.deadline.isoformat())
        check_date_not_before_raised(item, deadline, "办理期限")


def update_progress(
    session: Session, item_id: str, *, progress: int | None = None,
    progress_note: str | None = None, deadline: date | None = None,
) -> AgendaItem:
    """Record progress (%, notes) or a later deadline on an item being carried out."""
    item = get_item(session, item_id)
    check_progress_edit(item, progress=progress, progress_note=progress_note, deadline=deadline)
    values: dict[str, Any] = {}
    if progress is not None:
        values["progress"] = progress
    if progress_note is not None:
        values["progress_note"] = progress_note
    if deadline is not None and deadline != item.deadline:
        values["deadline"] = deadline
    return update_item(session, item_id, **values) if values else item


def set_positions(session: Session, item_id: str, positions: Mapping[str, str]) -> AgendaItem:
    item = get_item(session, item_id)
    cleaned = validate_positions(positions)
    for role in cleaned:  # 以居代业: no 业委会 party where the compound has none
        check_party(session.get(Compound, item.compound_id), role)
    merged = {**positions_of(item), **cleaned}
    item.positions_json = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    session.flush()
    return item
