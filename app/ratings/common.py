"""Small store reads every part of the ratings shares: live rows, an inspection by id."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.errors import BadInput
from db.models import (
    RatingInspection,
)


def live(model: Any) -> Any:
    return model.deleted_at.is_(None)


def get_inspection(session: Session, inspection_id: str) -> RatingInspection:
    inspection = session.get(RatingInspection, inspection_id)
    if inspection is None or inspection.deleted_at is not None:
        raise BadInput(code="rating.inspection_not_found", inspection_id=inspection_id)
    return inspection
