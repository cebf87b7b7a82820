"""Change tracking writes exactly the changed fields to the outbox; deletes become tombstones."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, CheckpointApproval, OutboxEntry, Street, Unit
from db.store import Store
from db.tracking import AppendOnlyError


def outbox(store: Store) -> list[OutboxEntry]:
    with store.session() as session:
        return list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))


def data_ops(store: Store) -> list[tuple[str, str, dict[str, object]]]:
    return [
        (e.table_name, e.op, json.loads(e.fields_json))
        for e in outbox(store)
        if e.table_name != "audit_entries"
    ]


def add_street(store: Store, name: str = "坂田") -> str:
    with store.transaction() as session:
        street = Street(name=name)
        session.add(street)
        session.flush()
        return street.id


def test_insert_records_all_content_fields_and_marks_dirty(store: Store) -> None:
    street_id = add_street(store)
    assert data_ops(store) == [("streets", "insert", {"name": "坂田", "district": "龙岗区"})]
    with store.session() as session:
        street = session.get(Street, street_id)
        assert street is not None and street.dirty and street.updated_by == "tester"


def test_update_records_only_changed_fields_with_base_version(store: Store) -> None:
    street_id = add_street(store)
    with store.transaction() as session:
        street = session.get(Street, street_id)
        assert street is not None
        street.server_version = 0
        street.name = "坂田街道"
        street.district = "龙岗区"  # same value: not a change
    ops = data_ops(store)
    assert ops[-1] == ("streets", "update", {"name": "坂田街道"})
    assert len(ops) == 2


def test_no_change_writes_nothing(store: Store) -> None:
    street_id = add_street(store)
    before = len(outbox(store))
    with store.transaction() as session:
        street = session.get(Street, street_id)
        assert street is not None
        street.name = street.name
    assert len(outbox(store)) == before


def test_delete_becomes_tombstone(store: Store) -> None:
    street_id = add_street(store)
    with store.transaction() as session:
        session.delete(session.get(Street, street_id))
    with store.session() as session:
        street = session.get(Street, street_id)
        assert street is not None, "a replicated row is never hard-deleted"
        assert street.deleted_at is not None and street.deleted_by == "tester"
    table, op, fields = data_ops(store)[-1]
    assert (table, op) == ("streets", "delete")
    assert fields["deleted_by"] == "tester"


def test_outbox_written_in_the_same_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Street(name="布吉"))
        session.flush()
        raise RuntimeError("crash before commit")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Street)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0


def test_every_change_has_an_audit_entry(store: Store) -> None:
    street_id = add_street(store)
    with store.transaction() as session:
        street = session.get(Street, street_id)
        assert street is not None
        street.name = "南湾"
    with store.session() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.at)))
    assert [(e.action, e.row_id) for e in entries] == [("insert", street_id), ("update", street_id)]
    assert json.loads(entries[1].summary) == {"name": {"from": "坂田", "to": "南湾"}}


def make_compound(store: Store) -> str:
    from db.models import Community, Compound

    with store.transaction() as session:
        street = Street(name="平湖")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="甲社区")
        session.add(community)
        session.flush()
        compound = Compound(community_id=community.id, name="甲花园")
        session.add(compound)
        session.flush()
        return compound.id


def test_signed_sign_offs_are_append_only(store: Store) -> None:
    from datetime import UTC, datetime

    from db.models import Election

    compound_id = make_compound(store)
    with store.transaction() as session:
        election = Election(compound_id=compound_id)
        session.add(election)
        session.flush()
        approval = CheckpointApproval(
            election_id=election.id, checkpoint="timing", decision="approved", signer="a",
            signed_at=datetime.now(UTC), content_hash="0" * 64, payload="{}", signature="x",
            key_id="k",
        )
        session.add(approval)
    with pytest.raises(AppendOnlyError), store.transaction() as session:
        row = session.get(CheckpointApproval, approval.id)
        assert row is not None
        row.comment = "changed afterwards"
    with pytest.raises(AppendOnlyError), store.transaction() as session:
        session.delete(session.get(CheckpointApproval, approval.id))


def test_decimal_area_round_trips_exactly(store: Store) -> None:
    compound_id = make_compound(store)
    with store.transaction() as session:
        unit = Unit(compound_id=compound_id, building="1栋", room="101", area_m2=Decimal("89.005"))
        session.add(unit)
    with store.session() as session:
        assert session.get(Unit, unit.id).area_m2 == Decimal("89.005")  # type: ignore[union-attr]
    unit_fields = next(f for t, _, f in data_ops(store) if t == "units")
    assert unit_fields["area_m2"] == "89.005"


def test_a_tombstone_does_not_block_a_new_row_with_the_same_natural_key(store: Store) -> None:
    compound_id = make_compound(store)
    with store.transaction() as session:
        unit = Unit(compound_id=compound_id, building="1栋", room="101", area_m2=Decimal("80"))
        session.add(unit)
    with store.transaction() as session:
        session.delete(session.get(Unit, unit.id))
    with store.transaction() as session:
        session.add(Unit(compound_id=compound_id, building="1栋", room="101", area_m2=Decimal("81")))
    with store.session() as session:
        rows = session.scalars(select(Unit).order_by(Unit.area_m2)).all()
        assert [(r.area_m2, r.deleted_at is None) for r in rows] == [
            (Decimal("80"), False), (Decimal("81"), True)]
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(Unit(compound_id=compound_id, building="1栋", room="101", area_m2=Decimal("9")))
