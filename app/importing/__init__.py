"""Importing files into the local store: spreadsheets (.xlsx/.csv) of compounds, owners' registers
(units) and party members, and whole-store JSON exports (a restore into an empty store).

Every import is all-or-nothing: the file is read and validated completely first, then written in
one transaction; any problem (named by file, row and column) leaves the store unchanged.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.errors import BadInput
from app.importing.apply import APPLIERS, Outcome
from app.importing.sheet import Problems, parse_sheet
from app.progress import NullProgress, Progress
from db.store import Store


def import_file(store: Store, path: Path, progress: Progress | None = None) -> Outcome:
    """Import one file; returns what it inserted and updated. Raises BadInput on any problem."""
    progress = progress or NullProgress()
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        from app.importing.restore import restore_json

        return restore_json(store, path, progress)
    sheet = parse_sheet(path, progress)
    problems = Problems(path.name)
    progress.report(0, 0, "写入数据…")
    with store.transaction() as session:
        # A larger page cache for this connection: big registers touch many index pages.
        session.execute(text("PRAGMA cache_size=-131072"))
        outcome = APPLIERS[sheet.kind.name](session, sheet, problems)
    outcome.ignored_headers = sheet.ignored_headers
    return outcome


__all__ = ["Outcome", "import_file"]
