"""Reading spreadsheet rows from every format caseworkers receive: .xlsx/.xlsm, old .xls, .xlsb and
WPS/LibreOffice .ods through calamine (python-calamine), and CSV in UTF-8 (with or without BOM),
UTF-16 or GB18030/GBK.

Yields raw rows (tuples of cell values) with their 1-based row number as the user sees it in the
spreadsheet; knows nothing about what the columns mean. One adapter (`CalamineRows`) absorbs
how calamine differs from what the rest of the import expects: whole numbers come as floats
(1201.0 → 1201), empty cells as "" (→ None), rows padded to the sheet's width (trailing blanks
trimmed), dates as date/datetime (kept), and merged cells hold their value only in the top-left
cell (copied into every cell of the range, so a header merged over two columns or a 楼栋 cell
merged down twenty rows reads as the sender meant). The format is recognised from the content,
not the suffix: WPS often saves an .xlsx under an .xls name.

A file larger than app/importing/limits.py allows, or a zip workbook that would unpack beyond
it, is refused before it is parsed; a damaged one is one BadInput, never a traceback.
"""

from __future__ import annotations

import csv
import io
import operator
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.importing.errors import ImportFault
from app.importing.limits import MAX_SHEET_FILE, check_file_size, check_sheet_extent, check_workbook
from app.importing.messages import Message

RawRow = tuple[int, tuple[Any, ...]]
MergedRange = tuple[tuple[int, int], tuple[int, int]]  # (top, left), (bottom, right), 0-based
MAX_ODS_MERGES = 100_000
TEXT_SNIFF_BYTES = 65_536
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FLOAT_INTS = 2.0 ** 53  # beyond this a float no longer holds every whole number exactly


@dataclass
class RawSheet:
    """One sheet of a file: its name ("" for CSV) and its rows, read lazily."""

    name: str
    rows: Iterator[RawRow]


def read_sheets(path: Path) -> list[RawSheet]:
    """Every visible worksheet of a workbook (in workbook order), or the one sheet of a CSV."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_sheets(path)
    if suffix in TEXT_SUFFIXES:
        check_file_size(path, MAX_SHEET_FILE)
        return [RawSheet("", _csv_rows(path))]
    raise ImportFault(Message("file.unsupported", file=path.name, suffix=suffix or "（无扩展名）"))


def read_rows(path: Path) -> Iterator[RawRow]:
    """(row number, cell values) of the file's first sheet."""
    sheets = read_sheets(path)
    return sheets[0].rows if sheets else iter(())


def _short(exc: BaseException) -> str:
    """An exception as a short, single-line phrase (parsers may quote a whole damaged line)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _workbook_sheets(path: Path) -> list[RawSheet]:
    check_file_size(path, MAX_SHEET_FILE)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise ImportFault(Message("file.unreadable", file=path.name,
                                  detail=exc.strerror or exc)) from None
    if magic.startswith(ZIP_MAGIC):
        check_workbook(path)  # a zip bomb is refused from the archive's directory, unread
        check_sheet_extent(path)  # and a sheet calamine would make room for billions of cells
    elif magic != OLE_MAGIC:
        raise ImportFault(Message("file.not_workbook", file=path.name))
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with path.open("rb") as handle:
            workbook = CalamineWorkbook.from_filelike(handle)
        names = [m.name for m in workbook.sheets_metadata
                 if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible]
    except MemoryError:
        raise
    except Exception as exc:  # calamine's errors (zip, xml, OLE) all mean a damaged file
        raise ImportFault(Message("file.damaged", file=path.name, detail=_short(exc))) from None
    merges = ods_merges(path) if magic.startswith(ZIP_MAGIC) and _is_ods(path) else None
    return [RawSheet(name, _calamine_rows(workbook, name, path, merges)) for name in names]


def _is_ods(path: Path) -> bool:
    """An OpenDocument spreadsheet (WPS/LibreOffice .ods), whatever its name says."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype")[:64] == b"application/vnd.oasis.opendocument.spreadsheet"
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _calamine_rows(workbook: Any, name: str, path: Path,
                   ods_merges: dict[str, list[MergedRange]] | None = None) -> CalamineRows:
    return CalamineRows(workbook, name, path, ods_merges)


ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_SPANS = (b"number-columns-spanned", b"number-rows-spanned")


def ods_merges(path: Path) -> dict[str, list[MergedRange]]:
    """{sheet name: merged ranges} of an .ods workbook, which calamine does not give: cells
    with table:number-columns-spanned / number-rows-spanned, at absolute 0-based positions
    (rows and cells repeated by table:number-*-repeated counted, covered cells too). Read in
    one streaming pass of content.xml, only when it holds a span at all (the zip was checked
    by limits.check_workbook; expat refuses entity-expansion bombs)."""
    from xml.etree.ElementTree import iterparse

    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            found = False
            tail = b""
            while chunk := content.read(1 << 20):
                if any(span in tail + chunk for span in ODS_SPANS):
                    found = True
                    break
                tail = chunk[-32:]
            if not found:
                return {}
        merges: dict[str, list[MergedRange]] = {}
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            sheet: list[MergedRange] | None = None
            row = column = 0
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == f"{ODS_TABLE}table":
                        sheet = merges.setdefault(element.get(f"{ODS_TABLE}name", ""), [])
                        row = 0
                    elif tag == f"{ODS_TABLE}table-row":
                        column = 0
                    elif tag in (f"{ODS_TABLE}table-cell", f"{ODS_TABLE}covered-table-cell"):
                        across = int(element.get(f"{ODS_TABLE}number-columns-spanned", "1"))
                        down = int(element.get(f"{ODS_TABLE}number-rows-spanned", "1"))
                        if sheet is not None and (across > 1 or down > 1) and \
                                len(sheet) < MAX_ODS_MERGES:
                            sheet.append(((row, column), (row + down - 1, column + across - 1)))
                        column += int(element.get(f"{ODS_TABLE}number-columns-repeated", "1"))
                    continue
                if tag == f"{ODS_TABLE}table-row":
                    row += int(element.get(f"{ODS_TABLE}number-rows-repeated", "1"))
                element.clear()
        return {name: ranges for name, ranges in merges.items() if ranges}
    except MemoryError:
        raise
    except Exception as exc:  # a damaged content.xml: calamine will say so too
        raise ImportFault(Message("file.damaged", file=path.name, detail=_short(exc))) from None


def adapt_value(value: Any) -> Any:
    """One calamine cell as the import expects it: "" → None, a whole float → int."""
    if value == "":
        return None
    if value.__class__ is float and value.is_integer() and -FLOAT_INTS < value < FLOAT_INTS:
        return int(value)
    return value


def adapt_column(values: list[Any]) -> list[Any]:
    """`adapt_value` over a whole column, one C-level pass when the column is all text."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        return [None if value == "" else value for value in values] if "" in values else values
    return [None if value == "" else
            int(value) if value.__class__ is float and value.is_integer() and
            -FLOAT_INTS < value < FLOAT_INTS else value
            for value in values]


class CalamineRows(Iterator[RawRow]):
    """The adapter: calamine's rows as the import expects them (see the module docstring).

    Iterating gives adapted rows one at a time (header search, samples); `rest()` gives the
    rows not yet read all at once, merged cells filled and blank rows dropped but cells not yet
    adapted, so a 200,000-row sheet is adapted a column at a time (`adapt_column`)."""

    def __init__(self, workbook: Any, name: str, path: Path,
                 ods_merges: dict[str, list[MergedRange]] | None = None) -> None:
        self.workbook, self.name, self.path = workbook, name, path
        self.ods_merges = ods_merges or {}
        self.rows: Iterator[list[Any]] | None = None
        self.merged: dict[int, dict[int, Any]] | None = None
        self.number = 0

    def _open(self) -> Iterator[list[Any]]:
        if self.rows is None:
            try:
                sheet = self.workbook.get_sheet_by_name(self.name)
                ranges = sheet.merged_cell_ranges or self.ods_merges.get(self.name)
                self.merged = _merged_values(sheet, sheet.start, ranges)
                self.rows = iter(sheet.iter_rows())
            except MemoryError:
                raise
            except Exception as exc:
                raise ImportFault(Message("file.sheet_damaged", file=self.path.name,
                                          sheet=self.name, detail=_short(exc))) from None
        return self.rows

    def _filled(self, values: list[Any]) -> list[Any]:
        """`values` of row `self.number` with the merged ranges covering it filled in."""
        return self._filled_row(self.number, values)

    def _filled_row(self, number: int, values: list[Any]) -> list[Any]:
        assert self.merged is not None
        filled = list(values)
        for column, value in self.merged[number].items():
            if column >= len(filled):
                filled.extend([""] * (column + 1 - len(filled)))
            if filled[column] == "":
                filled[column] = value
        return filled

    def __next__(self) -> RawRow:
        # calamine yields rows from the sheet's first row, but cells from its first used column.
        for values in self._open():
            self.number += 1
            if self.merged is not None and self.number in self.merged:
                values = self._filled(values)
            end = len(values)
            while end and values[end - 1] == "":
                end -= 1
            if end:
                return self.number, tuple([adapt_value(value) for value in values[:end]])
        raise StopIteration

    def rest(self) -> tuple[list[int], list[list[Any]]]:
        """(row numbers, cells) of every non-blank row not yet read; cells as calamine gives
        them (adapt them with `adapt_column`), every row at least as wide as the sheet."""
        kept = list(self._open())
        start = self.number + 1
        self.number += len(kept)
        if self.merged is not None:
            for number in self.merged:
                if start <= number < start + len(kept):
                    kept[number - start] = self._filled_row(number, kept[number - start])
        numbers = list(range(start, start + len(kept)))
        if not sum(kept.count([""] * width) for width in set(map(len, kept))):
            return numbers, kept  # no blank row (each width's blank row looked for at C speed)
        widths = list(map(len, kept))
        blanks = list(map(operator.methodcaller("count", ""), kept))
        if widths != blanks and not any(map(operator.eq, widths, blanks)):
            return numbers, kept
        rows = [i for i, (width, blank) in enumerate(zip(widths, blanks, strict=True))
                if width != blank]
        return [numbers[i] for i in rows], [kept[i] for i in rows]


def _merged_values(sheet: Any, start: tuple[int, int] | None, ranges: list[MergedRange] | None,
                   ) -> dict[int, dict[int, Any]] | None:
    """{row number: {column index: value}} for every cell covered by a merged range, holding the
    range's top-left value (calamine gives merged ranges for .xlsx and .xls; an .ods file's
    come from `ods_merges`)."""
    if not ranges or start is None:
        return None
    first_column = start[1]
    wanted: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for (top, left), (bottom, right) in ranges:
        if (bottom - top + 1) * (right - left + 1) > 100_000:  # a whole-sheet merge: ignore
            continue
        cells = [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]
        wanted[(top, left)] = cells[1:]
    if not wanted:
        return None
    tops = {top for top, _ in wanted}
    found: dict[tuple[int, int], Any] = {}
    for index, values in enumerate(sheet.iter_rows()):
        if index in tops:
            for top, left in wanted:
                if top == index and 0 <= left - first_column < len(values):
                    found[(top, left)] = values[left - first_column]
        if index >= max(tops):
            break
    merged: dict[int, dict[int, Any]] = {}
    for origin, cells in wanted.items():
        value = found.get(origin, "")
        if value == "":
            continue
        for row, column in cells:
            if column >= first_column:
                merged.setdefault(row + 1, {})[column - first_column] = value
    return merged


def decode_text(data: bytes, name: str) -> str:
    """Text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text")
    or GB18030/GBK (WPS and Excel on Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        if b"\x00" in data[:TEXT_SNIFF_BYTES]:
            raise ImportFault(Message("file.not_text", file=name))
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFault(Message("file.encoding", file=name))


def _csv_rows(path: Path) -> Iterator[RawRow]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFault(Message("file.unreadable", file=path.name,
                                  detail=exc.strerror or exc)) from None
    text = decode_text(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            yield number, tuple(values)
    except csv.Error as exc:
        raise ImportFault(Message("file.bad_csv", file=path.name, row=reader.line_num,
                                  detail=exc)) from None
