"""Real files of every format, written by their own tools: .xlsx by openpyxl, .xls by xlwt (the
writer of Excel 97–2003 files), .ods by odfpy, CSV by the csv module in the encodings WPS and
Excel save. The foundation fixtures (a store holding three compounds) are shared."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tests.foundation.conftest import (  # noqa: F401  (fixtures)
    COMPOUNDS_SHEET,
    compounds_file,
    dump,
    units_rows,
    with_compounds,
    write_csv,
    write_xlsx,
)

Rows = Sequence[Sequence[Any]]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


def xlsx(path: Path, sheets: Mapping[str, Rows], merges: Sequence[Merge] = ()) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for top, left, bottom, right in merges:
        workbook.worksheets[0].merge_cells(start_row=top, start_column=left, end_row=bottom,
                                           end_column=right)
    workbook.save(path)
    return path


def xls(path: Path, sheets: Mapping[str, Rows], merges: Sequence[Merge] = ()) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    merged_cells = {(t, left): (b, r) for t, left, b, r in merges}
    for n, (name, rows) in enumerate(sheets.items()):
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                span = merged_cells.get((r + 1, c + 1)) if n == 0 else None
                if span is not None:
                    sheet.write_merge(r, span[0] - 1, c, span[1] - 1, value)
                elif isinstance(value, date | datetime):
                    sheet.write(r, c, value, day)
                else:
                    sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def ods(path: Path, sheets: Mapping[str, Rows], merges: Sequence[Merge] = ()) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    spans = {(t, left): (b - t + 1, r - left + 1) for t, left, b, r in merges}
    covered = {(row, col) for t, left, b, r in merges for row in range(t, b + 1)
               for col in range(left, r + 1)} - set(spans)
    for n, (name, rows) in enumerate(sheets.items()):
        table = Table(name=name)
        for r, row in enumerate(rows):
            table_row = TableRow()
            for c, value in enumerate(row):
                if n == 0 and (r + 1, c + 1) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                attributes: dict[str, Any] = {}
                if n == 0 and (r + 1, c + 1) in spans:
                    rows_spanned, columns_spanned = spans[(r + 1, c + 1)]
                    attributes = {"numberrowsspanned": rows_spanned,
                                  "numbercolumnsspanned": columns_spanned}
                if value is None:
                    cell = TableCell(**attributes)
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(),
                                     **attributes)
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **attributes)
                    cell.addElement(P(text=str(value)))
                elif isinstance(value, date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
                    cell.addElement(P(text=value.isoformat()))
                else:
                    cell = TableCell(valuetype="string", **attributes)
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def csv_file(path: Path, sheets: Mapping[str, Rows], merges: Sequence[Merge] = ()) -> Path:
    assert len(sheets) == 1 and not merges
    return write_csv(path, next(iter(sheets.values())), encoding="gb18030", line_end="\r\n")


WRITERS: dict[str, Callable[..., Path]] = {".xlsx": xlsx, ".xls": xls, ".ods": ods}


# ---- .xlsb: no writer exists for Python (and LibreOffice is not installed here), so the file is
# built record by record after [MS-XLSB] — the binary workbook Excel writes: a zip whose workbook
# and sheets are streams of records (a 7-bit varint type and size, then the payload).
def _record(kind: int, payload: bytes = b"") -> bytes:
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = b"", len(payload)
    while True:
        byte = length & 0x7F
        length >>= 7
        size += bytes([byte | (0x80 if length else 0)])
        if not length:
            break
    return head + size + payload


def _wide(text: str) -> bytes:
    """XLWideString: a character count, then UTF-16LE."""
    data = text.encode("utf-16-le")
    return (len(data) // 2).to_bytes(4, "little") + data


def _xlsb_sheet(rows: Rows) -> bytes:
    import struct

    width = max((len(r) for r in rows), default=1)
    out = _record(0x81)  # BrtBeginSheet
    out += _record(0x94, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0)))
    out += _record(0x91)  # BrtBeginSheetData
    for number, row in enumerate(rows):
        out += _record(0x00, struct.pack("<IIH", number, 0, 300) + bytes(3) + bytes(4))  # BrtRowHdr
        for column, value in enumerate(row):
            cell = struct.pack("<I", column) + bytes(4)  # column, style 0, no flags
            if value is None:
                continue
            if isinstance(value, bool):
                out += _record(0x04, cell + bytes([int(value)]))  # BrtCellBool
            elif isinstance(value, int | float):
                out += _record(0x05, cell + struct.pack("<d", float(value)))  # BrtCellReal
            else:
                out += _record(0x06, cell + _wide(str(value)))  # BrtCellSt
    out += _record(0x92) + _record(0x82)  # BrtEndSheetData, BrtEndSheet
    return out


def xlsb(path: Path, sheets: Mapping[str, Rows], merges: Sequence[Merge] = ()) -> Path:
    import zipfile

    assert not merges, "merged ranges are not written to .xlsb here"
    book = _record(0x83) + _record(0x8F)  # BrtBeginBook, BrtBeginBundleShs
    relations = []
    for n, name in enumerate(sheets, start=1):
        book += _record(0x9C, (0).to_bytes(4, "little") + n.to_bytes(4, "little")
                        + _wide(f"rId{n}") + _wide(name))  # BrtBundleSh: visible, tab, rel, name
        relations.append(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                         f'officeDocument/2006/relationships/worksheet" '
                         f'Target="worksheets/sheet{n}.bin"/>')
    book += _record(0x90) + _record(0x84)  # BrtEndBundleShs, BrtEndBook
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="bin" ContentType="application/'
            'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>'))
        archive.writestr("xl/workbook.bin", book)
        archive.writestr("xl/_rels/workbook.bin.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(relations)
            + "</Relationships>"))
        for n, rows in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.bin", _xlsb_sheet(rows))
    return path
