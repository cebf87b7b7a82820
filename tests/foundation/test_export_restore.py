"""Export to .json/.xlsx, and restoring a .json export into an empty store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.demo import generate
from app.errors import BadInput
from app.exporting import export_file
from app.importing import import_file
from app.integrity import check_store
from db.models import REPLICATED_MODELS, Compound, Election
from db.store import Store, open_store
from tests.foundation.conftest import DEMO_DAY, dump
from tests.helpers.cli import run_main


@pytest.fixture
def demo(store: Store) -> Store:
    generate(store, "small", today=DEMO_DAY)
    return store


def without_time(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("exported_at")
    return document


def test_json_export_restore_export_is_identical(demo: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    export_file(demo, first)
    document = without_time(first)
    assert document["format"]["name"] == "compound-desk-export"
    assert {m.export_name for m in REPLICATED_MODELS} <= document.keys()
    assert set(document["elections"][0]) == {c.name for c in Election.__table__.columns}
    restored_dir = tmp_path / "restored"
    assert run_main("import", str(first), data_dir=restored_dir).returncode == 0
    assert run_main("export", str(tmp_path / "second.json"), data_dir=restored_dir).returncode == 0
    assert without_time(tmp_path / "second.json") == document
    restored = open_store(restored_dir)
    try:
        report = check_store(restored.engine)
        assert report.ok, report.findings
    finally:
        restored.close()


def test_restore_refuses_a_store_with_data(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    export_file(demo, path)
    before = dump(demo.path.parent)
    with pytest.raises(BadInput, match="只能导入空的数据库"):
        import_file(demo, path)
    assert dump(demo.path.parent) == before


def test_restore_refuses_broken_json(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": {"name": "compound-desk-export", "version": 1}, '
                    '"compounds": [{"id": "c1", "community_id": "missing", "name": "x"}]}')
    before = dump(store.path.parent)
    with pytest.raises(BadInput, match="compounds"):
        import_file(store, path)
    assert dump(store.path.parent) == before


def test_xlsx_export_has_chinese_sheets_and_headers(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "store.xlsx"
    counts = export_file(demo, path)
    workbook = load_workbook(path, read_only=True)
    try:
        assert Compound.label_zh in workbook.sheetnames and "业主名册" in workbook.sheetnames
        sheet = workbook["小区"]
        rows = list(sheet.iter_rows(values_only=True))
        assert "小区名称" in rows[0] and "生命周期" in rows[0]
        assert len(rows) - 1 == counts["compounds"]
    finally:
        workbook.close()


def test_export_to_unknown_suffix_is_bad_input(store: Store, tmp_path: Path) -> None:
    with pytest.raises(BadInput, match=r"\.txt"):
        export_file(store, tmp_path / "out.txt")
