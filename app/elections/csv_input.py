"""Reading the tally's CSV inputs (DESIGN.md): the owners' register and the ballots (e-vote export).

Every problem is one BadInput naming the file, the row (the header is row 1, as a spreadsheet
shows it) and the column. A file larger than app/importing/limits.py's MAX_TALLY_FILE is refused
unread, and an area is bounded (digits, exponent, plausible range) before any arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.elections.tally import BallotTuple, Locate, UnitTuple
from app.errors import BadInput
from app.importing.limits import MAX_TALLY_FILE, check_file_size
from app.messages import Problem, problem
from db.domains import RANGES, bounded_decimal, clean_text

UNIT_COLUMNS = ("unit_id", "owner_id", "area_m2", "developer_unsold")
BALLOT_COLUMNS = ("owner_id", "vote")
TRUE_WORDS = {"1", "true", "yes", "y", "是"}
FALSE_WORDS = {"0", "false", "no", "n", "否", ""}


@dataclass
class CsvRows:
    """Parsed rows plus how to name row i in a message."""

    rows: list[tuple[object, ...]]
    locate: Locate


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, int], list[str]]]:
    """Header and rows of a CSV or a workbook (.xlsx/.xls/.xlsb/.ods), cells as text, read as the
    register import reads them (app/importing/tables.py)."""
    from app.importing.tables import read_text_rows

    check_file_size(path, MAX_TALLY_FILE, "（一次表决的名册或选票不会这么大）")
    rows = read_text_rows(path)
    first = next(rows, None)
    if first is None:
        raise BadInput(code="tally_file.empty", file=path.name, required=",".join(required))
    columns = {name.strip().lower(): i for i, name in enumerate(first[1])}
    missing = [name for name in required if name not in columns]
    if missing:
        raise BadInput(code="tally_file.missing_columns", file=path.name, row=first[0],
            missing=', '.join(missing), required=",".join(required))
    width = max(columns[name] for name in required) + 1
    for number, record in rows:
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if len(record) < width:
            record = record + [""] * (width - len(record))  # trailing blank cells of a sheet
        yield number, columns, record


def _locator(path: Path, numbers: list[int]) -> Locate:
    return lambda index: problem("where.file_row", file=path.name, row=numbers[index])


def read_units(path: Path) -> CsvRows:
    """`unit_id,owner_id,area_m2,developer_unsold` → (unit_id, owner_id, area, unsold) tuples."""
    rows: list[UnitTuple] = []
    numbers: list[int] = []
    for number, columns, record in _rows(path, UNIT_COLUMNS):
        unit_id = _text(record[columns["unit_id"]])
        if not unit_id:
            raise BadInput(code="tally_file.unit_id_empty", file=path.name, row=number)
        text = record[columns["area_m2"]].strip()
        area = _area(text, problem("where.file_row_column", file=path.name, row=number,
                                   column="area_m2"))
        flag = record[columns["developer_unsold"]].strip().lower()
        if flag in TRUE_WORDS:
            unsold = True
        elif flag in FALSE_WORDS:
            unsold = False
        else:
            raise BadInput(code="tally_file.bad_unsold_flag", file=path.name, row=number, flag=flag)
        owner_id = _text(record[columns["owner_id"]])
        if not owner_id and not unsold:
            raise BadInput(code="tally_file.owner_empty_sold", file=path.name, row=number)
        rows.append((unit_id, owner_id, area, unsold))
        numbers.append(number)
    if not rows:
        raise BadInput(code="tally_file.no_units", file=path.name)
    return CsvRows(rows=list(rows), locate=_locator(path, numbers))


def _text(cell: str) -> str:
    """A cell trimmed, without control characters (names are printed to the terminal: an
    escape sequence in an e-vote export must not reach it)."""
    text = cell.strip()
    return text if text.isprintable() else clean_text(text).strip()


AREA_LOW, AREA_HIGH = (Decimal(bound or 0) for bound in RANGES[("units", "area_m2")])
PLAIN_AREA = re.compile(r"\d{1,6}(?:\.\d{1,6})?")  # "88.37": the common case, checked cheaply


def _area(text: str, where: Problem) -> Decimal:
    """A unit's area, refused before any arithmetic when it is not a number, not positive, too
    long or outside the plausible range (a "1e100000000" would overflow every sum after it)."""
    if PLAIN_AREA.fullmatch(text):  # at most 12 digits, no exponent: only the range to check
        plain = Decimal(text)
        if AREA_LOW <= plain <= AREA_HIGH:
            return plain
    try:
        return bounded_decimal(text, "area_m2", low=AREA_LOW, high=AREA_HIGH)
    except ValueError:
        pass
    shown = repr(text if len(text) <= 40 else text[:37] + "…")
    try:
        area = Decimal(text) if len(text) <= 64 else None
    except InvalidOperation:
        raise BadInput(code="tally_file.area_not_number", where=where, shown=shown) from None
    if area is not None and (not area.is_finite() or area <= 0):
        raise BadInput(code="tally_file.area_not_positive", where=where, shown=shown)
    raise BadInput(code="tally_file.area_range", where=where, shown=shown,
        low=format(AREA_LOW, "f"), high=format(AREA_HIGH, "f"))


def read_ballots(path: Path) -> CsvRows:
    """`owner_id,vote[,channel]` → (owner_id, vote, channel or None) tuples."""
    rows: list[BallotTuple] = []
    numbers: list[int] = []
    for number, columns, record in _rows(path, BALLOT_COLUMNS):
        owner_id = _text(record[columns["owner_id"]])
        if not owner_id:
            raise BadInput(code="tally_file.owner_empty", file=path.name, row=number)
        channel_at = columns.get("channel")
        channel = None
        if channel_at is not None:
            channel = record[channel_at] if channel_at < len(record) else ""
        rows.append((owner_id, _text(record[columns["vote"]]), channel))
        numbers.append(number)
    return CsvRows(rows=list(rows), locate=_locator(path, numbers))
