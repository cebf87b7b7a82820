"""Read-only lookups the documents share: a record by id (live rows only), where a compound is,
who issues a notice, and the local time of a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.messages import Problem, problem
from db.models import (
    BranchCompound,
    Community,
    Compound,
    GroupMember,
    PartyBranch,
    Replicated,
    Street,
)

M = TypeVar("M", bound=Replicated)


class NotReady(BadInput):
    """The record exists but what the document needs is not there yet (e.g. no tally)."""


RECORD_ZH = {
    "election": "选举", "meeting": "会议", "agenda item": "议事事项", "compound": "小区",
    "committee": "业主委员会", "rating inspection": "物业服务评价", "street": "街道",
    "checkpoint approval": "审核记录",
}


def missing_record(what: str, record_id: str) -> Problem:
    """找不到编号为“…”的选举 — the id shortened, an empty one asked for."""
    name = RECORD_ZH.get(what, what)
    shown = "".join(ch for ch in record_id if ch.isprintable()).strip()
    if not shown:
        return problem("printing.record_id_required", record=name)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return problem("printing.record_not_found", record=name, record_id=shown)


def get_live(session: Session, model: type[M], record_id: str, what: str) -> M:
    """The live row with this id, or BadInput naming what was looked for."""
    row = session.get(model, record_id)
    if row is None or row.deleted_at is not None:
        raise BadInput(missing_record(what, record_id))
    return row


@dataclass(frozen=True)
class Place:
    """A compound with its community and street, as printed on a notice."""

    compound: Compound
    community: Community
    street: Street

    @property
    def street_office(self) -> str:
        name = self.street.name
        return f"{name}办事处" if name.endswith("街道") else f"{name}街道办事处"

    @property
    def community_name(self) -> str:
        """The community as printed: "四联社区" whether or not the stored name has 社区."""
        name = self.community.name
        return name if name.endswith("社区") else f"{name}社区"

    @property
    def party_committee(self) -> str:
        return f"{self.community_name}党委"

    @property
    def street_name(self) -> str:
        name = self.street.name
        return name if name.endswith("街道") else f"{name}街道"

    @property
    def full_name(self) -> str:
        return f"{self.street.district}{self.street_name}{self.community_name}{self.compound.name}"


def place_of(session: Session, compound_id: str) -> Place:
    compound = get_live(session, Compound, compound_id, "compound")
    community = session.get(Community, compound.community_id)
    street = session.get(Street, community.street_id) if community else None
    if community is None or street is None:
        raise BadInput(code="printing.compound_no_place", name=compound.name[:40])
    return Place(compound, community, street)


def group_leader(session: Session, election_id: str) -> GroupMember | None:
    return session.scalars(
        select(GroupMember).where(
            GroupMember.election_id == election_id, GroupMember.deleted_at.is_(None),
            GroupMember.is_leader.is_(True),
        )
    ).first()


def branch_names(session: Session, compound_id: str) -> list[str]:
    """Live party branches covering the compound (built in it or joint)."""
    return list(session.scalars(
        select(PartyBranch.name)
        .join(BranchCompound, BranchCompound.branch_id == PartyBranch.id)
        .where(BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None),
               PartyBranch.deleted_at.is_(None))
        .order_by(PartyBranch.name)
    ))


def local_time(moment: datetime) -> datetime:
    """A stored UTC moment in the caseworker's time zone."""
    from app.agenda_rules import local_zone

    return moment.astimezone(local_zone())


def zh_datetime(moment: datetime) -> str:
    local = local_time(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local.hour:02d}:{local.minute:02d}"
