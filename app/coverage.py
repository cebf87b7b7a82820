"""Party-branch coverage of compounds ("支部建在小区上").

A compound is organisationally covered (组织覆盖) when a branch is built in it or a joint branch
covers it (a live branch_compounds row of a live branch); work-covered (工作覆盖) when it is not,
but a party-building instructor (党建指导员) or a liaison party member is assigned; otherwise
uncovered. Pure Python over the models: the dashboard, the compound list and exports share it.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import BranchCompound, Compound, PartyBranch

ORGANISATIONAL = "organisational"
WORK = "work"
UNCOVERED = "uncovered"
COVERAGE_KINDS = (ORGANISATIONAL, WORK, UNCOVERED)
COVERAGE_LABELS_ZH = {ORGANISATIONAL: "组织覆盖", WORK: "工作覆盖", UNCOVERED: "未覆盖"}


def classify(covered_by_branch: bool, instructor_name: str | None,
             liaison_member_id: str | None) -> str:
    """The coverage kind of one compound from the three facts that decide it."""
    if covered_by_branch:
        return ORGANISATIONAL
    if (instructor_name or "").strip() or liaison_member_id:
        return WORK
    return UNCOVERED


def branches_by_compound(session: Session) -> dict[str, list[str]]:
    """Compound id → names of the live branches covering it."""
    rows = session.execute(
        select(BranchCompound.compound_id, PartyBranch.name)
        .join(PartyBranch, PartyBranch.id == BranchCompound.branch_id)
        .where(BranchCompound.deleted_at.is_(None), PartyBranch.deleted_at.is_(None))
    )
    covered: dict[str, list[str]] = defaultdict(list)
    for compound_id, name in rows:
        covered[compound_id].append(name)
    return dict(covered)


def coverage_by_compound(session: Session) -> dict[str, str]:
    """Compound id → coverage kind, for every live compound."""
    covered = branches_by_compound(session)
    rows = session.execute(
        select(Compound.id, Compound.instructor_name, Compound.liaison_member_id)
        .where(Compound.deleted_at.is_(None))
    )
    return {cid: classify(cid in covered, instructor, liaison)
            for cid, instructor, liaison in rows}
