"""Party organisation in compounds: branches (single or joint), the compounds they cover, members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Replicated, live_unique
from db.types import Choice

BRANCH_KINDS = ("single", "joint")
FOUND_VIA = ("branch_found", "member_reported")  # 双找: 党组织找党员 / 党员找党组织


class PartyBranch(Replicated):
    """A party branch built in a compound (单独) or covering several (联合)."""

    __tablename__ = "party_branches"
    label_zh = "党支部"
    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(Choice(8, BRANCH_KINDS), default="single")
    secretary_name: Mapped[str] = mapped_column(String(40), default="")
    founded_on: Mapped[date | None] = mapped_column(Date, default=None)


class BranchCompound(Replicated):
    """A compound covered by a branch (a joint branch has several)."""

    __tablename__ = "branch_compounds"
    __table_args__ = (live_unique("branch_compounds", "branch_id", "compound_id"),)
    label_zh = "支部覆盖小区"
    branch_id: Mapped[str] = mapped_column(ForeignKey("party_branches.id"), index=True)
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)


class PartyMember(Replicated):
    """A resident party member; only what the work needs (name, optional phone)."""

    __tablename__ = "party_members"
    label_zh = "党员"
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(30), default=None)
    compound_id: Mapped[str | None] = mapped_column(ForeignKey("compounds.id"), index=True)
    building: Mapped[str] = mapped_column(String(20), default="")
    room: Mapped[str] = mapped_column(String(20), default="")
    branch_id: Mapped[str | None] = mapped_column(
        ForeignKey("party_branches.id"), default=None, index=True
    )
    found_via: Mapped[str | None] = mapped_column(Choice(16, FOUND_VIA), default=None)
    on_committee: Mapped[bool] = mapped_column(Boolean, default=False)  # 交叉任职
    works_for_property: Mapped[bool] = mapped_column(Boolean, default=False)
