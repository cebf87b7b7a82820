"""`check`: a sound store passes with counts; a damaged outbox or a broken reference fails it."""

from __future__ import annotations

import json

from app.demo import generate
from db.store import STORE_FILENAME, Store
from tests.foundation.conftest import DEMO_DAY
from tests.helpers import raw_store
from tests.helpers.cli import run_main


def test_sound_store_passes_with_counts(store: Store) -> None:
    generate(store, "small", today=DEMO_DAY)
    data_dir = store.path.parent
    store.close()
    result = run_main("check", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["findings"] == []
    assert report["counts"]["compounds"] == 60 and report["outbox_entries"] > 0


def test_findings_exit_1(store: Store) -> None:
    generate(store, "small", today=DEMO_DAY)
    data_dir = store.path.parent
    store.close()
    connection = raw_store.connect(data_dir / STORE_FILENAME)
    with connection:
        connection.execute("INSERT INTO outbox (op_id, table_name, row_id, op, base_version, "
                           "fields_json, actor, created_at) VALUES ('op-x', 'units', 'no-such-row', "
                           "'insert', 0, '{}', 'a', '2025-01-01 00:00:00')")
        connection.execute("DELETE FROM outbox WHERE table_name = 'streets'")
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE units SET compound_id = 'gone' WHERE rowid = 1")
    connection.close()
    result = run_main("check", data_dir=data_dir)
    assert result.returncode == 1
    assert "units refer to rows that do not exist" in result.stderr
    assert "11 streets rows are marked as changed but have no outbox entry" in result.stderr
    assert "foreign key: units row 1 refers to a missing compounds row" in result.stderr


def test_check_without_a_store_is_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_main("check", data_dir=tmp_path / "nothing")
    assert result.returncode == 2 and "这里没有本地数据库" in result.stderr
