"""Filling an inspection through the app functions the form uses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from app import ratings


def photo(folder: Path, name: str = "photo.jpg") -> Path:
    path = folder / name
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg " + name.encode())
    return path


def fill(
    session: Session, inspection_id: str, data_dir: Path, evidence_file: Path,
    points: Mapping[str, Decimal] | None = None,
) -> ratings.Sheet:
    """Full marks everywhere except `points` (code → points, with a deduction note); evidence
    attached wherever the template asks for it."""
    points = points or {}
    sheet = ratings.inspection_sheet(session, inspection_id)
    for row in sheet.rows:
        given = points.get(row.code, row.max_points)
        note = "" if given == row.max_points else f"{row.code} 现场发现问题"
        score = ratings.set_score(session, inspection_id, row.indicator_id, given, note)
        if row.evidence_required:
            ratings.attach_evidence(session, score.id, evidence_file, data_dir)
    return ratings.inspection_sheet(session, inspection_id)


def start(session: Session, compound_id: str, on: date = date(2026, 3, 10)) -> str:
    return ratings.start_inspection(
        session, compound_id=compound_id, inspected_on=on, inspector="李四"
    ).id
