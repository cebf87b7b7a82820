"""Party branches (single or joint) and the resident party-member register (双找).

A branch covers compounds through branch_compounds rows: a single branch exactly one, a joint
branch two or more. Members are linked to a branch with their 双找 source, and flagged when they
sit on the owners' committee (交叉任职) or work for the property company.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from db.models import BranchCompound, Community, Compound, PartyBranch, PartyMember
from db.models.party import BRANCH_KINDS, FOUND_VIA


@dataclass
class BranchRow:
    id: str
    name: str
    kind: str
    secretary_name: str
    community_id: str
    founded_on: date | None
    compound_ids: list[str] = field(default_factory=list)
    compound_names: list[str] = field(default_factory=list)
    member_count: int = 0


@dataclass
class MemberRow:
    id: str
    name: str
    phone: str
    compound_id: str | None
    building: str
    room: str
    branch_id: str | None
    branch_name: str
    found_via: str | None
    on_committee: bool
    works_for_property: bool


def _covered(session: Session, branch_ids: list[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    query = (select(BranchCompound.branch_id, Compound.id, Compound.name)
             .join(Compound, Compound.id == BranchCompound.compound_id)
             .where(BranchCompound.deleted_at.is_(None), Compound.deleted_at.is_(None))
             .order_by(Compound.name))
    if branch_ids is not None:
        query = query.where(BranchCompound.branch_id.in_(branch_ids))
    covered: dict[str, list[tuple[str, str]]] = {}
    for branch_id, cid, name in session.execute(query):
        covered.setdefault(branch_id, []).append((cid, name))
    return covered


def list_branches(session: Session, compound_id: str | None = None) -> list[BranchRow]:
    """Live branches, or only those covering `compound_id`."""
    query = select(PartyBranch).where(PartyBranch.deleted_at.is_(None)).order_by(PartyBranch.name)
    if compound_id is not None:
        query = query.join(BranchCompound, BranchCompound.branch_id == PartyBranch.id).where(
            BranchCompound.compound_id == compound_id, BranchCompound.deleted_at.is_(None))
    branches = list(session.scalars(query))
    ids = [b.id for b in branches]
    covered = _covered(session, ids)
    members = Counter(dict(session.execute(
        select(PartyMember.branch_id, func.count())
        .where(PartyMember.deleted_at.is_(None), PartyMember.branch_id.in_(ids))
        .group_by(PartyMember.branch_id)).all()))
    return [BranchRow(
        id=b.id, name=b.name, kind=b.kind, secretary_name=b.secretary_name,
        community_id=b.community_id, founded_on=b.founded_on,
        compound_ids=[c for c, _ in covered.get(b.id, [])],
        compound_names=[n for _, n in covered.get(b.id, [])],
        member_count=members.get(b.id, 0)) for b in branches]


def _check_compounds(session: Session, kind: str, compound_ids: list[str]) -> list[str]:
    unique = list(dict.fromkeys(compound_ids))
    if kind not in BRANCH_KINDS:
        raise BadInput(code="party.bad_kind", kind=kind)
    if kind == "single" and len(unique) != 1:
        raise BadInput(code="party.single_one_compound")
    if kind == "joint" and len(unique) < 2:
        raise BadInput(code="party.joint_two_compounds")
    for cid in unique:
        compound = session.get(Compound, cid)
        if compound is None or compound.deleted_at is not None:
            raise BadInput(code="party.covered_compound_gone", cid=cid)
    return unique


def create_branch(session: Session, *, name: str, kind: str, compound_ids: list[str],
                  secretary_name: str = "", community_id: str | None = None,
                  founded_on: date | None = None) -> str:
    """Create a branch covering the given compounds; returns its id."""
    name = (name or "").strip()
    if not name:
        raise BadInput(code="party.branch_name_empty")
    if len(name) > 80:
        raise BadInput(code="party.branch_name_too_long")
    unique = _check_compounds(session, kind, compound_ids)
    if community_id is None:
        community_id = session.get(Compound, unique[0]).community_id  # type: ignore[union-attr]
    elif session.get(Community, community_id) is None:
        raise BadInput(code="party.no_community", community_id=community_id)
    branch = PartyBranch(name=name, kind=kind, secretary_name=(secretary_name or "").strip(),
                         community_id=community_id, founded_on=founded_on)
    session.add(branch)
    session.flush()
    for cid in unique:
        session.add(BranchCompound(branch_id=branch.id, compound_id=cid))
    session.flush()
    return branch.id


def update_branch(session: Session, branch_id: str, *, name: str | None = None,
                  secretary_name: str | None = None, kind: str | None = None,
                  compound_ids: list[str] | None = None) -> None:
    """Change a branch's name, secretary, kind or covered compounds."""
    branch = _live(session, PartyBranch, branch_id, "支部")
    if name is not None:
        if not name.strip():
            raise BadInput(code="party.branch_name_empty")
        branch.name = name.strip()
    if secretary_name is not None:
        branch.secretary_name = secretary_name.strip()
    new_kind = kind or branch.kind
    if compound_ids is not None or kind is not None:
        current = [c for c, _ in _covered(session, [branch_id]).get(branch_id, [])]
        wanted = _check_compounds(session, new_kind,
                                  compound_ids if compound_ids is not None else current)
        branch.kind = new_kind
        _set_covered(session, branch_id, wanted)
    session.flush()


def _set_covered(session: Session, branch_id: str, wanted: list[str]) -> None:
    links = {bc.compound_id: bc for bc in session.scalars(
        select(BranchCompound).where(
            BranchCompound.branch_id == branch_id, BranchCompound.deleted_at.is_(None)))}
    for cid, link in links.items():
        if cid not in wanted and link.deleted_at is None:
            session.delete(link)
    for cid in wanted:
        existing = links.get(cid)
        if existing is None or existing.deleted_at is not None:
            # A re-added link is a new row; the tombstone stays as history (the pair is unique
            # among live rows only).
            session.add(BranchCompound(branch_id=branch_id, compound_id=cid))


def delete_branch(session: Session, branch_id: str) -> None:
    """Tombstone a branch and its coverage links; its members become unlinked."""
    branch = _live(session, PartyBranch, branch_id, "支部")
    for link in session.scalars(select(BranchCompound).where(
            BranchCompound.branch_id == branch_id, BranchCompound.deleted_at.is_(None))):
        session.delete(link)
    for member in session.scalars(select(PartyMember).where(PartyMember.branch_id == branch_id)):
        member.branch_id = None
    session.delete(branch)
    session.flush()


# ----- members ---------------------------------------------------------------------------

MEMBER_FIELDS = ("name", "phone", "compound_id", "building", "room", "found_via",
                 "on_committee", "works_for_property")


def list_members(session: Session, compound_id: str | None = None,
                 branch_id: str | None = None) -> list[MemberRow]:
    query = (select(PartyMember, PartyBranch.name)
             .outerjoin(PartyBranch, PartyBranch.id == PartyMember.branch_id)
             .where(PartyMember.deleted_at.is_(None))
             .order_by(PartyMember.building, PartyMember.room, PartyMember.name))
    if compound_id is not None:
        query = query.where(PartyMember.compound_id == compound_id)
    if branch_id is not None:
        query = query.where(PartyMember.branch_id == branch_id)
    return [MemberRow(
        id=m.id, name=m.name, phone=m.phone or "", compound_id=m.compound_id,
        building=m.building or "", room=m.room or "", branch_id=m.branch_id,
        branch_name=branch or "", found_via=m.found_via, on_committee=bool(m.on_committee),
        works_for_property=bool(m.works_for_property),
    ) for m, branch in session.execute(query)]


def _member_values(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in MEMBER_FIELDS:
            raise BadInput(code="party.member_no_field", key=key)
        if key == "name":
            value = (value or "").strip()
            if not value:
                raise BadInput(code="party.member_name_empty")
            if len(value) > 40:
                raise BadInput(code="party.member_name_too_long")
        elif key == "phone":
            value = (value or "").strip() or None
            if value and not all(ch.isdigit() or ch in "-+ " for ch in value):
                raise BadInput(code="party.bad_phone", value=value)
        elif key == "found_via":
            value = value or None
            if value is not None and value not in FOUND_VIA:
                raise BadInput(code="party.bad_found_via", value=value)
        elif key in ("on_committee", "works_for_property"):
            value = bool(value)
        elif key in ("building", "room"):
            value = (value or "").strip()
        clean[key] = value
    return clean


def add_member(session: Session, values: dict[str, Any]) -> str:
    clean = _member_values(values)
    if "name" not in clean:
        raise BadInput(code="party.member_name_empty")
    member = PartyMember(**clean)
    session.add(member)
    session.flush()
    return member.id


def update_member(session: Session, member_id: str, values: dict[str, Any]) -> None:
    member = _live(session, PartyMember, member_id, "党员")
    for key, value in _member_values(values).items():
        setattr(member, key, value)
    session.flush()


def link_member(session: Session, member_id: str, branch_id: str,
                found_via: str | None = None) -> None:
    """Link a member to a branch, recording how they found each other (双找)."""
    member = _live(session, PartyMember, member_id, "党员")
    _live(session, PartyBranch, branch_id, "支部")
    member.branch_id = branch_id
    if found_via is not None:
        member.found_via = _member_values({"found_via": found_via})["found_via"]
    session.flush()


def unlink_member(session: Session, member_id: str) -> None:
    member = _live(session, PartyMember, member_id, "党员")
    member.branch_id = None
    session.flush()


def _live(session: Session, model: type, row_id: str, what: str) -> Any:
    row = session.get(model, row_id)
    if row is None or row.deleted_at is not None:
        raise BadInput(code="party.row_gone", what=what, row_id=row_id)
    return row
