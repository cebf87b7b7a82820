"""Pushes that copy many rows into a PostgreSQL table have it analyzed in the background
(server.statistics), so the planner stops treating a table that has grown as empty."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from server import statistics
from server.copying import COPY_MIN_ROWS
from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op


@pytest.fixture(scope="module")
def database_url(postgres_url: str) -> str:
    """PostgreSQL only: SQLite has no planner statistics to keep up."""
    return postgres_url


def _last_analyzed(database_url: str) -> dict[str, Any]:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return dict(connection.execute(text(
                "SELECT relname, last_analyze FROM pg_stat_user_tables "
                "WHERE relname IN ('server_rows', 'units', 'server_applied_ops')")).all())
    finally:
        engine.dispose()


def _units(district: District, building: str, count: int) -> list[dict[str, Any]]:
    return [op("units", new_id(), compound_id=district.compounds[STREET_A], building=building,
               room=f"{i:04d}", area_m2="70.00", owner_name=f"业主{i}") for i in range(count)]


def test_tables_a_push_doubled_are_analyzed(server: ServerHandle, district: District,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statistics, "ANALYZE_AFTER_ROWS", COPY_MIN_ROWS)
    monkeypatch.setattr(statistics, "_growth", statistics._Growth())
    assert all(at is None for at in _last_analyzed(server.database_url).values())
    caseworker = server.user("caseworker", STREET_A)
    results = caseworker.push(*_units(district, "统计", COPY_MIN_ROWS * 2))
    assert {r["status"] for r in results} == {"applied"}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        analyzed = _last_analyzed(server.database_url)
        if len(analyzed) == 3 and all(at is not None for at in analyzed.values()):
            break
        time.sleep(0.1)
    assert all(at is not None for at in analyzed.values()), analyzed


def test_a_few_rows_leave_the_statistics_to_autovacuum(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below ANALYZE_AFTER_ROWS, and until a table has doubled since its last ANALYZE here,
    nothing is queued."""
    growth = statistics._Growth()
    monkeypatch.setattr(statistics, "_growth", growth)
    statistics.note_copied("units", statistics.ANALYZE_AFTER_ROWS - 1)
    assert growth.due() == []
    statistics.note_copied("units", 1)
    assert growth.due() == ["units"]
    assert growth.due() == []  # queued already
    growth.queued.clear()
    statistics.note_copied("units", statistics.ANALYZE_AFTER_ROWS - 1)
    assert growth.due() == []  # not yet twice its size at the last ANALYZE
    statistics.note_copied("units", 1)
    assert growth.due() == ["units"]
