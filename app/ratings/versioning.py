"""Saving templates: a template that any inspection uses is never edited in place — an edit
makes a new version (the old one retired); a draft is edited. The current template is the
newest live version, else the district's default file."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.rating_files import (
    DEFAULT_TEMPLATE_FILE,
    AreaSpec,
    TemplateSpec,
    load_template_file,
)
from app.ratings.common import live
from app.ratings.templates import spec_of, template_in_use, template_indicators
from db.models import (
    RatingIndicator,
    RatingTemplate,
)
from db.types import new_id


def _latest(session: Session, name: str) -> RatingTemplate | None:
    return session.scalar(
        select(RatingTemplate)
        .where(RatingTemplate.name == name, live(RatingTemplate))
        .order_by(RatingTemplate.version.desc())
        .limit(1)
    )


def _write_content(
    session: Session, template: RatingTemplate, spec: TemplateSpec,
    make_id: Callable[[], str] = new_id,
) -> None:
    """Put a spec's content on a template that no inspection uses (a draft)."""
    template.note = spec.note
    template.bands_json = json.dumps([[b.stars, str(b.min_percent)] for b in spec.bands])
    template.areas_json = json.dumps(
        [{"code": a.code, "name": a.name, "categories": list(a.categories)} for a in spec.areas],
        ensure_ascii=False,
    )
    existing = {row.code: row for row in template_indicators(session, template.id)}
    order = 0
    for area in spec.areas:
        for indicator in area.indicators:
            order += 1
            row = existing.pop(indicator.code, None)
            if row is None:
                row = RatingIndicator(id=make_id(), template_id=template.id, code=indicator.code)
                session.add(row)
            row.area_code, row.area_name = area.code, area.name
            row.text, row.max_points = indicator.text, indicator.max_points
            row.guidance, row.evidence_required = indicator.guidance, indicator.evidence
            row.sort_order = order
    for stale in existing.values():
        session.delete(stale)  # a tombstone (tracking); only drafts get here
    session.flush()


def save_template(
    session: Session, spec: TemplateSpec, make_id: Callable[[], str] = new_id
) -> RatingTemplate:
    """Store a template: a new version when the latest one is in use, else edit the draft.

    Saving content equal to the latest version changes nothing and returns it. `make_id` lets
    the seeded demo make the same ids every run.
    """
    latest = _latest(session, spec.name)
    if latest is not None and spec_of(session, latest) == spec:
        return latest
    if latest is not None and not template_in_use(session, latest.id):
        _write_content(session, latest, spec, make_id)
        return latest
    template = RatingTemplate(
        id=make_id(), name=spec.name, version=(latest.version + 1) if latest is not None else 1, status="draft",
    )
    session.add(template)
    session.flush()
    _write_content(session, template, spec, make_id)
    if latest is not None:
        latest.status = "retired"
    session.flush()
    return template


def import_template_file(
    session: Session, path: Path, make_id: Callable[[], str] = new_id
) -> RatingTemplate:
    """Validate a template file fully, then store it; a bad file saves nothing."""
    spec = load_template_file(path)
    return save_template(session, spec, make_id)


def revise_indicator(
    session: Session, template_id: str, code: str, *, text: str | None = None,
    max_points: Decimal | None = None, guidance: str | None = None, evidence: bool | None = None,
) -> RatingTemplate:
    """Edit one indicator; returns the template holding the edit (a new version if in use)."""
    template = session.get(RatingTemplate, template_id)
    if template is None:
        raise BadInput(code="rating.template_not_found", template_id=template_id)
    spec = spec_of(session, template)
    if max_points is not None and max_points <= 0:
        raise BadInput(code="rating.max_points_positive", indicator=code, max_points=max_points)
    areas: list[AreaSpec] = []
    found = False
    for area in spec.areas:
        indicators = []
        for indicator in area.indicators:
            if indicator.code == code:
                found = True
                indicator = replace(
                    indicator,
                    text=indicator.text if text is None else text,
                    max_points=indicator.max_points if max_points is None else max_points,
                    guidance=indicator.guidance if guidance is None else guidance,
                    evidence=indicator.evidence if evidence is None else evidence,
                )
            indicators.append(indicator)
        areas.append(replace(area, indicators=tuple(indicators)))
    if not found:
        raise BadInput(code="rating.no_indicator", indicator=code)
    return save_template(session, replace(spec, areas=tuple(areas)))


def current_template(session: Session) -> RatingTemplate:
    """The template new inspections use: the newest live version; the default file if none."""
    template = session.scalar(
        select(RatingTemplate)
        .where(live(RatingTemplate), RatingTemplate.status != "retired")
        .order_by(RatingTemplate.updated_at.desc(), RatingTemplate.version.desc())
        .limit(1)
    )
    return template if template is not None else import_template_file(session, DEFAULT_TEMPLATE_FILE)
