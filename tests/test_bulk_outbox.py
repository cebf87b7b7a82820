"""A large import keeps its insert ops as one bulk outbox entry (db.tracking: the rows' ids) instead
of one entry per row; before a sync it becomes the per-row insert ops again, in their place, each
holding the row's fields: every later edit of an imported row still comes after its insert. The
store check and the status bar count the rows it stands for."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.integrity import check_store
from app.sync.engine import expand_bulk_entries
from app.sync.errors import SyncError
from app.sync.status import local_state
from db.codec import content_columns, encode
from db.models import (
    AuditEntry,
    Community,
    Compound,
    OutboxEntry,
    PropertyCompany,
    Street,
    Unit,
)
from db.store import Store
from db.tracking import BULK_MIN_ROWS, BULK_OP, bulk_insert

ROWS = BULK_MIN_ROWS + 200


def _compound(store: Store) -> str:
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="五和社区")
        session.add_all([community, PropertyCompany(name="万厦物业")])
        session.flush()
        compound = Compound(community_id=community.id, name="第五园", address="坂雪岗大道1号",
                            households=ROWS, building_area_m2=Decimal("152000.50"))
        session.add(compound)
        session.flush()
        return compound.id


def _import(store: Store, compound_id: str, count: int = ROWS) -> list[str]:
    rows = [{"compound_id": compound_id, "building": f"{n // 100 + 1}栋", "room": f"{n % 100 + 1:03d}",
             "owner_name": "张\"伟\\" if n == 7 else f"业主{n}", "owner_key": f"k{n:020d}",
             "area_m2": Decimal("89.37") + n, "developer_unsold": n % 2 == 0,
             "phone": "" if n % 3 else "13800000001"} for n in range(count)]
    with store.transaction() as session:
        bulk_insert(session, Unit, rows)
    with store.session() as session:
        return list(session.scalars(select(Unit.id).order_by(Unit.id)))


def _outbox(store: Store) -> list[OutboxEntry]:
    with store.session() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def test_a_large_import_is_one_entry_that_expands_to_the_per_row_ops(store: Store) -> None:
    compound_id = _compound(store)
    before = len(_outbox(store))
    unit_ids = _import(store, compound_id)
    entries = _outbox(store)[before:]
    assert [e.op for e in entries] == [BULK_OP, "insert"]  # the rows' entry, then the audit's
    assert entries[1].table_name == AuditEntry.__tablename__
    assert local_state(store).pending_rows >= ROWS
    assert check_store(store.engine).findings == []  # no "changed rows without an outbox entry"

    assert expand_bulk_entries(store) == ROWS
    expanded = _outbox(store)[before:]
    inserts, audit = expanded[:-1], expanded[-1]
    assert audit.table_name == AuditEntry.__tablename__ and len(inserts) == ROWS
    assert [e.seq for e in inserts] == list(range(inserts[0].seq, inserts[0].seq + ROWS))
    assert all(e.op == "insert" and e.table_name == "units" and e.base_version == 0
               for e in inserts)
    assert sorted(e.row_id for e in inserts) == unit_ids
    assert len({e.op_id for e in inserts}) == ROWS
    with store.session() as session:  # each op holds the row as an ORM insert would record it
        for entry in inserts[:10] + inserts[-3:]:
            unit = session.get(Unit, entry.row_id)
            assert unit is not None
            assert json.loads(entry.fields_json) == {
                c.name: encode(getattr(unit, c.name)) for c in content_columns(Unit)}
    assert expand_bulk_entries(store) == 0  # nothing left to expand
    assert check_store(store.engine).findings == []


def test_an_edit_after_the_import_still_follows_the_insert(store: Store) -> None:
    compound_id = _compound(store)
    unit_ids = _import(store, compound_id)
    with store.transaction() as session:
        unit = session.get(Unit, unit_ids[-1])
        assert unit is not None
        unit.owner_name = "王芳"
    expand_bulk_entries(store)
    ops = [(e.op, json.loads(e.fields_json)) for e in _outbox(store) if e.row_id == unit_ids[-1]]
    assert [op for op, _ in ops] == ["insert", "update"]
    # the insert holds the row as the sync finds it; the edit's own op still follows it
    assert ops[0][1]["owner_name"] == "王芳" and ops[1][1] == {"owner_name": "王芳"}


def test_a_small_import_keeps_one_entry_per_row(store: Store) -> None:
    compound_id = _compound(store)
    before = len(_outbox(store))
    _import(store, compound_id, count=BULK_MIN_ROWS - 1)
    assert [e.op for e in _outbox(store)[before:]].count("insert") == BULK_MIN_ROWS  # + audit


@pytest.mark.parametrize("damage", ["count", "text"])
def test_a_damaged_bulk_entry_stops_the_sync_and_changes_nothing(store: Store,
                                                                  damage: str) -> None:
    compound_id = _compound(store)
    _import(store, compound_id)
    with store.transaction() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.op == BULK_OP)).one()
        if damage == "count":
            entry.base_version += 1
        else:
            entry.fields_json = entry.fields_json[: len(entry.fields_json) // 2]
    before = [(e.seq, e.op, e.fields_json) for e in _outbox(store)]
    with pytest.raises(SyncError, match="读不懂"):
        expand_bulk_entries(store)
    assert [(e.seq, e.op, e.fields_json) for e in _outbox(store)] == before
    assert check_store(store.engine).findings  # the store check names it too
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == ROWS
