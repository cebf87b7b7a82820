"""Plain tables from any file the import reads (.xlsx/.xls/.xlsb/.ods through calamine, CSV in
UTF-8, UTF-16 or GB18030), as text: for the importers that take a header row and rows of text —
agenda items (app/agenda/csv_import.py) and e-vote results (app/elections/csv_input.py).

The same reading as the register import (app/importing/reading.py: size and zip-bomb limits,
content sniffed rather than the suffix trusted, merged cells filled, whole numbers without
".0", date cells as 2025-03-01), then each cell as the text a person sees. A template's example
row (「示例」 in its 序号 column) is left out, and the 序号 column with it; a header's required
mark (标题*) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.errors import BadInput
from app.importing.fields import cell_text, normalise_header
from app.importing.reading import read_sheets
from app.importing.sheet import EXAMPLE_MARK


def read_text_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number as the spreadsheet shows it, cells as text) of the first sheet that has any
    content, header row included; blank rows left out."""
    for sheet in read_sheets(path):
        rows = iter(sheet.rows)
        first = next(rows, None)
        if first is None:
            continue
        number, values = first
        header = [cell_text(v) for v in values]
        serial = next((i for i, h in enumerate(header) if normalise_header(h) == "序号"), None)

        yield number, [h.rstrip("*＊ ") for h in _texts(values, serial)]  # 标题* → 标题
        for number, values in rows:
            if serial is not None and serial < len(values) and values[serial] == EXAMPLE_MARK:
                continue
            yield number, _texts(values, serial)
        return


def _texts(values: tuple[object, ...], left_out: int | None) -> list[str]:
    return [cell_text(v) for i, v in enumerate(values) if i != left_out]


def read_records(path: Path) -> list[dict[str, str]]:
    """Rows as {header: text} (what csv.DictReader gives for a CSV), from any format; BadInput
    when the file has no content at all."""
    rows = read_text_rows(path)
    first = next(rows, None)
    if first is None:
        raise BadInput(code="import.empty_file", name=path.name)
    header = first[1]
    records = []
    for _number, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        records.append({name: cells[i] for i, name in enumerate(header) if name})
    return records
