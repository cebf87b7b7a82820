"""The error report: an .xlsx to send back to whoever sent a file, holding each row that has a
problem exactly as it was (same columns, the sheet's own header row) plus 原行号 (its row in the
original) and 错误说明 (every problem of the row, in Chinese). Problems of the file or of a
column rather than a row are listed on a 说明 sheet.

Identity-card numbers are not copied back in full: a column the import recognises as one (证件号码,
身份证号 …) is masked to its first 6 and last 4 characters — the sender knows the row by its
other columns, and the report may travel by e-mail.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from app.agenda_rules import local_zone
from app.exporting import _replace_atomically, sheet_text, sheet_title, write_table
from app.importing.fields import ID_HEADERS, cell_text, normalise_header
from app.importing.reading import read_sheets
from app.importing.sheet import Problems

REPORT_COLUMNS = ("原行号", "错误说明")
_ID_KEYS = {normalise_header(h) for h in ID_HEADERS}


def mask_id(value: Any) -> Any:
    """'440301199001011234' → '440301********1234'; short or blank values as they are."""
    text = cell_text(value)
    if len(text) <= 10:
        return value
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def write_error_report(source: Path, problems: Problems, target: Path,
                       header_rows: dict[str, int] | None = None) -> int:
    """Write the report for `source` to `target`; returns the number of rows copied.

    `header_rows`: the header row of each sheet (by sheet name) when the user chose it in the
    wizard; otherwise the row just above the first problem row is not assumed, the header is
    found the way the import finds it."""
    by_sheet: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    general: list[str] = []
    for problem in problems.cells:
        if problem.row is None:
            general.append(problem.text())
        else:
            where = f"列「{problem.column}」：" if problem.column else ""
            by_sheet[problem.sheet][problem.row].append(where + problem.message)
    general += problems.notes
    if problems.dropped:
        general.append(f"另有 {problems.dropped:,} 处问题未逐条列出")
    copied = 0

    def write(path: Path) -> None:
        nonlocal copied
        from openpyxl import Workbook

        from app.importing.sheet import _find_header

        workbook = Workbook(write_only=True)
        used: set[str] = set()
        raw_sheets = read_sheets(source)
        several = len(raw_sheets) > 1
        for raw_sheet in raw_sheets:
            wanted = by_sheet.get(raw_sheet.name if several else "")
            if not wanted:
                continue
            rows = iter(raw_sheet.rows)
            header: tuple[Any, ...] = ()
            chosen = (header_rows or {}).get(raw_sheet.name)
            if chosen is not None:
                for number, values in rows:
                    if number == chosen:
                        header = values
                        break
            else:
                found = _find_header(rows)
                header = () if isinstance(found, list) else found[4]
            masked = {i for i, h in enumerate(header) if normalise_header(h) in _ID_KEYS}
            width = len(header)
            picked = []
            for number, values in rows:
                messages = wanted.get(number)
                if not messages:
                    continue
                width = max(width, len(values))
                cells = [mask_id(v) if i in masked else v for i, v in enumerate(values)]
                picked.append((number, cells, "；".join(messages)))
            headers = [cell_text(h) for h in header] + [""] * (width - len(header))
            table = [(*cells, *([None] * (width - len(cells))), number, message)
                     for number, cells, message in picked]
            sheet = workbook.create_sheet(sheet_title(raw_sheet.name or "错误行", used))
            copied += write_table(sheet, [*headers, *REPORT_COLUMNS], table)
        notes = workbook.create_sheet(sheet_title("说明", used))
        notes.append([sheet_text(notes, f"导入错误报告：{source.name}")])
        notes.append([sheet_text(notes, f"生成时间：{datetime.now(local_zone()).strftime('%Y-%m-%d %H:%M')}；"
                                        f"共 {problems.count:,} 处问题；这些行没有导入。")])
        notes.append([sheet_text(notes, "请按「错误说明」改正各行后，将改好的行（或整个文件）重新导入；"
                                        "「原行号」「错误说明」两列导入时会被忽略。")])
        if _ID_KEYS and any(by_sheet.values()):
            notes.append([sheet_text(notes, "证件号码只保留前 6 位和后 4 位。")])
        for line in general:
            notes.append([sheet_text(notes, line)])
        workbook.save(path)

    _replace_atomically(target, write)
    return copied
