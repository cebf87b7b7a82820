"""A street's party-branch coverage report (组织覆盖 / 工作覆盖 / 未覆盖), compound by compound."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.coverage import (
    COVERAGE_LABELS_ZH,
    ORGANISATIONAL,
    UNCOVERED,
    WORK,
    branches_by_compound,
    classify,
)
from app.errors import BadInput
from app.printing.layout import DocumentSpec, Signature, heading, para, table, zh_date
from db.models import Community, Compound, Street

RULE = "《深圳经济特区物业管理条例》第五条（业主委员会、物业服务企业按照党章规定设立党的组织）"


def find_street(session: Session, key: str) -> Street:
    """A street by id or by name (with or without the 街道 suffix)."""
    street = session.get(Street, key)
    if street is None or street.deleted_at is not None:
        names = {key, key.removesuffix("街道"), key.removesuffix("街道办事处"), f"{key}街道"}
        street = session.scalars(
            select(Street).where(Street.name.in_(names), Street.deleted_at.is_(None))
        ).first()
    if street is None:
        raise BadInput(f"no street with id or name {key!r}")
    return street


def coverage_report(session: Session, street_key: str, today: date | None = None) -> DocumentSpec:
    street = find_street(session, street_key)
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
    table_rows = []
    for n, (community, cid, name, instructor, liaison) in enumerate(rows, 1):
        kind = classify(cid in covered, instructor, liaison)
        counts[kind] += 1
        table_rows.append([n, community, name, COVERAGE_LABELS_ZH[kind],
                           "、".join(covered.get(cid, [])) or "—", instructor or "—"])
    total = len(rows)

    def share(k: str) -> str:
        return f"{counts[k]}个（{counts[k] * 100 / total:.1f}%）" if total else "0个"

    office = f"{street.name}办事处" if street.name.endswith("街道") else f"{street.name}街道办事处"
    story = [
        para(f"截至{zh_date(today or date.today())}，{street.district}{street.name}"
             f"{'' if street.name.endswith('街道') else '街道'}共有住宅小区{total}个，其中："
             f"组织覆盖{share(ORGANISATIONAL)}，工作覆盖{share(WORK)}，未覆盖{share(UNCOVERED)}。"),
        para(f"组织覆盖指小区单独建立党支部或由联合党支部覆盖；工作覆盖指未建支部但已选派党建指导员或联络党员。依据：{RULE}。"),
        heading("小区覆盖情况明细"),
        table(["序号", "社区", "小区", "覆盖情况", "覆盖党支部", "党建指导员"], table_rows,
              [1, 2, 3.2, 1.8, 3.5, 2]),
    ]
    return DocumentSpec(
        title=f"{street.name}{'' if street.name.endswith('街道') else '街道'}小区党组织覆盖情况统计表",
        story=story, signature=Signature(office, today or date.today()), subject="coverage-report",
    )
