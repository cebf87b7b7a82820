"""Compound services: the list rows the UI shows, validation of edits as typed, create, edit,
delete (tombstone) and lifecycle-stage history.

Validation returns error codes per field (the UI words them in the user's language); service
calls raise BadInput with one Chinese message naming the field, and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.coverage import branches_by_compound, classify
from app.errors import BadInput
from app.search import search_key
from db.models import (
    AgendaItem,
    AuditEntry,
    Community,
    Compound,
    Election,
    LifecycleChange,
    OwnersCommittee,
    PartyMember,
    PropertyCompany,
    RatingInspection,
    Street,
)
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES

EDITABLE_FIELDS = (
    "name", "address", "community_id", "lifecycle_stage", "households", "building_area_m2",
    "delivered_on", "property_company_id", "committee_status", "residents_committee_acting",
    "instructor_name", "liaison_member_id", "note",
)
FIELD_LABELS_ZH = {
    "name": "小区名称", "address": "地址", "community_id": "所属社区", "lifecycle_stage": "生命周期",
    "households": "户数", "building_area_m2": "建筑面积", "delivered_on": "交付日期",
    "property_company_id": "物业企业", "committee_status": "业委会状态",
    "residents_committee_acting": "以居代业", "instructor_name": "党建指导员",
    "liaison_member_id": "联络党员", "note": "备注",
}
ERROR_TEXT_ZH = {
    "required": "不能为空", "too_long": "太长", "not_integer": "应为整数", "negative": "不能为负数",
    "not_number": "应为数字", "bad_date": "日期格式应为 YYYY-MM-DD", "future_date": "不能晚于今天",
    "bad_choice": "不是可选的值", "unknown": "找不到所选的记录", "duplicate": "同一社区已有同名小区",
}
MAX_LENGTHS = {"name": 80, "address": 160, "instructor_name": 40}


@dataclass
class CompoundRow:
    """One line of the compound list (everything the filters and columns need)."""

    id: str
    name: str
    address: str
    street_id: str
    street_name: str
    community_id: str
    community_name: str
    lifecycle_stage: str
    households: int
    committee_status: str
    residents_committee_acting: bool
    instructor_name: str
    liaison_member_id: str | None
    property_company: str
    branch_names: list[str]
    member_count: int
    coverage: str
    search_key: str


def is_empty(session: Session) -> bool:
    """True when the store has no live compound (first run: show the welcome page)."""
    return session.scalar(
        select(Compound.id).where(Compound.deleted_at.is_(None)).limit(1)
    ) is None


def list_rows(session: Session, compound_ids: list[str] | None = None) -> list[CompoundRow]:
    """Rows for the compound list, with coverage and pinyin search keys (run in the background).

    Plain column rows, no ORM objects: this reads every compound at start-up."""
    query = (
        select(Compound.id, Compound.name, Compound.address, Street.id, Street.name,
               Compound.community_id, Community.name, Compound.lifecycle_stage,
               Compound.households, Compound.committee_status,
               Compound.residents_committee_acting, Compound.instructor_name,
               Compound.liaison_member_id, PropertyCompany.name)
        .join(Community, Community.id == Compound.community_id)
        .join(Street, Street.id == Community.street_id)
        .outerjoin(PropertyCompany, PropertyCompany.id == Compound.property_company_id)
        .where(Compound.deleted_at.is_(None))
        .order_by(Street.name, Community.name, Compound.name)
    )
    members_query = (
        select(PartyMember.compound_id, func.count())
        .where(PartyMember.deleted_at.is_(None), PartyMember.compound_id.is_not(None))
        .group_by(PartyMember.compound_id)
    )
    if compound_ids is not None:
        query = query.where(Compound.id.in_(compound_ids))
        members_query = members_query.where(PartyMember.compound_id.in_(compound_ids))
    branches = branches_by_compound(session)
    members: dict[str, int] = dict(session.execute(members_query).all())  # type: ignore[arg-type]
    rows = []
    for (compound_id, name, address, street_id, street, community_id, community, stage,
         households, committee_status, acting, instructor, liaison,
         company) in session.execute(query):
        names = branches.get(compound_id, [])
        rows.append(CompoundRow(
            id=compound_id, name=name, address=address or "",
            street_id=street_id, street_name=street, community_id=community_id,
            community_name=community, lifecycle_stage=stage,
            households=households or 0, committee_status=committee_status,
            residents_committee_acting=bool(acting),
            instructor_name=instructor or "",
            liaison_member_id=liaison, property_company=company or "",
            branch_names=names, member_count=members.get(compound_id, 0),
            coverage=classify(bool(names), instructor, liaison),
            search_key=search_key(name, address, community, street),  # 街道/社区 find theirs
        ))
    return rows


# ----- validation --------------------------------------------------------------------------

def parse_field(session: Session | None, field: str, raw: Any) -> Any:
    """Turn a typed value into the column value, or raise FieldError(field, code)."""
    if field not in EDITABLE_FIELDS:
        raise FieldError(field, "unknown")
    text = raw.strip() if isinstance(raw, str) else raw
    required = ("name", "community_id", "lifecycle_stage", "committee_status")
    if field in required and text in (None, ""):
        raise FieldError(field, "required")
    if field in MAX_LENGTHS and isinstance(text, str) and len(text) > MAX_LENGTHS[field]:
        raise FieldError(field, "too_long")
    if field == "households":
        if text in (None, ""):
            return 0
        try:
            value = int(str(text))
        except ValueError:
            raise FieldError(field, "not_integer") from None
        if value < 0:
            raise FieldError(field, "negative")
        return value
    if field == "building_area_m2":
        if text in (None, ""):
            return Decimal(0)
        try:
            area = Decimal(str(text))
        except InvalidOperation:
            raise FieldError(field, "not_number") from None
        if not area.is_finite():
            raise FieldError(field, "not_number")
        if area < 0:
            raise FieldError(field, "negative")
        return area
    if field == "delivered_on":
        if text in (None, ""):
            return None
        if isinstance(text, date):
            return text
        try:
            day = date.fromisoformat(str(text))
        except ValueError:
            raise FieldError(field, "bad_date") from None
        if day > local_today():
            raise FieldError(field, "future_date")
        return day
    if field == "lifecycle_stage" and text not in LIFECYCLE_STAGES:
        raise FieldError(field, "bad_choice")
    if field == "committee_status" and text not in COMMITTEE_STATUSES:
        raise FieldError(field, "bad_choice")
    if field == "residents_committee_acting":
        return bool(text)
    if field in ("property_company_id", "liaison_member_id") and text in (None, ""):
        return None
    if session is not None and field in ("community_id", "property_company_id",
                                         "liaison_member_id"):
        model = {"community_id": Community, "property_company_id": PropertyCompany,
                 "liaison_member_id": PartyMember}[field]
        row = session.get(model, text)
        if row is None or row.deleted_at is not None:
            raise FieldError(field, "unknown")
    if field in ("instructor_name", "address", "note"):
        return text or ("" if field != "instructor_name" else None)
    return text


class FieldError(BadInput):
    """One field's value is wrong; `code` is a key of ERROR_TEXT_ZH."""

    code: str

    def __init__(self, field: str, code: str) -> None:
        self.field, self.code = field, code
        label = FIELD_LABELS_ZH.get(field, field)
        super().__init__(f"{label}：{ERROR_TEXT_ZH.get(code, code)}")


def validate(session: Session | None, values: dict[str, Any],
             compound_id: str | None = None) -> dict[str, str]:
    """Field → error code for every wrong value in `values` (empty when all are fine)."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for field, raw in values.items():
        try:
            parsed[field] = parse_field(session, field, raw)
        except FieldError as exc:
            errors[field] = exc.code
    if session is not None and "name" in parsed and "name" not in errors:
        community_id = parsed.get("community_id")
        if community_id is None and compound_id is not None:
            current = session.get(Compound, compound_id)
            community_id = current.community_id if current else None
        if community_id and _name_taken(session, community_id, parsed["name"], compound_id):
            errors["name"] = "duplicate"
    return errors


def _name_taken(session: Session, community_id: str, name: str, except_id: str | None) -> bool:
    query = select(Compound.id).where(
        Compound.community_id == community_id, Compound.name == name,
        Compound.deleted_at.is_(None),
    )
    if except_id is not None:
        query = query.where(Compound.id != except_id)
    return session.scalar(query.limit(1)) is not None


def _parse_all(session: Session, values: dict[str, Any], compound_id: str | None) -> dict[str, Any]:
    errors = validate(session, values, compound_id)
    if errors:
        field, code = next(iter(errors.items()))
        raise FieldError(field, code)
    return {field: parse_field(session, field, raw) for field, raw in values.items()}


# ----- changes -----------------------------------------------------------------------------

def create(session: Session, values: dict[str, Any], today: date | None = None) -> str:
    """Insert a compound (and its first lifecycle entry); returns its id."""
    parsed = _parse_all(session, {"lifecycle_stage": "成熟期", "committee_status": "none",
                                  **values}, None)
    compound = Compound(**parsed)
    session.add(compound)
    session.flush()
    session.add(LifecycleChange(compound_id=compound.id, from_stage=None,
                                to_stage=compound.lifecycle_stage,
                                changed_on=today or local_today()))
    return compound.id


def update(session: Session, compound_id: str, changes: dict[str, Any],
           today: date | None = None) -> dict[str, Any]:
    """Apply changes; returns the previous values of the changed fields (for undo)."""
    compound = _live(session, compound_id)
    parsed = _parse_all(session, changes, compound_id)
    previous: dict[str, Any] = {}
    for field, value in parsed.items():
        old = getattr(compound, field)
        if old == value:
            continue
        previous[field] = old
        setattr(compound, field, value)
    if "lifecycle_stage" in previous:
        session.add(LifecycleChange(compound_id=compound_id,
                                    from_stage=previous["lifecycle_stage"],
                                    to_stage=compound.lifecycle_stage,
                                    changed_on=today or local_today()))
    return previous


def delete(session: Session, compound_id: str) -> None:
    """Tombstone the compound (change tracking turns the delete into a tombstone)."""
    session.delete(_live(session, compound_id))


def _live(session: Session, compound_id: str) -> Compound:
    compound = session.get(Compound, compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="compound.not_found", compound_id=compound_id)
    return compound


def get(session: Session, compound_id: str) -> Compound:
    return _live(session, compound_id)


# ----- detail tabs -------------------------------------------------------------------------

@dataclass
class Choice:
    id: str
    label: str


def communities(session: Session) -> list[Choice]:
    rows = session.execute(
        select(Community.id, Street.name, Community.name)
        .join(Street, Street.id == Community.street_id)
        .where(Community.deleted_at.is_(None)).order_by(Street.name, Community.name)
    )
    return [Choice(cid, f"{street} / {name}") for cid, street, name in rows]


def streets(session: Session) -> list[Choice]:
    rows = session.execute(select(Street.id, Street.name)
                           .where(Street.deleted_at.is_(None)).order_by(Street.name))
    return [Choice(sid, name) for sid, name in rows]


def property_companies(session: Session) -> list[Choice]:
    rows = session.execute(select(PropertyCompany.id, PropertyCompany.name)
                           .where(PropertyCompany.deleted_at.is_(None))
                           .order_by(PropertyCompany.name))
    return [Choice(pid, name) for pid, name in rows]


def lifecycle_history(session: Session, compound_id: str) -> list[LifecycleChange]:
    return list(session.scalars(
        select(LifecycleChange).where(LifecycleChange.compound_id == compound_id,
                                      LifecycleChange.deleted_at.is_(None))
        .order_by(LifecycleChange.changed_on, LifecycleChange.updated_at)
    ))


def audit_entries(session: Session, compound_id: str, limit: int = 500) -> list[AuditEntry]:
    return list(session.scalars(
        select(AuditEntry).where(AuditEntry.row_id == compound_id)
        .order_by(AuditEntry.at.desc()).limit(limit)
    ))


def committees(session: Session, compound_id: str) -> list[OwnersCommittee]:
    return list(session.scalars(
        select(OwnersCommittee).where(OwnersCommittee.compound_id == compound_id,
                                      OwnersCommittee.deleted_at.is_(None))
        .order_by(OwnersCommittee.term_start)
    ))


def elections(session: Session, compound_id: str) -> list[Election]:
    return list(session.scalars(
        select(Election).where(Election.compound_id == compound_id,
                               Election.deleted_at.is_(None))
        .order_by(Election.applied_on)
    ))


def agenda_items(session: Session, compound_id: str) -> list[AgendaItem]:
    return list(session.scalars(
        select(AgendaItem).where(AgendaItem.compound_id == compound_id,
                                 AgendaItem.deleted_at.is_(None))
        .order_by(AgendaItem.raised_on.desc())
    ))


def rating_inspections(session: Session, compound_id: str) -> list[RatingInspection]:
    return list(session.scalars(
        select(RatingInspection).where(RatingInspection.compound_id == compound_id,
                                       RatingInspection.deleted_at.is_(None))
        .order_by(RatingInspection.inspected_on.desc())
    ))
