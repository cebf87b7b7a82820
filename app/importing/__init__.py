"""Importing files into the local store: spreadsheets (.xlsx/.xls/.xlsb/.ods/.csv) of compounds,
owners' registers (units) and party members, and whole-store JSON exports (a restore into an
empty store). Templates to fill in (`templates`) and error reports to send back (`report`).

Every import is all-or-nothing: the file is read and validated completely first, then written in
one transaction; any problem (named by file, sheet, row and column, in Chinese) leaves the store
unchanged — unless the caller asks to import only the valid rows, which the outcome counts and
the audit trail records. `dry_run` does the whole import and rolls it back: the preview of what
would be added, updated and left alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from app.importing.apply import APPLIERS, Outcome
from app.importing.errors import ImportFault
from app.importing.messages import Message
from app.importing.sheet import ImportProblems, Problems, SheetChoice, parse_file
from app.progress import NullProgress, Progress, check_cancelled
from db.store import Store
from db.tracking import BULK_MIN_ROWS


class _RolledBack(Exception):
    """Carries a dry run's outcome out of the transaction it rolls back."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def import_file(store: Store, path: Path, progress: Progress | None = None, *,
                choices: list[SheetChoice] | None = None, only_valid_rows: bool = False,
                dry_run: bool = False) -> Outcome:
    """Import one file; returns what it inserted and updated. Raises BadInput on any problem
    (ImportProblems, holding each problem, when cells or rows are at fault)."""
    progress = progress or NullProgress()
    if not path.is_file():
        raise ImportFault(Message("file.missing", file=path))
    if path.suffix.lower() == ".json":
        from app.importing.restore import restore_json

        return restore_json(store, path, progress)
    with _collector_paused():
        return _import_sheets(store, path, progress, choices, only_valid_rows, dry_run)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file is read and written: a 200,000-row register
    makes millions of tuples, lists and dicts (none in a cycle), and each collection would walk
    all of them again — a third of the import's time. Back on afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_sheets(store: Store, path: Path, progress: Progress, choices: list[SheetChoice] | None,
                   only_valid_rows: bool, dry_run: bool) -> Outcome:
    sheets, problems, left_out = parse_file(path, progress, choices, lenient=only_valid_rows)
    check_cancelled(progress)
    progress.report(0, 0, "写入数据…")
    try:
        rows = sum(len(sheet.numbers) for sheet in sheets)
        with store.transaction(bulk=rows >= BULK_MIN_ROWS) as session:
            # A larger page cache for this connection: big registers touch many index pages.
            session.execute(text("PRAGMA cache_size=-131072"))
            outcome: Outcome | None = None
            for sheet in sheets:
                problems.sheet = sheet.name if problems.several else ""
                done = APPLIERS[sheet.kind.name](session, sheet, problems)
                done.ignored_headers = sheet.ignored_headers
                done.withheld_headers = sheet.withheld_headers
                if outcome is None:
                    outcome = done
                else:
                    outcome.merge(done)
                check_cancelled(progress)
            assert outcome is not None
            outcome.sheets_left_out = left_out
            if only_valid_rows and problems.count:
                outcome.skipped_rows = _rows_with_problems(problems)
                outcome.problems = problems
                if outcome.rows <= outcome.skipped_rows and not (
                        outcome.inserted or sum(outcome.updated.values()) or outcome.unchanged):
                    raise ImportProblems(problems.message(), problems)
                if not dry_run:
                    _record_partial_import(session, path, outcome)
            if dry_run:
                raise _RolledBack(outcome)
    except _RolledBack as rolled_back:
        return rolled_back.outcome
    return outcome


def _rows_with_problems(problems: Problems) -> int:
    return len({(p.sheet, p.row) for p in problems.cells if p.row is not None})


def _record_partial_import(session: object, path: Path, outcome: Outcome) -> None:
    """One audit entry saying this import left rows out (the same kind of entry that every
    bulk insert writes, through db.tracking, so it reaches the server with the rows)."""
    from db.tracking import _audit
    from db.types import utcnow

    _audit(session, "import", outcome.kind.split("+")[0], None,  # type: ignore[arg-type]
           {"file": path.name, "only_valid_rows": True, "skipped_rows": outcome.skipped_rows,
            "problems": outcome.problems.count if outcome.problems else 0}, utcnow())


__all__ = ["ImportProblems", "Outcome", "SheetChoice", "import_file"]
