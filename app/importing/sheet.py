"""Turning raw rows into validated field dicts: find the header row (titles may sit above it) in
each sheet, recognise the kind of sheet, parse every cell, and collect every problem — file,
sheet, row, column and a Chinese message — before anything is written.

Problems are kept as data (`Problem`: row, column header, message), so the wizard can list them
and `app.importing.report` can write them back beside the original rows; their text form is
「名册.xlsx：行 5，列「生命周期」：「成熟」不是可选值（孕育期、出生期、…）」.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.importing.errors import ImportFault
from app.importing.fields import (
    IGNORED_HEADERS,
    KINDS,
    KINDS_BY_NAME,
    MOBILES,
    PLAIN_AREAS,
    CellError,
    Column,
    Kind,
    Parser,
    cell_text,
    expected_headers,
    match_header,
    normalise_header,
    phone,
    room_in_entrance,
    split_location,
    too_long,
)
from app.importing.messages import Message, code_of
from app.importing.reading import RawRow, adapt_column, adapt_value, read_sheets
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
    code: str = ""  # app/importing/messages.py: the wizard shows the problem by its code
    params: dict[str, Any] = field(default_factory=dict, compare=False)

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
        code, params = code_of(message)
        self.cells.append(Problem(row, column, message[:MAX_MESSAGE], self.sheet, code, params))

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
    """A parsed sheet: its kind, the header text per field, and its rows — as columns ({field:
    values}, None where the cell was blank) beside their row numbers, and as (row number,
    {field: value}) pairs, blank cells left out, made from the columns when first asked for."""

    path: Path
    kind: Kind
    headers: dict[str, str]
    numbers: list[int]
    columns: dict[str, list[Any]]
    ignored_headers: list[str]
    name: str = ""
    header_row: int = 1
    withheld_headers: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    _rows: list[tuple[int, dict[str, Any]]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        if self._rows is None:
            self._rows = list(zip(self.numbers, _dicts(self.columns, len(self.numbers)),
                                  strict=True))
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        """Rows chosen by an applier (duplicates left out): the columns follow them."""
        self._rows = rows
        self.numbers = [number for number, _ in rows]
        self.columns = {name: [values.get(name) for _, values in rows] for name in self.columns}

    def column(self, name: str) -> list[Any]:
        """A field's values, row by row (None where blank or where the file has no such column)."""
        return self.columns.get(name) or [None] * len(self.numbers)


def has_blank(values: list[Any]) -> bool:
    """Whether a column holds None, tested by identity: `None in values` would ask each value
    (a Decimal answers through an abstract-class check: a fifth of a second for 200,000)."""
    return not all(map(operator.is_not, values, repeat(None)))


def _dicts(columns: dict[str, list[Any]], count: int) -> list[dict[str, Any]]:
    """{field: value} per row, from columns; blank (None) values left out."""
    fields = list(columns)
    if not fields:
        return [{} for _ in range(count)]
    dicts: list[dict[str, Any]] = list(map(dict, map(zip, repeat(fields),
                                                     zip(*columns.values(), strict=True))))
    for name, values in columns.items():
        if has_blank(values):
            for position in [i for i, v in enumerate(values) if v is None]:
                del dicts[position][name]
    return dicts


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
        return ImportFault(Message("file.empty", file=name))
    number, values = seen[0]
    found = "、".join(cell_text(v) for v in values if cell_text(v)) or "（空）"
    return ImportFault(Message("file.no_header", file=name, row=number, found=found[:200],
                               expected=expected_headers()))


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
    unrecognised: list[str] = []  # sheets with content but no header recognised
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
                    unrecognised.append(raw_sheet.name)
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
        if several and len(unrecognised) > 1:
            shown_names = "、".join(f"「{n}」" for n in unrecognised[:10])
            more = f"等 {len(unrecognised)} 个" if len(unrecognised) > 10 else ""
            raise ImportFault(Message("file.no_sheet_header", file=path.name,
                                      sheets=f"{shown_names}{more}", expected=expected_headers()))
        if first_unrecognised is not None:
            raise first_unrecognised
        raise ImportFault(Message("file.no_rows", file=path.name))
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
            problems.add(None, column.headers[0], Message("column.missing"))
            missing_columns = True
    if missing_columns:
        problems.raise_if_any(force=True)  # even a lenient import cannot do without a required column
    # The rows a column at a time: each column is checked by C-level passes where its values
    # allow (all text that fits, all plain areas within range, all mobile numbers, a few
    # distinct choices) and cell by cell only where they do not; then the rows are put together.
    if hasattr(raw, "rest"):
        numbers, cells = raw.rest()
    else:
        batch = list(raw)
        numbers, cells = [n for n, _ in batch], [v for _, v in batch]
        del batch
    # A template's example row says 示例 in its 序号 column: never imported.
    example_column = next((i for i, h in enumerate(header_values)
                           if normalise_header(h) == "序号"), None)
    if example_column is not None and cells and (
            EXAMPLE_MARK in map(itemgetter(example_column), cells)
            if min(map(len, cells)) > example_column else
            any(len(v) > example_column and v[example_column] == EXAMPLE_MARK for v in cells)):
        keep = [i for i, v in enumerate(cells)
                if not (len(v) > example_column and v[example_column] == EXAMPLE_MARK)]
        numbers, cells = [numbers[i] for i in keep], [cells[i] for i in keep]
    plan = [c for c in kind.columns if c.field in indexes and c.stored]
    count = len(numbers)
    fields = [c.field for c in plan]
    need = max((indexes[f] for f in fields), default=-1) + 1
    if cells and min(map(len, cells)) < need:
        cells = [v if len(v) >= need else (*v, *([None] * (need - len(v)))) for v in cells]
    # Each column as calamine gave it (one C-level pass each); adapted as it is parsed.
    columns = [list(map(itemgetter(indexes[f]), cells)) for f in fields]
    row_problems: dict[int, list[tuple[str, str]]] = {}
    parsed: dict[str, list[Any]] = {}
    for column, values in zip(plan, columns, strict=True):
        check_cancelled(progress)
        parsed[column.field] = _parse_column(column, headers[column.field], values, row_problems)
    del columns
    progress.report(count, 0, "读取文件…")
    # Required cells left blank (not those refused: they have their problem already).
    missing: dict[int, list[tuple[str, str, str | None]]] = {}
    for column in plan:
        values = parsed[column.field]
        if not column.required or not has_blank(values):
            continue
        header = headers[column.field]
        for position in [i for i, v in enumerate(values) if v is None]:
            if not any(h == header for h, _ in row_problems.get(position, ())):
                missing.setdefault(position, []).append((column.field, header, column.blank_when))
    special = has_location or "entrance" in indexes
    # Rows needing a look of their own: those with problems or blank required cells (a blank
    # row has those too), or every row when 房屋坐落/单元 must be worked out (rare).
    attention = range(count) if special else sorted(set(row_problems) | set(missing))
    dicts = _dicts(parsed, count) if special else None
    dropped: set[int] = set()
    bad_rows: set[int] = set(row_problems)
    for position in attention:
        values_of = dicts[position] if dicts is not None else {
            f: parsed[f][position] for f in fields if parsed[f][position] is not None}
        found = row_problems.get(position, [])
        lacking = missing.get(position, [])
        if not values_of and not found and _is_blank(tuple(cells[position])):
            dropped.add(position)
            continue

        def note(_number: int, header: str, message: str, found: list[tuple[str, str]] = found,
                 position: int = position) -> None:
            if not found:
                row_problems[position] = found
            found.append((header, message))
        # 房屋坐落 and 单元 columns: rare, so out of the common path
        if special and _locate(values_of, lacking, headers, numbers[position], note, has_location):
            bad_rows.add(position)
        for _field, header, blank_when in lacking:
            if blank_when is None or not values_of.get(blank_when):
                note(numbers[position], header, Message("cell.required"))
                bad_rows.add(position)
    add_problem = problems.add
    for position in sorted(row_problems):
        for header, message in row_problems[position]:
            add_problem(numbers[position], header, message)
    skipped = [numbers[i] for i in sorted(bad_rows - dropped)] if lenient else []
    left_out = dropped | bad_rows if lenient else dropped
    if dicts is not None:  # the rows as worked out, and the columns from them
        parsed = {f: [d.get(f) for d in dicts] for f in dict.fromkeys(
            [*fields, "building", "room"]) if f != "entrance" and (f in parsed or f in headers)}
    if left_out:
        keep = [i for i in range(count) if i not in left_out]
        numbers = [numbers[i] for i in keep]
        parsed = {f: [values[i] for i in keep] for f, values in parsed.items()}
        if dicts is not None:
            dicts = [dicts[i] for i in keep]
    if not numbers and not skipped:
        return None
    sheet = Sheet(path, kind, headers, numbers, parsed, ignored, name, header_row, withheld,
                  skipped)
    if dicts is not None:
        sheet.rows = list(zip(numbers, dicts, strict=True))
    return sheet


def _parse_column(column: Column, header: str, raw: list[Any],
                  row_problems: dict[int, list[tuple[str, str]]]) -> list[Any]:
    """A column's cells as the reader gave them (`adapt_value` not yet applied), parsed: None
    where blank or refused; each refused cell's message is added to `row_problems` under its
    row's position. The result is the same, cell for cell, as adapting and parsing each cell on
    its own (`_parse_cell`): a column of few distinct values is parsed a value at a time, and
    the C-level passes only recognise columns whose every cell would take the common path."""
    parse = column.parse
    max_length = getattr(parse, "max_length", 0)
    if _few_distinct(raw):
        distinct = set(raw)
        kinds = set(map(type, distinct))
        # bool, int and float values can be equal (True == 1 == 1.0) yet read differently
        if not (bool in kinds and kinds & {int, float}):
            return _parse_each_distinct(parse, max_length, header, raw, distinct, row_problems)
    if raw and parse is phone and _all_mobiles(raw):
        return raw  # the common phone column: every cell one mobile number
    area_range = getattr(parse, "area_range", None)
    if area_range is not None:
        areas = _plain_areas(raw, area_range)
        if areas is not None:
            return areas
    values = adapt_column(raw)
    kinds = set(map(type, values))
    texts_only = kinds <= {str, type(None)}
    strings = [v for v in values if v is not None] if texts_only and type(None) in kinds else values
    if texts_only and strings and all(map(str.isprintable, strings)) and \
            strings == list(map(str.strip, strings)) and "" not in strings:
        if max_length and max(map(len, strings)) <= max_length:
            return values  # text that fits: kept as it is
        if parse is phone and min(map(len, strings)) == max(map(len, strings)) == 11 and \
                MOBILES.fullmatch("\n".join(strings)):
            return values  # every cell a mobile number (11 characters each: lines align)
        distinct = set(strings)
        if not max_length and len(distinct) * 4 <= len(strings):
            return _parse_distinct(parse, header, values, distinct, row_problems)
    area_range = getattr(parse, "area_range", None)
    texts_in = [v for v in values if v.__class__ is str] if str in kinds else []
    if area_range is not None and values and kinds <= {str, int, float} and \
            all(map(str.isprintable, texts_in)) and texts_in == list(map(str.strip, texts_in)):
        texts = [v if v.__class__ is str else repr(v) for v in values]
        joined = "\n".join(texts)
        if joined.count("\n") == len(texts) - 1 and PLAIN_AREAS.fullmatch(joined):
            numbers = list(map(Decimal, texts))
            low, high = area_range
            if min(numbers) >= low and max(numbers) <= high and (min(numbers) != 0 or low <= 0):
                return numbers
    return [_parse_cell(parse, max_length, header, value, position, row_problems)
            for position, value in enumerate(values)]


SAMPLE = 1000


def _few_distinct(raw: list[Any]) -> bool:
    """Whether a column seems to repeat its values (a compound's name, a building, 是/否): a
    thousand cells spread over it show at most a quarter as many distinct values."""
    sample = raw[::max(1, len(raw) // SAMPLE)]
    return len(sample) >= 8 and len(set(sample)) * 4 <= len(sample)


def _parse_each_distinct(parse: Parser, max_length: int, header: str, raw: list[Any],
                         distinct: set[Any], row_problems: dict[int, list[tuple[str, str]]],
                         ) -> list[Any]:
    """A column parsed one distinct value at a time (adapted, then as `_parse_cell` would);
    the column itself when every value stays as it is."""
    results: dict[Any, Any] = {}
    refused: dict[Any, list[tuple[str, str]]] = {}
    for value in distinct:
        problems: dict[int, list[tuple[str, str]]] = {}
        results[value] = _parse_cell(parse, max_length, header, adapt_value(value), 0, problems)
        if problems:
            refused[value] = problems[0]
    if refused:
        for position, value in enumerate(raw):
            if value in refused:
                row_problems.setdefault(position, []).extend(refused[value])
    if all(results[value] is value for value in distinct):
        return raw
    return list(map(results.__getitem__, raw))


def _all_mobiles(raw: list[Any]) -> bool:
    """Every cell one mobile number, 11 ASCII digits starting 13–19: checked on the column
    joined by newlines, by slices (each 12th character a newline, each row's first two digits)."""
    try:
        joined = "\n".join(raw)
    except TypeError:  # not all text
        return False
    count = len(raw)
    return (len(joined) == 12 * count - 1 and joined.count("\n") == count - 1
            and joined[11::12] == "\n" * (count - 1) and joined[::12] == "1" * count
            and not joined[1::12].strip("3456789")
            and joined.isascii() and joined.replace("\n", "").isdigit())


def _plain_areas(raw: list[Any], area_range: tuple[Decimal, Decimal]) -> list[Decimal] | None:
    """A column of plain numbers (no sign, no exponent, at most four decimals) within range as
    Decimals, each from the shortest text of its number — whole numbers without '.0', as the
    cell adapted and read on its own; None when any cell is not such a number."""
    kinds = set(map(type, raw))
    if not raw or not kinds <= {float, int} or bool in kinds:
        return None
    joined = "\n".join(map(repr, raw)).replace(".0\n", "\n")
    joined = joined.removesuffix(".0")
    if not PLAIN_AREAS.fullmatch(joined):
        return None
    low, high = area_range
    least, most = Decimal(repr(min(raw))), Decimal(repr(max(raw)))  # conversion keeps order
    if least < low or most > high or (least == 0 and low > 0):
        return None  # the cell by cell path says which
    return list(map(Decimal, joined.split("\n")))


def _parse_distinct(parse: Parser, header: str, values: list[Any], distinct: set[str],
                    row_problems: dict[int, list[tuple[str, str]]]) -> list[Any]:
    """A text column of few distinct values (是/否, a stage, a compound's name): each parsed once."""
    results: dict[Any, Any] = {None: None}
    refused: dict[str, str] = {}
    for value in distinct:
        try:
            results[value] = parse(value)
        except CellError as exc:
            results[value] = None
            refused[value] = exc.message
    if refused:
        for position, value in enumerate(values):
            if value in refused:
                row_problems.setdefault(position, []).append((header, refused[value]))
    return [results[value] for value in values]


def _parse_cell(parse: Parser, max_length: int, header: str, value: Any, position: int,
                row_problems: dict[int, list[tuple[str, str]]]) -> Any:
    """One cell: text trimmed and cleaned of control characters, blank → None, then parsed."""
    if value.__class__ is str:
        value = value.strip()
        if not value.isprintable():  # quick test; then drop control characters
            value = clean_text(value).strip()
        if not value:
            return None
        if max_length:  # a text column: checked here, without a call per cell
            if len(value) > max_length:
                row_problems.setdefault(position, []).append(
                    (header, too_long(max_length, len(value)).message))
                return None
            return value
    if value is None:
        return None
    try:
        return parse(value)
    except CellError as exc:
        row_problems.setdefault(position, []).append((header, exc.message))
        return None


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
                add_problem(number, headers["location"], exc.message)
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
        add_problem(number, headers["location"], Message("cell.location_required"))
        bad = True
    return bad


def parse_sheet(path: Path, progress: Progress) -> Sheet:
    """The file's one recognised sheet (the first, when there are several)."""
    return parse_file(path, progress)[0][0]
