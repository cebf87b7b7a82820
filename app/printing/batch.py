"""Batch printing (e.g. the result notices of every compound of a street): one PDF per record
into a folder, reporting progress and honouring cancel between documents. No Qt: the UI runs it
through its background helper, a script can call it directly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from app.progress import Progress, check_cancelled

MAX_NAME_CHARS = 60  # 60 CJK characters are 180 bytes: well inside any file system's 255


def _safe(name: str) -> str:
    """A file name from a title: no path or shell characters, short enough for any disk."""
    cleaned = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", name).strip("_.") or "document"
    return cleaned[:MAX_NAME_CHARS]


def write_batch(store: Any, kind: str, record_ids: list[str], folder: Path,
                progress: Progress) -> dict[str, Any]:
    """Write one PDF per record; a record whose data is not ready is listed, not fatal.
    Raises Cancelled between documents when the user cancels (files written so far stay)."""
    from app.errors import BadInput
    from app.printing import build
    from app.printing.fonts import cache_dir_for, use_cache_dir
    from app.printing.layout import render_pdf
    from app.printing.output import write_pdf

    use_cache_dir(cache_dir_for(store.path.parent))  # the store's data dir keeps font metrics
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[tuple[str, str]] = []
    total = len(record_ids)
    for n, record_id in enumerate(record_ids):
        check_cancelled(progress)
        progress.report(n, total, f"{n}/{total}")
        try:
            with store.session() as session:
                spec = build(session, kind, record_id)
            pdf = render_pdf(spec)
        except BadInput as exc:  # not ready, or a piece too long to lay out: the rest go on
            skipped.append((record_id, str(exc)))
            continue
        number = len(written) + 1  # numbered as written: a skipped record leaves no gap
        written.append(write_pdf(folder / f"{number:03d}_{_safe(spec.title)}.pdf", pdf))
    progress.report(total, total, "")
    return {"written": written, "skipped": skipped}


def compound_elections_of_street(store: Any, street_key: str) -> list[str]:
    """The latest election of every compound in a street (ids for a batch of result notices)."""
    from sqlalchemy import select

    from app.printing.documents.coverage import find_street
    from db.models import Community, Compound, Election

    with store.session() as session:
        street = find_street(session, street_key)
        rows = session.execute(
            select(Election.id, Election.compound_id, Election.applied_on)
            .join(Compound, Compound.id == Election.compound_id)
            .join(Community, Community.id == Compound.community_id)
            .where(Community.street_id == street.id, Election.deleted_at.is_(None))
            .order_by(Compound.name, Election.applied_on)
        ).all()
    latest: dict[str, str] = {}
    for election_id, compound_id, _applied in rows:
        latest[compound_id] = election_id
    return list(latest.values())
