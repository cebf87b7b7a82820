"""Templates in the store: their indicators, bands and content (a spec, for editing or
comparing with a file), whether one is in use (then never edited), and who may edit them."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.rating_files import (
    AreaSpec,
    Band,
    IndicatorSpec,
    TemplateSpec,
)
from app.ratings.common import live
from db.models import (
    RatingIndicator,
    RatingInspection,
    RatingTemplate,
)


def template_in_use(session: Session, template_id: str) -> bool:
    """A template is in use once any inspection references it; then it is never edited."""
    return bool(session.scalar(select(exists().where(
        RatingInspection.template_id == template_id, live(RatingInspection)
    ))))


def template_indicators(session: Session, template_id: str) -> list[RatingIndicator]:
    return list(session.scalars(
        select(RatingIndicator)
        .where(RatingIndicator.template_id == template_id, live(RatingIndicator))
        .order_by(RatingIndicator.sort_order)
    ))


def template_bands(template: RatingTemplate) -> tuple[Band, ...]:
    return tuple(Band(int(s), Decimal(str(m))) for s, m in json.loads(template.bands_json or "[]"))


def spec_of(session: Session, template: RatingTemplate) -> TemplateSpec:
    """A stored template's content, for editing or comparing with a file."""
    by_area: dict[str, list[IndicatorSpec]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in template_indicators(session, template.id):
        names.setdefault(row.area_code, row.area_name)
        by_area[row.area_code].append(
            IndicatorSpec(row.code, row.text, row.max_points, row.guidance, row.evidence_required)
        )
    meta = {a["code"]: a for a in json.loads(template.areas_json or "[]")}
    order = list(meta) + [code for code in by_area if code not in meta]
    areas = tuple(
        AreaSpec(code, meta.get(code, {}).get("name") or names.get(code, code),
                 tuple(meta.get(code, {}).get("categories", ())), tuple(by_area[code]))
        for code in order if by_area.get(code)
    )
    return TemplateSpec(template.name, template.note, template_bands(template), areas)


def template_editing_refused(session: Session) -> str:
    """Why this user may not change the rating template, or "". The server takes template
    changes from supervisors only (server/scope.py): a caseworker logged in to a server would
    only have every edit refused at the next sync. Without a server login edits stay local."""
    from app.session import get_setting
    from app.sync.settings import ROLE

    if get_setting(session, ROLE) == "caseworker":
        return "评分模板由区级主管维护：您以街道工作人员身份登录了服务器，这里的修改会被服务器拒收。"
    return ""


def template_label(template: RatingTemplate) -> str:
    return f"{template.name}（第{template.version}版）"
