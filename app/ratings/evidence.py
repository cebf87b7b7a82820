"""Evidence for a score: photos and documents attached to it, kept content-addressed and
encrypted in the data folder (app.evidence_files), their rows synced like any other and their
files by app.sync.blobs."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import BadInput
from app.evidence_files import (
    FOLDER,
    MAX_EVIDENCE_BYTES,
    folder_of,
    is_stored,
    store_evidence,
)
from app.ratings.common import get_inspection, live
from db.models import (
    Attachment,
    RatingScore,
)

SCORE_OWNER_TABLE = "rating_scores"
ATTACHMENTS_FOLDER = FOLDER


def attachments_dir(data_dir: Path) -> Path:
    return folder_of(data_dir)


def attach_evidence(session: Session, score_id: str, source: Path, data_dir: Path) -> Attachment:
    """Keep a copy of a photo/document as evidence for one score (content-addressed file,
    encrypted: app.evidence_files)."""
    score = session.get(RatingScore, score_id)
    if score is None:
        raise BadInput(code="rating.score_not_found", score_id=score_id)
    if get_inspection(session, score.inspection_id).status == "final":
        raise BadInput(code="rating.final_no_evidence")
    if not source.is_file():
        raise BadInput(code="rating.evidence_missing", source=source)
    size = source.stat().st_size
    if size > MAX_EVIDENCE_BYTES:  # the sync server would never take it
        raise BadInput(code="rating.evidence_too_large", source=source.name,
                       size_mib=round(size / 2**20, 1), limit_mib=MAX_EVIDENCE_BYTES // 2**20)
    content = source.read_bytes()
    digest, _target = store_evidence(data_dir, content, source.suffix)
    inspection = get_inspection(session, score.inspection_id)
    attachment = Attachment(
        owner_table=SCORE_OWNER_TABLE, owner_id=score.id, filename=source.name,
        mime_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
        size_bytes=len(content), sha256=digest, compound_id=inspection.compound_id,
    )
    session.add(attachment)
    session.flush()
    return attachment


def evidence_counts(session: Session, score_ids: Sequence[str]) -> dict[str, int]:
    if not score_ids:
        return {}
    rows = session.execute(
        select(Attachment.owner_id, func.count())
        .where(Attachment.owner_table == SCORE_OWNER_TABLE, Attachment.owner_id.in_(score_ids),
               live(Attachment))
        .group_by(Attachment.owner_id)
    )
    return {owner: int(count) for owner, count in rows}


@dataclass(frozen=True)
class EvidenceFile:
    """One file attached to a score; `here` is False while it is 未下载 (app.sync.blobs)."""

    attachment_id: str
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    here: bool


def score_evidence(session: Session, score_id: str, data_dir: Path) -> list[EvidenceFile]:
    """The files attached to one score, by name, and whether each is in this folder."""
    rows = session.scalars(
        select(Attachment)
        .where(Attachment.owner_table == SCORE_OWNER_TABLE, Attachment.owner_id == score_id,
               live(Attachment))
        .order_by(Attachment.filename, Attachment.id)
    )
    return [EvidenceFile(a.id, a.filename, a.mime_type, a.size_bytes, a.sha256,
                         is_stored(data_dir, a.sha256, a.filename)) for a in rows]
