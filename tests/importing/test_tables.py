"""Plain tables from every format (app/importing/tables.py), for the agenda-item and e-vote
importers: the same rows as text from .xlsx, .xls, .ods and a GB18030 CSV, the template's
example row left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.errors import BadInput
from app.importing.tables import read_records, read_text_rows
from app.importing.templates import write_template
from tests.importing.conftest import WRITERS, csv_file

ROWS: list[list[Any]] = [
    ["序号", "小区", "标题", "提出日期", "类别"],
    ["示例", "第五园", "示例标题", "2025-01-01", "其他"],
    [1, "第五园", "地下车库照明不足", date(2025, 3, 1), "设施"],
    [2, "万科城", "电梯异响", "2025-03-02", None],
]
EXPECTED = [
    {"小区": "第五园", "标题": "地下车库照明不足", "提出日期": "2025-03-01", "类别": "设施"},
    {"小区": "万科城", "标题": "电梯异响", "提出日期": "2025-03-02", "类别": ""},
]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".csv"])
def test_records_read_the_same_from_every_format(tmp_path: Path, suffix: str) -> None:
    rows = ROWS if suffix != ".csv" else [
        ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
        for row in ROWS]
    writer = {**WRITERS, ".csv": csv_file}[suffix]
    path = writer(tmp_path / f"事项{suffix}", {"事项": rows})
    assert read_records(path) == EXPECTED, suffix
    numbers = [number for number, _ in read_text_rows(path)]
    assert numbers == [1, 3, 4], suffix


def test_an_empty_file_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    with pytest.raises(BadInput, match=r"空\.csv：文件是空的"):
        read_records(path)


@pytest.mark.parametrize("kind", ["agenda_items", "e_votes"])
def test_agenda_and_vote_templates_read_back_as_their_headers(tmp_path: Path, kind: str) -> None:
    template = write_template(kind, tmp_path / f"{kind}.xlsx")
    header = next(read_text_rows(tmp_path / f"{kind}.xlsx"))[1]
    assert header == [c.header for c in template.columns]  # the required marks (*) dropped
