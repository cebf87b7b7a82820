"""Where compounds are: streets, communities, compounds, their property companies and stages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import MAX_COMPOUND_AREA_M2, MAX_COUNT, Replicated, live_unique
from db.types import BoundedInteger, Choice, DecimalText

LIFECYCLE_STAGES = ("孕育期", "出生期", "过渡期", "成熟期", "拆迁改造期")
COMMITTEE_STATUSES = ("none", "preparing", "active", "expired")


class Street(Replicated):
    """A street office (街道办), the caseworker's scope."""

    __tablename__ = "streets"
    __table_args__ = (live_unique("streets", "name"),)
    label_zh = "街道"
    name: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(40), default="龙岗区")


class Community(Replicated):
    """A community (社区) under a street, led by its community party committee."""

    __tablename__ = "communities"
    __table_args__ = (live_unique("communities", "street_id", "name"),)
    label_zh = "社区"
    street_id: Mapped[str] = mapped_column(ForeignKey("streets.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))


class PropertyCompany(Replicated):
    """A property-service company (物业服务企业)."""

    __tablename__ = "property_companies"
    __table_args__ = (live_unique("property_companies", "name"),)
    label_zh = "物业企业"
    name: Mapped[str] = mapped_column(String(120))
    credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    contact_phone: Mapped[str | None] = mapped_column(String(30), default=None)


class Compound(Replicated):
    """A residential compound (花园小区): the unit of all work in the app."""

    __tablename__ = "compounds"
    __table_args__ = (live_unique("compounds", "community_id", "name"),)
    label_zh = "小区"
    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(160), default="")
    lifecycle_stage: Mapped[str] = mapped_column(Choice(10, LIFECYCLE_STAGES), default="成熟期")
    households: Mapped[int] = mapped_column(BoundedInteger(0, MAX_COUNT), default=0)
    building_area_m2: Mapped[Decimal] = mapped_column(
        DecimalText(0, MAX_COMPOUND_AREA_M2), default=Decimal(0)
    )
    delivered_on: Mapped[date | None] = mapped_column(Date, default=None)
    property_company_id: Mapped[str | None] = mapped_column(
        ForeignKey("property_companies.id"), default=None, index=True
    )
    committee_status: Mapped[str] = mapped_column(Choice(12, COMMITTEE_STATUSES), default="none")
    residents_committee_acting: Mapped[bool] = mapped_column(Boolean, default=False)  # 以居代业
    instructor_name: Mapped[str | None] = mapped_column(String(40), default=None)  # 党建指导员
    liaison_member_id: Mapped[str | None] = mapped_column(
        ForeignKey("party_members.id", use_alter=True), default=None
    )
    note: Mapped[str] = mapped_column(Text, default="")


class LifecycleChange(Replicated):
    """One change of a compound's lifecycle stage, kept as history."""

    __tablename__ = "lifecycle_changes"
    label_zh = "生命周期变更"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    from_stage: Mapped[str | None] = mapped_column(Choice(10, LIFECYCLE_STAGES), default=None)
    to_stage: Mapped[str] = mapped_column(Choice(10, LIFECYCLE_STAGES))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
