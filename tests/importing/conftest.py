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
