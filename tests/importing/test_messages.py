"""Import messages carry codes (issue 18): a refused cell, row or file is Chinese text that also
holds its code and parameters, the wizard shows it by code in the UI's language — Chinese by
default, English from the compiled English translations — and never parses a sentence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.errors import BadInput
from app.importing import import_file
from app.importing.messages import MESSAGES_ZH, Message
from app.importing.sheet import ImportProblems
from db.store import Store
from tests.importing.conftest import xlsx
from ui.importing.messages import SOURCES, error_text, message_text

ROOT = Path(__file__).resolve().parents[2]
HEADER: list[Any] = ["小区名称", "楼栋", "房号", "业主", "建筑面积", "联系电话"]


def test_the_wizard_knows_every_code_with_the_same_chinese() -> None:
    assert SOURCES == MESSAGES_ZH


def test_cell_and_row_problems_carry_codes(with_compounds: Store, tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER, ["第五园", "1栋", "101", "甲", "1e999", "123"],
                             ["无此园", "1栋", "102", "乙", 80, None]]
    with pytest.raises(ImportProblems) as caught:
        import_file(with_compounds, xlsx(tmp_path / "名册.xlsx", {"名册": rows}))
    found = {(p.row, p.code): p for p in caught.value.problems.cells}
    assert set(found) == {(2, "cell.too_many_digits"), (2, "cell.not_phone")}
    area = found[(2, "cell.too_many_digits")]
    assert area.params == {"value": "「1e999」"} and area.message == Message(
        "cell.too_many_digits", value="「1e999」")
    rows = [HEADER, ["无此园", "1栋", "102", "乙", 80, None]]  # row 2: the compound is unknown
    with pytest.raises(ImportProblems) as caught:
        import_file(with_compounds, xlsx(tmp_path / "名册2.xlsx", {"名册": rows}))
    [problem] = caught.value.problems.cells
    assert (problem.code, problem.params) == ("row.no_compound", {"name": "「无此园」"})


def test_a_refused_file_carries_its_code(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    from openpyxl import Workbook

    Workbook().save(path)
    with pytest.raises(BadInput) as caught:
        import_file(store, path)
    assert getattr(caught.value, "code", None) == "file.empty"
    assert getattr(caught.value, "params", None) == {"file": "空.xlsx"}


def _lrelease() -> str:
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    return str(beside) if beside.exists() else str(shutil.which("pyside6-lrelease"))


def test_the_wizard_says_them_in_chinese_and_in_english(
        qapp: QCoreApplication, store: Store, tmp_path: Path) -> None:
    message = Message("cell.area_range", value="「98000000」", low="0.0001", high="20000")
    assert message_text(message.code, message.params, message) == \
        "「98000000」超出合理范围（0.0001–20000 ㎡）"
    Path(tmp_path / "空.xlsx").write_bytes(b"")
    with pytest.raises(BadInput) as caught:
        import_file(store, tmp_path / "空.xlsx")
    assert error_text(caught.value) == str(caught.value)  # Chinese: the import's own text
    qm = tmp_path / "en.qm"
    subprocess.run([_lrelease(), "-silent", str(ROOT / "resources/i18n/compound_desk_en.ts"),
                    "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert message_text(message.code, message.params, message) == \
            "「98000000」 is outside the plausible range (0.0001–20000 m²)"
        english = error_text(caught.value)
        assert english is not None and english.startswith("空.xlsx: ")
    finally:
        QCoreApplication.removeTranslator(translator)
