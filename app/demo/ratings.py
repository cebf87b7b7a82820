"""Demo ratings: finished inspections of the companies serving the demo compounds (scored on the
default template, deductions explained, evidence recorded), a few drafts, and the branches'
evaluations of last year. Called by app.demo.generate after the district's rows are in.

Scores go in with `bulk_insert` (a large district has tens of thousands); each inspection's total,
percentage and stars are computed by app.ratings, exactly as a caseworker's would be.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import evaluations, ratings
from app.agenda_rules import local_today
from app.demo.ids import DemoIds
from db.models import (
    Attachment,
    BranchCompound,
    Evaluation,
    PartyBranch,
    RatingInspection,
    RatingScore,
)
from db.tracking import bulk_insert

HALF = Decimal("0.5")
INSPECTED_SHARE = {"small": 1.0, "large": 0.3}
DEDUCTION_NOTES = {
    "A": ("公示栏信息未更新", "公共收益公布逾期", "档案缺少设备台账"),
    "B": ("夜间岗亭无人值守", "巡查记录缺两天", "架空层发现飞线充电", "消防通道停放车辆"),
    "C": ("垃圾桶满溢未及时清运", "楼道堆放杂物", "水箱清洗逾期"),
    "D": ("绿地成片黄土裸露", "发现私自种菜未制止"),
    "E": ("电梯年检合格证过期", "报修超时未处理", "楼道照明损坏多处"),
    "F": ("灭火器压力不足", "疏散楼梯堆放杂物", "消防控制室单人值班"),
    "G": ("投诉未回访", "未开展满意度调查"),
    "H": ("未参加三方联席会议", "决定事项逾期未落实"),
}
PHOTO_NAMES = ("现场照片.jpg", "公示栏.jpg", "巡查记录.pdf", "整改前后对比.jpg")


def _points(rng: random.Random, max_points: Decimal, quality: float) -> Decimal:
    """Full marks mostly; a worse company loses half-points more often."""
    if rng.random() < quality:
        return max_points
    steps = int(max_points / HALF)
    return max_points - HALF * rng.randint(1, steps)


def _day(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low, high))


def generate(
    session: Session, rng: random.Random, compounds: Sequence[dict[str, Any]],
    companies: Sequence[dict[str, Any]], size: str, today: date | None = None,
    new_id: Callable[[], str] | None = None,
) -> dict[str, int]:
    """Add demo inspections and evaluations; returns rows inserted per table. Ids come from
    `new_id`, the demo builder's (app.demo.ids), so the same demo gets the same ids."""
    today = today or local_today()
    new_id = new_id or DemoIds(rng, today)
    template = ratings.import_template_file(session, ratings.DEFAULT_TEMPLATE_FILE, make_id=new_id)
    template.status = "in_use"
    indicators = ratings.template_indicators(session, template.id)
    bands = ratings.template_bands(template)
    maximum = sum((i.max_points for i in indicators), Decimal(0))
    quality = {c["id"]: rng.uniform(0.72, 0.97) for c in companies}
    served = [c for c in compounds if c.get("property_company_id")]
    share = INSPECTED_SHARE.get(size, 1.0)
    chosen = [c for c in served if rng.random() < share]
    inspectors = ("李敏", "王强", "陈静", "刘洋", "张伟")

    inspections: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []
    for compound in chosen:
        company_id = compound["property_company_id"]
        visits = rng.randint(1, 3)
        for visit in range(visits):
            draft = visit == visits - 1 and rng.random() < 0.05
            inspection_id = new_id()
            low = 200 * visit + 10
            day = _day(rng, today, 0 if draft else low, low + 180)
            given: list[Decimal] = []
            for indicator in indicators:
                if draft and rng.random() < 0.5:
                    continue
                points = _points(rng, indicator.max_points, quality[company_id])
                given.append(points)
                note = "" if points == indicator.max_points else rng.choice(
                    DEDUCTION_NOTES.get(indicator.area_code, ("现场检查发现问题",)))
                score_id = new_id()
                scores.append({"id": score_id, "inspection_id": inspection_id,
                               "indicator_id": indicator.id, "points": points,
                               "deduction_note": note})
                if indicator.evidence_required:
                    name = rng.choice(PHOTO_NAMES)
                    attachments.append({
                        "id": new_id(), "owner_table": ratings.SCORE_OWNER_TABLE, "owner_id": score_id,
                        "filename": name, "mime_type": "image/jpeg" if name.endswith("jpg")
                        else "application/pdf", "size_bytes": rng.randint(80_000, 2_400_000),
                        "sha256": hashlib.sha256(score_id.encode()).hexdigest(),
                        "compound_id": compound["id"],
                    })
            score = ratings.score_of(given, maximum, bands)
            inspections.append({
                "id": inspection_id, "template_id": template.id, "compound_id": compound["id"],
                "company_id": company_id, "inspected_on": day, "inspector": rng.choice(inspectors),
                "total_points": Decimal(0) if draft else score.total,
                "percent": Decimal(0) if draft else score.percent,
                "stars": 0 if draft else score.stars, "status": "draft" if draft else "final",
                "notes": "演示数据",
            })
    counts = {
        "rating_inspections": bulk_insert(session, RatingInspection, inspections,
                                          audit_action="demo"),
        "rating_scores": bulk_insert(session, RatingScore, scores, audit_action="demo"),
        "attachments": bulk_insert(session, Attachment, attachments, audit_action="demo"),
        "evaluations": _evaluations(session, rng, today, new_id),
    }
    session.flush()
    return counts


def _evaluations(session: Session, rng: random.Random, today: date, new_id: Callable[[], str]
                 ) -> int:
    """Last year's evaluations by the branches of most covered compounds."""
    form = evaluations.default_form()
    year = today.year - 1
    covered = session.execute(
        select(BranchCompound.compound_id, BranchCompound.branch_id, PartyBranch.secretary_name)
        .join(PartyBranch, PartyBranch.id == BranchCompound.branch_id)
        .order_by(BranchCompound.compound_id, BranchCompound.branch_id)
    ).all()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for compound_id, branch_id, secretary in covered:
        if compound_id in seen or rng.random() < 0.3:
            continue
        seen.add(compound_id)
        for target in evaluations.TARGETS:
            answers = {q.code: format(q.max_points - rng.choice((0, 0, 1, 2, 4, 6, 10)), "f")
                       for q in form.questions[target]}
            total = sum((Decimal(v) for v in answers.values()), Decimal(0))
            rows.append({
                "id": new_id(), "compound_id": compound_id, "branch_id": branch_id,
                "target": target,
                "year": year, "score": total, "answers_json": json.dumps(answers, sort_keys=True),
                "comments": "整体良好" if total >= 80 else "需加强与支部的沟通，按时落实议定事项",
                "evaluator": secretary or "支部书记",
                "evaluated_on": date(year, 12, rng.randint(1, 28)),
            })
    return bulk_insert(session, Evaluation, rows, audit_action="demo")
