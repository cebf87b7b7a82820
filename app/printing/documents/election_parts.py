"""Pieces the election notices share: a room as printed, areas and shares in the figures a
notice shows, the candidates' table, and the sentences naming the vote's time and method."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.printing.documents.election_context import ElectionContext
from app.printing.gongwen import Doc
from app.printing.layout import zh_date
from db.models import Candidate, Unit

HOUSING_BODY = "住房和建设局"  # the district housing department of a Shenzhen district


def units_by_id(session: Session, ids: Sequence[str | None]) -> dict[str, Unit]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(wanted)))}


def room(unit: Unit | None) -> str:
    """3栋0201 (a bare building number gets its 栋); "—" when no unit is recorded."""
    if unit is None:
        return "—"
    building = unit.building if unit.building.endswith(("栋", "座", "楼", "幢", "铺")) \
        else f"{unit.building}栋"
    return f"{building}{unit.room}"


def area(value: Any) -> str:
    """1,234.50 — square metres to the hundredth, thousands grouped."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def share(part: Any, whole: Any) -> str:
    """68.52% — the part's share of the whole to the hundredth of a percent ("—" of nothing)."""
    whole_d = Decimal(str(whole))
    if whole_d == 0:
        return "—"
    value = (Decimal(str(part)) * 100 / whole_d).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value}%"


def party(flag: bool) -> str:
    return "中共党员" if flag else "—"


def candidate_table(doc: Doc, session: Session, candidates: list[Candidate]) -> None:
    """序号, 姓名, 房号, 政治面貌, 提名方式 — the list as owners check it."""
    units = units_by_id(session, [c.unit_id for c in candidates])
    rows = [
        [n, c.name, room(units.get(c.unit_id or "")), party(c.is_party_member),
         c.nominated_by or "—"]
        for n, c in enumerate(candidates, 1)
    ]
    doc.table(["序号", "姓名", "房号", "政治面貌", "提名方式"], rows)


def vote_period(ctx: ElectionContext) -> str | None:
    """2024年4月20日至2024年5月5日 (one day: that day); None while the vote date is not set."""
    e = ctx.election
    if e.vote_start is None:
        return None
    if e.vote_end is None or e.vote_end == e.vote_start:
        return zh_date(e.vote_start)
    return f"{zh_date(e.vote_start)}至{zh_date(e.vote_end)}"


def method(ctx: ElectionContext) -> str:
    return "书面投票与电子投票相结合" if ctx.election.e_vote else "书面投票"


def housing_department(ctx: ElectionContext) -> str:
    """龙岗区住房和建设局: the 区住房和建设部门 where a committee files."""
    district = ctx.place.street.district.strip()
    return f"{district}{HOUSING_BODY}" if district else f"区{HOUSING_BODY}"


def changed_since_approval(session: Session, ctx: ElectionContext, checkpoint: str) -> str | None:
    """Why a paper listing the group ("group") or the candidates ("candidates") is only a draft
    when the list on file is no longer what the checkpoint approved — at any stage, the vote's
    included (a row added later by a colleague's sync or by hand); None when it still is."""
    from app.elections import stages
    from app.elections.standing import stale_signoffs
    from app.printing import rules_text as rt

    if checkpoint not in stale_signoffs(session, ctx.election):
        return None
    name = stages.checkpoint_name(checkpoint, ctx.election.kind, rt.rules())
    listed = "候选人名单" if checkpoint == "candidates" else f"{ctx.organiser}成员"
    return f"{listed}在{name}审核后已变更，须重新审核签署"


def candidates_changed_since_approval(session: Session, ctx: ElectionContext) -> str | None:
    return changed_since_approval(session, ctx, "candidates")


def group_changed_since_approval(session: Session, ctx: ElectionContext) -> str | None:
    return changed_since_approval(session, ctx, "group")
