"""Turning raw rows into validated field dicts: find the header row (titles may sit above it) in
each sheet, recognise the kind of sheet, parse every cell, and collect every problem — file,
sheet, row, column and a Chinese message — before anything is written.

Problems are kept as data (`Problem`: row, column header, message), so the wizard can list them
and `app.importing.report` can write them back beside the original rows; their text form is
「名册.xlsx：行 5，列「生命周期」：「成熟」不是可选值（孕育期、出生期、…）」.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.importing.fields import (
    IGNORED_HEADERS,
    KINDS,
    KINDS_BY_NAME,
    CellError,
    Kind,
    cell_text,
    expected_headers,
    match_header,
    normalise_header,
    room_in_entrance,
    split_location,
    too_long,
)
from app.importing.reading import RawRow, read_sheets
from app.progress import Progress, check_cancelled
from db.domains import clean_text

HEADER_SEARCH_ROWS = 10
EXAMPLE_MARK = "示例"  # in the 序号 column of a template's example row
SAMPLE_ROWS = 5
MAX_PROBLEMS_SHOWN = 20
# Problems whose text is shown (the CLI's message); past this only their number grows.
MAX_PROBLEMS_KEPT = 300
# Problems kept as data for the wizard and the error report (a file of a million bad rows must
# not build a million of them).
MAX_PROBLEMS_REPORTED = 50_000
MAX_MESSAGE = 300  # characters of one problem kept (a message quoting a huge cell is cut)


@dataclass(frozen=True)
class Problem:
    """One problem: a cell (row and column), a row, a column, or the file (both None)."""

    row: int | None
    column: str | None
    message: str
    sheet: str = ""

    def text(self) -> str:
        """'行 5，列「生命周期」：…' (the location parts that are known)."""
        where = []
        if self.row is not None:
            where.append(f"行 {self.row}")
        if self.column:
            where.append(f"列「{self.column}」")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


@dataclass
class Problems:
    """Every problem found in one file (the first MAX_PROBLEMS_REPORTED as data, the rest
    counted); raising shows the first clearly, then the rest."""

    file: str
    cells: list[Problem] = field(default_factory=list)
    dropped: int = 0
    sheet: str = ""  # the sheet now being read ("" for CSV or a one-sheet workbook)
    notes: list[str] = field(default_factory=list)
    # True when the user chose to import only the valid rows: problems are kept, not raised.
    lenient: bool = False
    several: bool = False  # the file has several sheets: each problem names its sheet

    @property
    def count(self) -> int:
        return len(self.cells) + len(self.notes) + self.dropped

    @property
    def items(self) -> list[str]:
        """The first MAX_PROBLEMS_KEPT problems as text, each naming its file (and sheet)."""
        shown = [self.locate(p) for p in self.cells[:MAX_PROBLEMS_KEPT]]
        return (shown + self.notes)[:MAX_PROBLEMS_KEPT]

    def locate(self, problem: Problem) -> str:
        where = f"{self.file}「{problem.sheet}」" if problem.sheet else self.file
        return f"{where}：{problem.text()}"

    def rows(self, sheet: str) -> set[int]:
        """Row numbers of `sheet` that have at least one problem."""
        return {p.row for p in self.cells if p.sheet == sheet and p.row is not None}

    def add(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.cells) >= MAX_PROBLEMS_REPORTED:
            self.dropped += 1
            return
        self.cells.append(Problem(row, column, message[:MAX_MESSAGE], self.sheet))

    def note(self, where: str, message: str) -> None:
        """A problem located by a phrase of its own (a JSON export's table and row)."""
        if len(self.notes) >= MAX_PROBLEMS_KEPT:
            self.dropped += 1
            return
        self.notes.append(f"{self.file}: {where[:MAX_MESSAGE]}: {message[:MAX_MESSAGE]}")

    def message(self) -> str:
        shown = self.items[:MAX_PROBLEMS_SHOWN]
        more = self.count - len(shown)
        lines = [*shown, *([f"… 以及另外 {more:,} 处问题"] if more else [])]
        summary = "" if self.count == 1 else f"（共 {self.count:,} 处问题，未导入任何数据）"
        return lines[0] + summary + "".join(f"\n  {line}" for line in lines[1:])

    def raise_if_any(self, force: bool = False) -> None:
        if self.count and (force or not self.lenient):
            raise ImportProblems(self.message(), self)


class ImportProblems(BadInput):
    """A file with problems (nothing was imported); `.problems` holds each one as data."""

    def __init__(self, message: str, problems: Problems) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class Sheet:
    """A parsed sheet: its kind, the header text per field, and (row number, values) per row."""

    path: Path
    kind: Kind
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, Any]]]
    ignored_headers: list[str]
    name: str = ""
    header_row: int = 1
    withheld_headers: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)


@dataclass
class SheetScan:
    """What the first rows of one sheet look like: its header row, the kind recognised (None
    when no kind fits) with its column mapping, and a few sample rows."""

    name: str
    header_row: int | None
    header: tuple[Any, ...]
    kind: Kind | None
    indexes: dict[str, int]
    ignored: list[str]
    samples: list[tuple[int, tuple[Any, ...]]]


@dataclass
class SheetChoice:
    """The user's choice for one sheet: its kind and which column holds each field."""

    sheet: str
    kind: str
    indexes: dict[str, int]
    header_row: int


def _is_blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _find_header(raw: Iterator[RawRow]) -> tuple[int, Kind, dict[str, int], list[str],
                                                 tuple[Any, ...]] | list[RawRow]:
    """The header row among the first non-blank rows; otherwise the rows looked at."""
    seen: list[RawRow] = []
    for number, values in raw:
        if _is_blank(values):
            continue
        for kind in KINDS:
            matched = match_header(kind, values)
            if matched is not None:
                return number, kind, matched[0], matched[1], values
        seen.append((number, values))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    return seen


def _not_recognised(name: str, seen: list[RawRow]) -> BadInput:
    if not seen:
        return BadInput(f"{name}：文件是空的（没有表头，也没有数据）")
    number, values = seen[0]
    found = "、".join(cell_text(v) for v in values if cell_text(v)) or "（空）"
    return BadInput(f"{name}：第 {number} 行不是可识别的表头（读到：{found[:200]}）；"
                    f"应有的列——{expected_headers()}")


def scan_file(path: Path) -> list[SheetScan]:
    """Each sheet's header row, kind and sample rows (for the wizard's mapping page)."""
    scans = []
    for raw_sheet in read_sheets(path):
        rows = iter(raw_sheet.rows)
        found = _find_header(rows)
        if isinstance(found, list):
            header_row, header = (found[0] if found else (None, ()))
            samples = found[1:1 + SAMPLE_ROWS]
            scans.append(SheetScan(raw_sheet.name, header_row, header, None, {}, [], samples))
            continue
        number, kind, indexes, ignored, header = found
        samples = []
        for row in rows:
            if not _is_blank(row[1]):
                samples.append(row)
            if len(samples) >= SAMPLE_ROWS:
                break
        scans.append(SheetScan(raw_sheet.name, number, header, kind, indexes, ignored, samples))
    return scans


def parse_file(path: Path, progress: Progress, choices: list[SheetChoice] | None = None,
               lenient: bool = False) -> tuple[list[Sheet], Problems, list[str]]:
    """Read and validate the whole file: every recognised sheet (or the sheets chosen), in the
    order they must be written (compounds before the units and members that name them).

    Returns the sheets, the problems and the names of sheets left out. Raises ImportProblems
    listing every problem found — unless `lenient`, when rows with problems are left out of
    the sheets (and listed in each sheet's `skipped_rows`)."""
    problems = Problems(path.name, lenient=lenient)
    raw_sheets = read_sheets(path)
    several = problems.several = len(raw_sheets) > 1
    sheets: list[Sheet] = []
    left_out: list[str] = []
    first_unrecognised: BadInput | None = None
    wanted = {c.sheet: c for c in choices} if choices is not None else None
    for raw_sheet in raw_sheets:
        problems.sheet = raw_sheet.name if several else ""
        rows = iter(raw_sheet.rows)
        if wanted is not None:
            choice = wanted.get(raw_sheet.name)
            if choice is None:
                left_out.append(raw_sheet.name)
                continue
            kind = KINDS_BY_NAME[choice.kind]
            header: tuple[Any, ...] = ()
            for number, values in rows:
                if number == choice.header_row:
                    header = values
                    break
            indexes = dict(choice.indexes)
            ignored = [cell_text(v) for i, v in enumerate(header)
                       if i not in indexes.values() and normalise_header(v) not in IGNORED_HEADERS]
            header_row = choice.header_row
        else:
            found = _find_header(rows)
            if isinstance(found, list):
                first_unrecognised = first_unrecognised or _not_recognised(
                    f"{path.name}「{raw_sheet.name}」" if several else path.name, found)
                if found:
                    left_out.append(raw_sheet.name)
                continue
            header_row, kind, indexes, ignored, header = found
        sheet = _parse_rows(path, raw_sheet.name, kind, indexes, ignored, header, header_row,
                            rows, problems, progress, lenient)
        if sheet is not None:
            sheets.append(sheet)
    problems.sheet = ""
    if not sheets:
        if first_unrecognised is not None:
            raise first_unrecognised
        raise BadInput(f"{path.name}：有表头，但表头下面没有数据行")
    order = {k.name: n for n, k in enumerate(reversed(KINDS))}  # compounds, members, units
    sheets.sort(key=lambda s: order[s.kind.name])
    problems.raise_if_any()
    return sheets, problems, left_out


def _parse_rows(path: Path, name: str, kind: Kind, indexes: dict[str, int], ignored: list[str],
                header_values: tuple[Any, ...], header_row: int, raw: Iterator[RawRow],
                problems: Problems, progress: Progress, lenient: bool) -> Sheet | None:
    width_of_header = len(header_values)

    def header_of(field_name: str) -> str:
        index = indexes[field_name]
        text = cell_text(header_values[index]) if index < width_of_header else ""
        return text or kind.column(field_name).headers[0]

    headers = {f: header_of(f) for f in indexes}
    for column in kind.columns:
        if column.field not in headers:
            headers[column.field] = column.headers[0]
    withheld = [headers[c.field] for c in kind.columns if not c.stored and c.field in indexes]
    has_location = "location" in indexes
    missing_columns = False
    for column in kind.columns:
        if column.required and column.field not in indexes and not (
                has_location and column.field in ("building", "room")):
            problems.add(None, column.headers[0], "缺少这一必需的列")
            missing_columns = True
    if missing_columns:
        problems.raise_if_any(force=True)  # even a lenient import cannot do without a required column
    # Everything a cell needs, chosen once per column: the per-row loop does no lookups.
    plan = [(c.field, indexes[c.field], headers[c.field], c.parse, c.required, c.blank_when,
             getattr(c.parse, "max_length", 0))
            for c in kind.columns if c.field in indexes and c.stored]
    add_problem = problems.add
    rows: list[tuple[int, dict[str, Any]]] = []
    skipped: list[int] = []
    # A template's example row says 示例 in its 序号 column: never imported.
    example_column = next((i for i, h in enumerate(header_values)
                           if normalise_header(h) == "序号"), None)
    special = has_location or "entrance" in indexes
    counted = 0
    for number, values in raw:
        width = len(values)
        if example_column is not None and example_column < width and \
                values[example_column] == EXAMPLE_MARK:
            continue
        parsed: dict[str, Any] = {}
        missing: list[tuple[str, str, str | None]] = []
        bad = False
        for field_name, index, header, parse, required, blank_when, max_length in plan:
            value = values[index] if index < width else None
            if value.__class__ is str:
                value = value.strip()
                if not value.isprintable():  # quick test; then drop control characters
                    value = clean_text(value).strip()
                if not value:
                    value = None
                elif max_length:  # a text column: checked here, without a call per cell
                    if len(value) > max_length:
                        add_problem(number, header, str(too_long(max_length, len(value))))
                        bad = True
                    else:
                        parsed[field_name] = value
                    continue
            if value is None:
                if required:
                    missing.append((field_name, header, blank_when))
                continue
            try:
                parsed[field_name] = parse(value)
            except CellError as exc:
                add_problem(number, header, str(exc))
                bad = True
        if not parsed and not bad and _is_blank(values):
            continue
        if special:  # 房屋坐落 and 单元 columns: rare, so out of the common path
            bad = _locate(parsed, missing, headers, number, add_problem, has_location) or bad
        for _field, header, blank_when in missing:
            if blank_when is None or not parsed.get(blank_when):
                add_problem(number, header, "此项必填，但单元格是空的")
                bad = True
        if bad and lenient:
            skipped.append(number)
        else:
            rows.append((number, parsed))
        counted += 1
        if counted % 20_000 == 0:
            check_cancelled(progress)
            progress.report(len(rows), 0, "读取文件…")
    if not rows and not skipped:
        return None
    return Sheet(path, kind, headers, rows, ignored, name, header_row, withheld, skipped)


def _locate(parsed: dict[str, Any], missing: list[tuple[str, str, str | None]],
            headers: dict[str, str], number: int, add_problem: Any, has_location: bool) -> bool:
    """楼栋 and 房号 from 房屋坐落 where they are not given; the 单元 folded into the room.
    Takes the fields it settles off `missing`; True when the row has a problem."""
    bad = False
    if has_location and parsed.get("location") and (
            "building" not in parsed or "room" not in parsed):
            try:
                building, room = split_location(parsed["location"])
            except CellError as exc:
                add_problem(number, headers["location"], str(exc))
                bad = True
            else:
                parsed.setdefault("building", building)
                parsed.setdefault("room", room)
                missing[:] = [m for m in missing if m[0] not in parsed]
    entrance = parsed.pop("entrance", None)
    if entrance and "room" in parsed:
        parsed["room"] = room_in_entrance(entrance, parsed["room"])
    if has_location and not bad and not missing and (
            "building" not in parsed or "room" not in parsed):
        add_problem(number, headers["location"], "此项必填（或填写「楼栋」「房号」），但单元格是空的")
        bad = True
    return bad


def parse_sheet(path: Path, progress: Progress) -> Sheet:
    """The file's one recognised sheet (the first, when there are several)."""
    return parse_file(path, progress)[0][0]
