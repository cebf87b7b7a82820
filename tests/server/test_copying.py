"""A push of many new rows: on PostgreSQL they go by COPY (server.copying), elsewhere as an
executemany — either way the same rows, the same values read back, and a row the database
refuses is refused alone (the batch is redone op by op)."""

from __future__ import annotations

from typing import Any

from server.copying import COPY_MIN_ROWS
from tests.server.helpers import STREET_A, District, ServerHandle, new_id, op

MANY = COPY_MIN_ROWS * 2


def _units(compound: str, building: str) -> list[dict[str, Any]]:
    return [op("units", new_id(), compound_id=compound, building=building, room=f"{i:03d}",
               area_m2=f"{60 + i}.25", owner_name=f"业主{i}", developer_unsold=i % 2 == 0)
            for i in range(MANY)]


def test_many_new_rows_are_stored_as_sent(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    ops = _units(district.compounds[STREET_A], "copy-1")
    results = caseworker.push(*ops)
    assert [r["status"] for r in results] == ["applied"] * MANY, results[:3]
    versions = [r["version"] for r in results]
    assert versions == sorted(versions) and len(set(versions)) == MANY
    rows = caseworker.rows()
    for sent, result in zip(ops, results, strict=True):
        stored = rows[("units", sent["row_id"])]
        assert stored["version"] == result["version"]
        for name in ("building", "room", "area_m2", "owner_name", "developer_unsold"):
            assert stored["fields"][name] == sent["fields"][name], (name, stored)
        assert stored["updated_at"] == result["row"]["updated_at"]
        assert stored["deleted_at"] is None
    # A repeated push answers each op with its first result, read from the stored record.
    assert caseworker.push(*ops) == results


def test_a_refused_row_among_many_is_refused_alone(server: ServerHandle, district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    ops = _units(district.compounds[STREET_A], "copy-2")
    clash = op("units", new_id(), compound_id=district.compounds[STREET_A], building="copy-2",
               room="007", area_m2="80")  # the same unit as ops[7]: a live unique index refuses it
    batch = [*ops[:50], clash, *ops[50:]]
    results = caseworker.push(*batch)
    statuses = [r["status"] for r in results]
    assert statuses[50] == "refused" and results[50]["error"]["code"] == "database_refused"
    assert statuses[:50] + statuses[51:] == ["applied"] * MANY
    rows = caseworker.rows()
    assert ("units", clash["row_id"]) not in rows
    assert all(("units", o["row_id"]) in rows for o in ops)
