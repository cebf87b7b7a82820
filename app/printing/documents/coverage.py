"""A street's party-branch coverage report (组织覆盖 / 工作覆盖 / 未覆盖): the street's totals,
the figures per community, and every compound — issued by the street office."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.coverage import (
    COVERAGE_KINDS,
    COVERAGE_LABELS_ZH,
    ORGANISATIONAL,
    UNCOVERED,
    WORK,
    branches_by_compound,
    classify,
)
from app.errors import BadInput
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec
from db.models import Community, Compound, Street

RULE = "《深圳经济特区物业管理条例》第五条"


def find_street(session: Session, key: str) -> Street:
    """A street by id or by name (with or without the 街道 suffix): the name exactly as given
    first; a name two streets share is refused rather than guessed."""
    street = session.get(Street, key)
    if street is not None and street.deleted_at is None:
        return street
    live = select(Street).where(Street.deleted_at.is_(None))
    exact = list(session.scalars(live.where(Street.name == key)))
    if not exact:
        names = {key.removesuffix("街道办事处"), key.removesuffix("街道"), f"{key}街道",
                 f"{key.removesuffix('街道办事处')}街道"}
        exact = list(session.scalars(live.where(Street.name.in_(names - {key}))))
    if len(exact) > 1:
        shown = key if len(key) <= 20 else key[:20] + "…"
        raise BadInput(code="printing.street_ambiguous", count=len(exact), shown=shown)
    if not exact:
        shown = key if len(key) <= 40 else key[:40] + "…"
        raise BadInput(code="printing.street_not_found", shown=shown)
    return exact[0]


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _community(name: str) -> str:
    return name if name.endswith("社区") else f"{name}社区"


def coverage_report(session: Session, street_key: str, today: date | None = None) -> DocumentSpec:
    from app.agenda_rules import local_today

    street = find_street(session, street_key)
    on = today or local_today()
    rows = session.execute(
        select(Community.name, Compound.id, Compound.name, Compound.instructor_name,
               Compound.liaison_member_id)
        .join(Community, Community.id == Compound.community_id)
        .where(Community.street_id == street.id, Compound.deleted_at.is_(None),
               Community.deleted_at.is_(None))
        .order_by(Community.name, Compound.name)
    ).all()
    covered = branches_by_compound(session)
    counts: Counter[str] = Counter()
    per_community: dict[str, Counter[str]] = {}
    details: list[list[object]] = []
    for n, (community, cid, name, instructor, liaison) in enumerate(rows, 1):
        kind = classify(cid in covered, instructor, liaison)
        counts[kind] += 1
        per_community.setdefault(_community(community), Counter())[kind] += 1
        details.append([n, _community(community), name, COVERAGE_LABELS_ZH[kind],
                        "、".join(covered.get(cid, [])) or "—", instructor or "—"])
    total = len(rows)
    street_name = street.name if street.name.endswith("街道") else f"{street.name}街道"

    doc = Doc(title=f"{street_name}小区党组织覆盖情况统计表", kind="coverage-report")
    doc.h1("总体情况")
    if total:
        doc.p(f"截至{on.year}年{on.month}月{on.day}日，{street.district}{street_name}共有住宅小区"
              f"{total}个。其中，组织覆盖{counts[ORGANISATIONAL]}个，占{_share(counts[ORGANISATIONAL], total)}；"
              f"工作覆盖{counts[WORK]}个，占{_share(counts[WORK], total)}；"
              f"未覆盖{counts[UNCOVERED]}个，占{_share(counts[UNCOVERED], total)}。"
              f"党的组织覆盖和工作覆盖合计{total - counts[UNCOVERED]}个，"
              f"覆盖率{_share(total - counts[UNCOVERED], total)}。")
    else:
        doc.p(f"截至{on.year}年{on.month}月{on.day}日，{street.district}{street_name}尚未登记住宅小区。")
    definitions = ("组织覆盖指小区单独建立党支部或由联合党支部覆盖；工作覆盖指小区未建党支部，"
                   f"但已选派党建指导员或确定联络党员。统计依据{RULE}。")
    if not total:
        doc.p(definitions)
    else:
        doc.h1("分社区情况")
        summary: list[list[object]] = []
        for community, c in per_community.items():
            size = sum(c.values())
            summary.append([community, size, *(c[k] for k in COVERAGE_KINDS),
                            _share(size - c[UNCOVERED], size)])
        summary.append(["合计", total, *(counts[k] for k in COVERAGE_KINDS),
                        _share(total - counts[UNCOVERED], total)])
        doc.table(["社区", "小区数", "组织覆盖", "工作覆盖", "未覆盖", "覆盖率"], summary,
                  numeric=(1, 2, 3, 4, 5))
        doc.h1("小区覆盖情况明细")
        doc.table(["序号", "社区", "小区", "覆盖情况", "覆盖党支部", "党建指导员"], details,
                  weights=(0, 1, 2, 1, 3, 1))
        doc.p(f"说明：{definitions}")  # under the tables: the 落款 keeps to a paragraph, never to a table
    office = f"{street_name}办事处"
    doc.sign(issuer=office, on=on, seal=True)
    return doc.spec()
