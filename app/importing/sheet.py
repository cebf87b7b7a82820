"""Turning raw rows into validated field dicts: find the header row, recognise the kind of sheet,
parse every cell, and collect every problem (file, row, column) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.importing.fields import KINDS, CellError, Kind, cell_text, expected_headers, match_header
from app.importing.reading import read_rows
from app.progress import Progress, check_cancelled
from db.domains import clean_text

HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS_SHOWN = 20
# Problems kept word for word; past this only their number grows (a file of a million bad rows
# must not build a million messages).
MAX_PROBLEMS_KEPT = 300
MAX_MESSAGE = 300  # characters of one problem kept (a message quoting a huge cell is cut)


@dataclass
class Problems:
    """Every problem found in one file (the first MAX_PROBLEMS_KEPT in full, the rest counted);
    raising shows the first clearly, then the rest."""

    file: str
    items: list[str] = field(default_factory=list)
    dropped: int = 0

    @property
    def count(self) -> int:
        return len(self.items) + self.dropped

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.items) >= MAX_PROBLEMS_KEPT:
            self.dropped += 1
            return
        where = [self.file]
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column}")
        self.items.append(f"{', '.join(where)}: {message[:MAX_MESSAGE]}")

    def note(self, where: str, message: str) -> None:
        """A problem located by a phrase of its own (a JSON export's table and row)."""
        if len(self.items) >= MAX_PROBLEMS_KEPT:
            self.dropped += 1
            return
        self.items.append(f"{self.file}: {where[:MAX_MESSAGE]}: {message[:MAX_MESSAGE]}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_PROBLEMS_SHOWN]
        more = self.count - len(shown)
        lines = [*shown, *([f"… 以及另外 {more:,} 处问题"] if more else [])]
        summary = "" if self.count == 1 else f"（共 {self.count:,} 处问题，未导入任何数据）"
        raise BadInput(lines[0] + summary + "".join(f"\n  {line}" for line in lines[1:]))


@dataclass
class Sheet:
    """A parsed sheet: its kind, the header text per field, and (row number, values) per row."""

    path: Path
    kind: Kind
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, Any]]]
    ignored_headers: list[str]


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _find_header(raw: Any, name: str) -> tuple[Kind, dict[str, int], list[str], tuple[Any, ...]]:
    seen: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in raw:
        if _is_blank(values):
            continue
        for kind in KINDS:
            matched = match_header(kind, values)
            if matched is not None:
                return kind, matched[0], matched[1], values
        seen.append((number, values))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise BadInput(f"{name}: the file is empty (no header row, no data)")
    number, values = seen[0]
    found = "、".join(cell_text(v) for v in values if cell_text(v)) or "(blank)"
    raise BadInput(
        f"{name}: row {number}: the header row is not recognised (found: {found}); "
        f"expected columns — {expected_headers()}"
    )


def parse_sheet(path: Path, progress: Progress) -> Sheet:
    """Read and validate the whole file; raises BadInput listing every problem found."""
    problems = Problems(path.name)
    raw = iter(read_rows(path))
    kind, indexes, ignored, header_values = _find_header(raw, path.name)
    headers = {f: cell_text(header_values[i]) for f, i in indexes.items()}
    for column in kind.columns:
        if column.required and column.field not in indexes:
            problems.add(None, column.headers[0], "this required column is missing")
    problems.raise_if_any()
    # Everything a cell needs, chosen once per column: the per-row loop does no lookups.
    plan = [(c.field, indexes[c.field], headers[c.field], c.parse, c.required, c.blank_when)
            for c in kind.columns if c.field in indexes]
    add_problem = problems.add
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in raw:
        width = len(values)
        parsed: dict[str, Any] = {}
        missing: list[tuple[str, str | None]] = []
        for name, index, header, parse, required, blank_when in plan:
            value = values[index] if index < width else None
            if value.__class__ is str:
                value = value.strip()
                if not value.isprintable():  # quick test; then drop control characters
                    value = clean_text(value).strip()
                if not value:
                    value = None
            if value is None:
                if required:
                    missing.append((header, blank_when))
                continue
            try:
                parsed[name] = parse(value)
            except CellError as exc:
                add_problem(number, header, str(exc))
        if not parsed and _is_blank(values):
            continue
        for header, blank_when in missing:
            if blank_when is None or not parsed.get(blank_when):
                add_problem(number, header, "a value is required here but the cell is blank")
        rows.append((number, parsed))
        if len(rows) % 20_000 == 0:
            check_cancelled(progress)
            progress.report(len(rows), 0, "读取文件…")
    if not rows:
        raise BadInput(f"{path.name}: the header row is there but no data rows follow it")
    problems.raise_if_any()
    return Sheet(path, kind, headers, rows, ignored)
