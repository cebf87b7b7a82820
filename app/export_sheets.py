"""The people's sheets of an .xlsx export: compounds, the owners' register and party members in
the layout `import` reads (names of compound, community and street rather than ids; labels
rather than codes), so that re-importing an export changes nothing. Each sheet starts with the
record's 编号 (id), which the import ignores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.importing.fields import COMMITTEE_STATUS_LABELS, COMPOUNDS, PARTY_MEMBERS, UNITS, Kind
from db.models import Community, Compound, PartyBranch, PartyMember, PropertyCompany, Street, Unit

COMMITTEE_LABEL = {code: label for label, code in COMMITTEE_STATUS_LABELS.items()}
FOUND_VIA_LABEL = {"branch_found": "党组织找党员", "member_reported": "党员找党组织"}

SheetRows = tuple[str, list[str], Iterator[tuple[Any, ...]]]


def _headers(kind: Kind, fields: tuple[str, ...]) -> list[str]:
    names = {"building_area_m2": "总建筑面积（㎡）", "area_m2": "建筑面积（㎡）"}
    return ["编号", *(names.get(f, kind.column(f).headers[0]) for f in fields)]


COMPOUND_COLUMNS = ("compound", "community", "street", "address", "lifecycle_stage", "households",
                    "building_area_m2", "property_company", "delivered_on", "committee_status",
                    "residents_committee_acting", "instructor_name", "note")


def compounds_sheet(session: Session) -> SheetRows:
    query = (select(Compound.id, Compound.name, Community.name, Street.name, Compound.address,
                    Compound.lifecycle_stage, Compound.households, Compound.building_area_m2,
                    PropertyCompany.name, Compound.delivered_on, Compound.committee_status,
                    Compound.residents_committee_acting, Compound.instructor_name, Compound.note)
             .join(Community, Compound.community_id == Community.id)
             .join(Street, Community.street_id == Street.id)
             .outerjoin(PropertyCompany, Compound.property_company_id == PropertyCompany.id)
             .where(Compound.deleted_at.is_(None))
             .order_by(Street.name, Community.name, Compound.name))

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in session.execute(query):
            values = list(row)
            values[10] = COMMITTEE_LABEL.get(values[10], values[10])
            yield tuple(values)
    return "小区", _headers(COMPOUNDS, COMPOUND_COLUMNS), rows()


UNIT_COLUMNS = ("compound", "community", "street", "building", "room", "owner_name", "area_m2",
                "phone", "developer_unsold", "owner_key")


def units_sheet(session: Session) -> SheetRows:
    query = (select(Unit.id, Compound.name, Community.name, Street.name, Unit.building, Unit.room,
                    Unit.owner_name, Unit.area_m2, Unit.phone, Unit.developer_unsold,
                    Unit.owner_key)
             .join(Compound, Unit.compound_id == Compound.id)
             .join(Community, Compound.community_id == Community.id)
             .join(Street, Community.street_id == Street.id)
             .where(Unit.deleted_at.is_(None))
             .order_by(Street.name, Community.name, Compound.name, Unit.building, Unit.room))
    return "业主名册", _headers(UNITS, UNIT_COLUMNS), (tuple(r) for r in session.execute(query))


MEMBER_COLUMNS = ("name", "compound", "community", "street", "phone", "building", "room", "branch",
                  "found_via", "on_committee", "works_for_property")


def members_sheet(session: Session) -> SheetRows:
    branch = aliased(PartyBranch)
    query = (select(PartyMember.id, PartyMember.name, Compound.name, Community.name, Street.name,
                    PartyMember.phone, PartyMember.building, PartyMember.room, branch.name,
                    PartyMember.found_via, PartyMember.on_committee,
                    PartyMember.works_for_property)
             .outerjoin(Compound, PartyMember.compound_id == Compound.id)
             .outerjoin(Community, Compound.community_id == Community.id)
             .outerjoin(Street, Community.street_id == Street.id)
             .outerjoin(branch, PartyMember.branch_id == branch.id)
             .where(PartyMember.deleted_at.is_(None))
             .order_by(Street.name, Community.name, Compound.name, PartyMember.name))

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in session.execute(query):
            values = list(row)
            values[9] = FOUND_VIA_LABEL.get(values[9], values[9])
            yield tuple(values)
    return "党员", _headers(PARTY_MEMBERS, MEMBER_COLUMNS), rows()


PEOPLE_SHEETS: dict[str, Callable[[Session], SheetRows]] = {
    "compounds": compounds_sheet, "units": units_sheet, "party_members": members_sheet}
