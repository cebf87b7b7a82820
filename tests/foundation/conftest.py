"""Fixtures for the foundation tests: a small demo store, sheet writers, and a store dump."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from db.store import STORE_FILENAME, Store
from tests.helpers import raw_store

DEMO_DAY = date(2025, 3, 1)


def dump(data_dir: Path) -> list[str]:
    """Every statement needed to rebuild the store: equal dumps mean equal stores."""
    connection = raw_store.connect(data_dir / STORE_FILENAME)
    try:
        return raw_store.iterdump(connection)
    finally:
        connection.close()


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8",
              line_end: str = "\n") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator=line_end).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


COMPOUNDS_SHEET: list[list[Any]] = [
    ["序号", "街道", "社区", "小区名称", "地址", "生命周期", "户数", "建筑面积（㎡）", "物业公司", "以居代业"],
    [1, "坂田", "五和社区", "第五园", "坂雪岗大道1号", "成熟期", 1200, "152000.50", "深圳市万厦物业", "否"],
    [2, "坂田", "五和社区", "怡翠花园", "", "过渡期", 300, "30000", "", "是"],
    [3, "布吉", "大芬社区", "怡翠花园", "布龙路2号", "出生期", 80, "9000.25", "深圳市万厦物业", ""],
]


@pytest.fixture
def compounds_file(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "compounds.xlsx", COMPOUNDS_SHEET)


@pytest.fixture
def with_compounds(store: Store, compounds_file: Path) -> Store:
    """The `store` fixture holding the three compounds of COMPOUNDS_SHEET."""
    from app.importing import import_file

    import_file(store, compounds_file)
    return store


@pytest.fixture
def units_rows() -> list[list[Any]]:
    return [
        ["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积", "联系电话", "开发商未售", "是否党员"],
        ["第五园", "", "1栋", "101", "张伟", "89.37", "13800000001", "否", "是"],
        ["第五园", "", "1栋", "102", "张伟", "90.10", "13800000001", "否", "是"],
        ["第五园", "", "2栋", "101", "", "120.00", "", "是", ""],
        ["怡翠花园", "五和社区", "A座", "1201", "李娜", "75.5", "", "", "否"],
    ]
