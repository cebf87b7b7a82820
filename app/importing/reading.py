"""Reading spreadsheet rows from every format caseworkers receive: .xlsx/.xlsm, old .xls, .xlsb and
WPS/LibreOffice .ods through calamine (python-calamine), and CSV in UTF-8 (with or without BOM),
UTF-16 or GB18030/GBK.

Yields raw rows (tuples of cell values) with their 1-based row number as the user sees it in the
spreadsheet; knows nothing about what the columns mean. One adapter (`_calamine_rows`) absorbs
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.importing.limits import MAX_SHEET_FILE, check_file_size, check_workbook

RawRow = tuple[int, tuple[Any, ...]]
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
    raise BadInput(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                   "请使用 .xlsx、.xls、.xlsb、.ods、.csv 或 .json")


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
        raise BadInput(f"{path.name}：无法读取（{exc.strerror or exc}）") from None
    if magic.startswith(ZIP_MAGIC):
        check_workbook(path)  # a zip bomb is refused from the archive's directory, unread
    elif magic != OLE_MAGIC:
        raise BadInput(f"{path.name}：不是 Excel 或 WPS 工作簿（文件已损坏或是其他格式）；"
                       "请在 Excel/WPS 中另存为 .xlsx 后再导入")
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with path.open("rb") as handle:
            workbook = CalamineWorkbook.from_filelike(handle)
        names = [m.name for m in workbook.sheets_metadata
                 if m.typ == SheetTypeEnum.WorkSheet and m.visible == SheetVisibleEnum.Visible]
    except MemoryError:
        raise
    except Exception as exc:  # calamine's errors (zip, xml, OLE) all mean a damaged file
        raise BadInput(f"{path.name}：工作簿已损坏，无法读取（{_short(exc)}）") from None
    return [RawSheet(name, _calamine_rows(workbook, name, path)) for name in names]


def _calamine_rows(workbook: Any, name: str, path: Path) -> Iterator[RawRow]:
    """The adapter: calamine's rows as the import expects them (see the module docstring)."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start
        merged = _merged_values(sheet, start)
        rows = sheet.iter_rows()
    except MemoryError:
        raise
    except Exception as exc:
        raise BadInput(f"{path.name}：工作表「{name}」已损坏，无法读取（{_short(exc)}）") from None
    # calamine yields rows from the sheet's first row, but cells from its first used column.
    number = 0
    for values in rows:
        number += 1
        end = len(values)
        while end and values[end - 1] == "":
            end -= 1
        if merged is not None and number in merged:
            filled = list(values[:end])
            for column, value in merged[number].items():
                if column >= len(filled):
                    filled.extend([""] * (column + 1 - len(filled)))
                if filled[column] == "":
                    filled[column] = value
            values, end = filled, len(filled)
        if not end:
            continue
        yield number, tuple([
            None if value == "" else
            int(value) if value.__class__ is float and value.is_integer() and -FLOAT_INTS < value < FLOAT_INTS
            else value
            for value in values[:end]])


def _merged_values(sheet: Any, start: tuple[int, int] | None) -> dict[int, dict[int, Any]] | None:
    """{row number: {column index: value}} for every cell covered by a merged range, holding the
    range's top-left value (calamine gives merged ranges for .xlsx and .xls only)."""
    ranges = sheet.merged_cell_ranges
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
            raise BadInput(f"{name}：不是文本文件（含二进制数据）；请另存为 .xlsx 或 CSV")
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{name}：文字既不是 UTF-8 也不是 GB18030/GBK 编码；请另存为 CSV（UTF-8）")


def _csv_rows(path: Path) -> Iterator[RawRow]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"{path.name}：无法读取（{exc.strerror or exc}）") from None
    text = decode_text(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            yield number, tuple(values)
    except csv.Error as exc:
        raise BadInput(f"{path.name}：第 {reader.line_num} 行不是有效的 CSV（{exc}）") from None
