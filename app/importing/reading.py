"""Reading spreadsheet rows from .xlsx and .csv files, whatever encoding WPS or Excel saved them in.

Yields raw rows (tuples of cell values) with their 1-based row number as the user sees it in the
spreadsheet; knows nothing about what the columns mean. A file larger than app/importing/limits.py
allows, or a workbook that would unpack beyond it, is refused before it is parsed; a damaged one
(bad XML, a shared-text reference that points nowhere) is one BadInput, never a traceback.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.importing.limits import MAX_SHEET_FILE, check_file_size, check_workbook

RawRow = tuple[int, tuple[Any, ...]]
TEXT_SNIFF_BYTES = 65_536
# openpyxl warns (on stderr, once per cell) when a date cell's number is out of range, and gives
# the cell '#VALUE!', which the date column then refuses with its own message.
warnings.filterwarnings("ignore", message=r"Cell \S+ is marked as a date", category=UserWarning)


def read_rows(path: Path) -> Iterator[RawRow]:
    """(row number, cell values) for every row of the file's sheet, blank rows included."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        check_workbook(path)
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        check_file_size(path, MAX_SHEET_FILE)
        return _csv_rows(path)
    raise BadInput(f"{path.name}: unknown file type {suffix or '(none)'}; use .xlsx, .csv or .json")


def _xlsx_rows(path: Path) -> Iterator[RawRow]:
    if not zipfile.is_zipfile(path):
        raise BadInput(f"{path.name}: not an Excel .xlsx workbook (the file is damaged or another format)")
    try:
        workbook = _load_unsized(path)
    except Exception as exc:  # openpyxl raises many kinds for damaged workbooks
        raise BadInput(f"{path.name}：无法作为 Excel 工作簿读取（{_short(exc)}）") from None
    return _sheet_rows(workbook, path)


def _short(exc: BaseException) -> str:
    """An exception as a short, single-line phrase (parsers may quote a whole damaged line)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _load_unsized(path: Path) -> Any:
    """openpyxl's read-only, values-only workbook, minus its sheet-size probe.

    `load_workbook(read_only=True)` looks for each sheet's <dimension> element; files written by
    openpyxl's write-only mode (and some exporters) have none, and the probe then parses the whole
    sheet once just to find that out — doubling the reading time of a large register.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedWorksheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            return None

    class UnsizedReader(ExcelReader):
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                worksheet = UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    reader = UnsizedReader(path, read_only=True, data_only=True)
    try:
        with warnings.catch_warnings():  # "extension not supported", "no default style": noise
            warnings.simplefilter("ignore", UserWarning)
            reader.read()
    except BaseException:
        reader.archive.close()
        raise
    return reader.wb


def _sheet_rows(workbook: Any, path: Path) -> Iterator[RawRow]:
    try:
        if workbook.worksheets:
            yield from _worksheet_values(workbook, workbook.worksheets[0])
    except MemoryError:
        raise
    except Exception as exc:  # bad XML, a CRC mismatch, a reference out of range: all damage
        raise BadInput(f"{path.name}：工作簿已损坏，未导入（{_short(exc)}）") from None
    finally:
        workbook.close()


def _worksheet_values(workbook: Any, sheet: Any) -> Iterator[RawRow]:
    """(row number, values) of every row holding cells, straight from openpyxl's sheet parser
    (what `iter_rows(values_only=True)` does, without padding rows to the sheet's size)."""
    parser = _cell_parser()(
        sheet._get_source(), sheet._shared_strings, data_only=True, epoch=workbook.epoch,
        date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    try:
        for number, cells in parser.parse():
            if not cells:
                continue
            values: list[Any] = [None] * max(cell["column"] for cell in cells)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, tuple(values)
    finally:
        parser.source.close()


def _cell_parser() -> type:
    """openpyxl's sheet parser with a fast path for inline strings (<c t="inlineStr">, which
    openpyxl's own write-only mode and many web exporters write for every text cell): it takes
    the text directly instead of building a rich-text object per cell. Same values as openpyxl."""
    from openpyxl.utils import column_index_from_string
    from openpyxl.worksheet._reader import INLINE_STRING, VALUE_TAG, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"
    column_of: dict[str, int] = {}  # "AB" → 28, worked out once per column

    def column_index(coordinate: str) -> int:
        letters = coordinate.rstrip("0123456789")
        index = column_of.get(letters)
        if index is None:
            index = column_of[letters] = column_index_from_string(letters)
        return index

    def inline_text(holder: Any) -> str:
        if len(holder) == 1 and holder[0].tag == text_tag:
            return holder[0].text or ""
        parts = []  # plain text, then the text of each formatted run; phonetic runs left out
        for part in holder:
            if part.tag == text_tag:
                parts.append(part.text or "")
            elif part.tag == run_tag:
                run_text = part.find(text_tag)
                if run_text is not None:
                    parts.append(run_text.text or "")
        return "".join(parts)

    class FastInlineParser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            kind = element.get("t")
            if kind == "s":
                shared_string_index(element.findtext(VALUE_TAG), len(self.shared_strings))
            if kind != "inlineStr":
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                column = self.col_counter = column_index(coordinate)
            else:
                self.col_counter += 1
                column = self.col_counter
            row = self.row_counter
            holder = element.find(INLINE_STRING)
            if holder is None:
                return {"row": row, "column": column, "value": None, "data_type": "inlineStr"}
            return {"row": row, "column": column, "value": inline_text(holder), "data_type": "s"}

    return FastInlineParser


def shared_string_index(text: str | None, count: int) -> None:
    """A shared-text reference must name one of the workbook's `count` texts (openpyxl would
    take -1 as the last one, and fail on one past the end with an IndexError)."""
    if text is None:
        return
    index = int(text)
    if not 0 <= index < count:
        raise ValueError(f"共享文本编号 {index} 超出范围（共 {count} 条）")


def decode_text(data: bytes, name: str) -> str:
    """Text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text")
    or GB18030/GBK (WPS and Excel on Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        if b"\x00" in data[:TEXT_SNIFF_BYTES]:
            raise BadInput(f"{name}: not a text file (binary data); save the sheet as .xlsx or CSV")
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{name}: the text is neither UTF-8 nor GB18030/GBK; save it again as CSV (UTF-8)")


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
        raise BadInput(f"{path.name}: row {reader.line_num}: malformed CSV ({exc})") from None
