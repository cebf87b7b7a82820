"""A pull never stops on a change the app cannot store — a table it does not know, a value out of
its column's type or range, a malformed change object (what a newer server, or a broken one,
may send): that change is skipped and said in the sync report, the rest of the page lands and
the cursor moves on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.session import get_setting
from app.sync import settings as keys
from app.sync.auth import connect
from app.sync.engine import sync
from db.models import Compound
from tests.sync.conftest import Device, community_of

MakeDevice = Callable[[str], Device]


def add_compound(device: Device) -> str:
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=f"新版-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        return compound.id


def names_held(device: Device, ids: list[str]) -> list[str]:
    with device.store.session() as session:
        return sorted(session.scalars(select(Compound.id).where(Compound.id.in_(ids))))


def test_a_pull_skips_and_reports_changes_it_cannot_store(make_device: MakeDevice) -> None:
    writer, reader = make_device("cw"), make_device("cw2")
    good = [add_compound(writer) for _ in range(3)]
    writer.sync()
    community = community_of(reader)
    bad_value_id, bad_time_id = str(uuid.uuid4()), str(uuid.uuid4())

    def compound_change(row_id: str, version: int, **overrides: Any) -> dict[str, Any]:
        change: dict[str, Any] = {
            "table": "compounds", "id": row_id, "version": version,
            "fields": {"community_id": community, "name": f"坏-{row_id[:8]}"},
            "updated_at": "2026-01-01T00:00:00+00:00", "updated_by": "sup",
            "deleted_at": None, "deleted_by": None,
        }
        for name, value in overrides.items():
            if name in change:
                change[name] = value
            else:
                change["fields"][name] = value
        return change

    def from_a_newer_server(page: dict[str, Any]) -> dict[str, Any]:
        top = max([c["version"] for c in page["changes"]], default=0)
        page["changes"] = [
            {"table": "drones", "id": str(uuid.uuid4()), "version": top, "fields": {"x": 1}},
            compound_change(bad_value_id, top, building_area_m2="1e100000000"),
            compound_change(bad_time_id, top, updated_at="9999-99-99T99:99"),
            compound_change(str(uuid.uuid4()), top, households={"nested": [1]}),
            {"table": "compounds", "id": str(uuid.uuid4()), "version": "7"},
            ["not", "an", "object"],
            *page["changes"],
        ]
        return page

    with connect(reader.store) as client:
        served = client.pull

        def pull(since: int, limit: int = 5000, **options: Any) -> dict[str, Any]:
            return from_a_newer_server(served(since, limit, **options))

        client.pull = pull  # type: ignore[method-assign]
        report = sync(reader.store, client)

    assert names_held(reader, good) == sorted(good)  # the rest of the page landed
    assert names_held(reader, [bad_value_id, bad_time_id]) == []
    skipped = [w for w in report.warnings if "已跳过" in w]
    assert skipped, report.warnings
    assert any("drones" in w for w in skipped)
    assert any(bad_value_id in w for w in skipped) and any(bad_time_id in w for w in skipped)
    with reader.store.session() as session:
        cursor = int(get_setting(session, keys.CURSOR, "0") or 0)
    assert cursor > 0
    assert reader.sync().warnings == []  # the cursor moved past them: not pulled again
