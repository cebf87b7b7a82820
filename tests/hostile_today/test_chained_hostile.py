"""Hostile edit sequences for chained pushes (a row's later ops in the same batch as its earlier
one, app.sync.batching; settled once from the newest answer, app.sync.apply). Each sequence is
valid locally; the outcome asserted is the correct one: nothing refused, lost, duplicated or
diverging, the outbox empty after a sync that reports success. Against a real server (SQLite and
PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app import compounds, recycle
from app.sync.batching import plan_batch
from app.sync.conflicts import open_conflicts
from db.models import Compound, PartyMember, Unit
from tests.sync.conftest import (
    Device,
    edit_row,
    new_compound,
    open_reasons,
    outbox_size,
)

MakeDevice = Callable[[str], Device]








def _compounds(device: Device, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    with device.store.session() as session:
        rows = session.execute(select(Compound.id, Compound.name, Compound.note,
                                      Compound.liaison_member_id, Compound.deleted_at,
                                      Compound.server_version)
                               .where(Compound.id.in_(ids))).all()
    return {r.id: (r.name, r.note, r.liaison_member_id, r.deleted_at is not None,
                   r.server_version) for r in rows}


def _same_on_both(device: Device, make_device: MakeDevice, ids: list[str]
                  ) -> dict[str, tuple[Any, ...]]:
    mine = _compounds(device, ids)
    theirs = _compounds(make_device("cw2"), ids)
    assert mine == theirs
    with device.store.session() as session:
        dirty = session.scalars(select(Compound.id).where(Compound.id.in_(ids),
                                                          Compound.dirty.is_(True))).all()
    assert dirty == []
    return mine


def _clean_sync(device: Device, **options: object) -> None:
    report = device.sync(**options)
    assert (report.refused, report.conflicts) == (0, 0), open_reasons(device)
    assert outbox_size(device) == 0
    assert open_conflicts(device.store) == []


def _one_batch(device: Device) -> list[Any]:
    with device.store.session() as session:
        return plan_batch(session, 1000)


# ----- live-unique names over a row's chained ops --------------------------------------------

def test_a_new_row_renamed_then_its_name_taken_by_another_new_row(make_device: MakeDevice) -> None:
    """Insert A "X", rename A to "Y", insert B "X" — in one push. The server's fast path writes
    new rows first (A "X" and B "X" together): it must fall back and apply them in order."""
    device = make_device("cw")
    name = f"链名-{uuid.uuid4().hex[:8]}"
    a = new_compound(device, name)
    edit_row(device, Compound, a, name=f"{name}-改")
    b = new_compound(device, name)
    edit_row(device, Compound, b, note="新的一个")
    ops = [(op.row_id, op.op) for op in _one_batch(device) if op.table_name == "compounds"]
    assert ops == [(a, "insert"), (a, "update"), (b, "insert"), (b, "update")]

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a, b])
    assert rows[a][0] == f"{name}-改" and rows[b][:2] == (name, "新的一个")


def test_a_new_row_deleted_then_its_name_taken_by_another_new_row(make_device: MakeDevice) -> None:
    device = make_device("cw")
    name = f"链删-{uuid.uuid4().hex[:8]}"
    a = new_compound(device, name)
    edit_row(device, Compound, a, note="建错了")
    with device.store.transaction() as session:
        compounds.delete(session, a)
    b = new_compound(device, name)

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a, b])
    assert rows[a][3] is True and rows[b][3] is False and rows[b][0] == name


def test_two_synced_rows_swap_names_step_by_step(make_device: MakeDevice) -> None:
    """A "X", B "Y" on the server; A → "T", B → "X", A → "Y", then notes on both: updates only,
    each free at its turn."""
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    a = new_compound(device, f"甲-{tag}")
    b = new_compound(device, f"乙-{tag}")
    _clean_sync(device)
    edit_row(device, Compound, a, name=f"临时-{tag}")
    edit_row(device, Compound, b, name=f"甲-{tag}")
    edit_row(device, Compound, a, name=f"乙-{tag}")
    edit_row(device, Compound, a, note="换名后")
    edit_row(device, Compound, b, note="换名后")

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a, b])
    assert (rows[a][0], rows[b][0]) == (f"乙-{tag}", f"甲-{tag}")


def test_a_synced_row_renamed_then_a_new_row_takes_the_name_and_is_renamed_back(
        make_device: MakeDevice) -> None:
    """A "X" synced; A → "Y"; new B "X"; B → "Z"; A → "X" again; all in one push."""
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    a = new_compound(device, f"X-{tag}")
    _clean_sync(device)
    edit_row(device, Compound, a, name=f"Y-{tag}")
    b = new_compound(device, f"X-{tag}")
    edit_row(device, Compound, b, name=f"Z-{tag}")
    edit_row(device, Compound, a, name=f"X-{tag}")

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a, b])
    assert (rows[a][0], rows[b][0]) == (f"X-{tag}", f"Z-{tag}")


def test_units_renumbered_in_a_ring_with_a_new_unit(make_device: MakeDevice) -> None:
    """units(compound, building, room) live-unique: 101 → 199, 102 → 101, new unit 102,
    199 → 103, then an area fix on the first — one push."""
    device = make_device("cw")
    compound_id = new_compound(device, f"环号-{uuid.uuid4().hex[:8]}")
    with device.store.transaction() as session:
        first = Unit(compound_id=compound_id, building="1", room="101", area_m2=Decimal("80"))
        second = Unit(compound_id=compound_id, building="1", room="102", area_m2=Decimal("90"))
        session.add_all([first, second])
        session.flush()
        ids = [first.id, second.id]
    _clean_sync(device)
    edit_row(device, Unit, ids[0], room="199")
    edit_row(device, Unit, ids[1], room="101")
    with device.store.transaction() as session:
        added = Unit(compound_id=compound_id, building="1", room="102", area_m2=Decimal("70"))
        session.add(added)
        session.flush()
        ids.append(added.id)
    edit_row(device, Unit, ids[0], room="103")
    edit_row(device, Unit, ids[0], area_m2=Decimal("81"))
    edit_row(device, Unit, ids[2], owner_name="新业主")

    _clean_sync(device)

    def rooms(d: Device) -> dict[str, tuple[Any, ...]]:
        with d.store.session() as session:
            return {u.id: (u.room, u.area_m2, u.owner_name, u.server_version) for u in
                    session.scalars(select(Unit).where(Unit.id.in_(ids)))}

    mine = rooms(device)
    assert mine == rooms(make_device("cw2"))
    assert [mine[i][0] for i in ids] == ["103", "101", "102"]


# ----- delete / restore / edit chains ---------------------------------------------------------

def test_delete_restore_edit_of_a_synced_row_in_one_push(make_device: MakeDevice) -> None:
    device = make_device("cw")
    name = f"删复改-{uuid.uuid4().hex[:8]}"
    a = new_compound(device, name)
    _clean_sync(device)
    with device.store.transaction() as session:
        compounds.delete(session, a)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", a)
    edit_row(device, Compound, a, note="恢复后补记")
    assert [op.op for op in _one_batch(device) if op.row_id == a] == ["delete", "undelete", "update"]

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][:4] == (name, "恢复后补记", None, False)


def test_edit_delete_restore_delete_again(make_device: MakeDevice) -> None:
    device = make_device("cw")
    a = new_compound(device, f"反复删-{uuid.uuid4().hex[:8]}")
    _clean_sync(device)
    edit_row(device, Compound, a, note="一")
    with device.store.transaction() as session:
        compounds.delete(session, a)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", a)
    edit_row(device, Compound, a, note="二")
    with device.store.transaction() as session:
        compounds.delete(session, a)

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][1] == "二" and rows[a][3] is True


def test_insert_update_delete_of_a_new_row_in_one_push(make_device: MakeDevice) -> None:
    device = make_device("cw")
    name = f"增改删-{uuid.uuid4().hex[:8]}"
    a = new_compound(device, name)
    edit_row(device, Compound, a, note="改一下")
    with device.store.transaction() as session:
        compounds.delete(session, a)
    again = new_compound(device, name)  # the name is free again
    assert [op.op for op in _one_batch(device) if op.row_id == a] == ["insert", "update", "delete"]

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a, again])
    assert rows[a][1:4] == ("改一下", None, True) and rows[again][3] is False


def test_insert_delete_restore_of_a_new_row_in_one_push(make_device: MakeDevice) -> None:
    device = make_device("cw")
    a = new_compound(device, f"增删复-{uuid.uuid4().hex[:8]}")
    with device.store.transaction() as session:
        compounds.delete(session, a)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", a)
    edit_row(device, Compound, a, note="回来了")

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][1] == "回来了" and rows[a][3] is False


# ----- an update naming a row of a later table inserted earlier in the batch ------------------

def test_a_synced_compound_names_a_liaison_member_inserted_in_the_same_push(
        make_device: MakeDevice) -> None:
    device = make_device("cw")
    a = new_compound(device, f"联络-{uuid.uuid4().hex[:8]}")
    _clean_sync(device)
    edit_row(device, Compound, a, note="先改备注")
    with device.store.transaction() as session:
        member = PartyMember(name="联络员 甲", compound_id=a)
        session.add(member)
        session.flush()
        member_id = member.id
    edit_row(device, Compound, a, liaison_member_id=member_id)
    edit_row(device, PartyMember, member_id, name="联络员 甲（改）")
    edit_row(device, Compound, a, note="再改备注")
    batch = _one_batch(device)
    assert [op.op for op in batch if op.row_id == a] == ["update", "update", "update"]

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][1:3] == ("再改备注", member_id)
    with make_device("cw2").store.session() as session:
        remote = session.get(PartyMember, member_id)
        assert remote is not None and remote.name == "联络员 甲（改）"


def test_a_new_compound_and_its_liaison_swapped_for_a_second_new_member(
        make_device: MakeDevice) -> None:
    """New compound, member 1 as liaison, member 2, liaison switched to 2, member 1 deleted."""
    device = make_device("cw")
    a = new_compound(device, f"换联络-{uuid.uuid4().hex[:8]}")
    ids = []
    for n in range(2):
        with device.store.transaction() as session:
            member = PartyMember(name=f"联络员{n}", compound_id=a)
            session.add(member)
            session.flush()
            ids.append(member.id)
        edit_row(device, Compound, a, liaison_member_id=ids[-1])
    with device.store.transaction() as session:
        member = session.get(PartyMember, ids[0])
        assert member is not None
        session.delete(member)

    _clean_sync(device)
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][2] == ids[1]
    with make_device("cw2").store.session() as session:
        gone = session.get(PartyMember, ids[0])
        assert gone is None or gone.deleted_at is not None


# ----- another device's edits meanwhile -------------------------------------------------------

def _colleague_edits(make_device: MakeDevice, row_id: str, **values: object) -> None:
    other = make_device("cw2")
    edit_row(other, Compound, row_id, **values)
    assert other.sync().refused == 0


def test_a_colleagues_note_then_my_note_and_name_edits(make_device: MakeDevice) -> None:
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    a = new_compound(device, f"冲突-{tag}", note="原")
    _clean_sync(device)
    _colleague_edits(make_device, a, note="同事的备注")
    edit_row(device, Compound, a, note="我的备注")
    edit_row(device, Compound, a, name=f"冲突-{tag}-我改名")

    report = device.sync()
    assert report.refused == 0 and outbox_size(device) == 0
    conflicts = open_conflicts(device.store)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("note", "我的备注", "同事的备注")]
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][:2] == (f"冲突-{tag}-我改名", "同事的备注")


def test_a_colleagues_note_then_my_name_and_note_edits(make_device: MakeDevice) -> None:
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    a = new_compound(device, f"冲突反-{tag}", note="原")
    _clean_sync(device)
    _colleague_edits(make_device, a, note="同事的备注")
    edit_row(device, Compound, a, name=f"冲突反-{tag}-我改名")
    edit_row(device, Compound, a, note="我的备注")

    report = device.sync()
    assert report.refused == 0 and outbox_size(device) == 0
    conflicts = open_conflicts(device.store)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("note", "我的备注", "同事的备注")]
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][:2] == (f"冲突反-{tag}-我改名", "同事的备注")


def test_a_colleagues_note_then_my_note_edited_twice(make_device: MakeDevice) -> None:
    """I edit the note twice over a colleague's change: one conflict, whose "mine" is my latest
    value (the value I typed first is gone locally; a conflict offering it to be kept would
    bring back an overwritten value). This is what one op per batch gave (apply's
    _absorb_later_edits)."""
    device = make_device("cw")
    a = new_compound(device, f"两改-{uuid.uuid4().hex[:8]}", note="原")
    _clean_sync(device)
    _colleague_edits(make_device, a, note="同事的备注")
    edit_row(device, Compound, a, note="我的第一稿")
    edit_row(device, Compound, a, note="我的定稿")

    report = device.sync()
    assert report.refused == 0 and outbox_size(device) == 0
    conflicts = open_conflicts(device.store)
    assert [(c.field, c.mine, c.theirs) for c in conflicts] == [("note", "我的定稿", "同事的备注")]
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][1] == "同事的备注"


def test_a_colleagues_delete_then_my_two_edits(make_device: MakeDevice) -> None:
    """The colleague deletes; I edit the note then the name: the tombstone stands, my edits are
    kept as a conflict, nothing left in the outbox, laptop and server agree."""
    device = make_device("cw")
    a = new_compound(device, f"被删-{uuid.uuid4().hex[:8]}")
    _clean_sync(device)
    other = make_device("cw2")
    with other.store.transaction() as session:
        compounds.delete(session, a)
    assert other.sync().refused == 0
    edit_row(device, Compound, a, note="不知道被删了")
    edit_row(device, Compound, a, name=f"被删改名-{uuid.uuid4().hex[:8]}")

    report = device.sync()
    assert report.refused == 0 and outbox_size(device) == 0
    assert {c.kind for c in open_conflicts(device.store)} == {"deleted_there"}
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][3] is True


def test_a_colleagues_note_then_my_delete_and_restore(make_device: MakeDevice) -> None:
    """The colleague edits the note; I delete then restore (changed my mind): the row stays,
    with the colleague's note, and no op of mine is refused."""
    device = make_device("cw")
    a = new_compound(device, f"删又复-{uuid.uuid4().hex[:8]}", note="原")
    _clean_sync(device)
    _colleague_edits(make_device, a, note="同事的备注")
    with device.store.transaction() as session:
        compounds.delete(session, a)
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", a)

    report = device.sync()
    assert report.refused == 0, open_reasons(device)
    assert outbox_size(device) == 0
    rows = _same_on_both(device, make_device, [a])
    assert rows[a][1] == "同事的备注" and rows[a][3] is False


# ----- tiny batches: a row's ops straddle batches ---------------------------------------------

@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_chains_straddling_tiny_batches_converge(make_device: MakeDevice, size: int) -> None:
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    ids = [new_compound(device, f"跨批{n}-{tag}") for n in range(3)]
    for step in range(3):
        for n, row_id in enumerate(ids):
            edit_row(device, Compound, row_id, note=f"{n}-{step}")
    edit_row(device, Compound, ids[0], name=f"跨批0-{tag}-改")
    extra = new_compound(device, f"跨批0-{tag}")
    with device.store.transaction() as session:
        compounds.delete(session, ids[1])
    with device.store.transaction() as session:
        recycle.restore(session, "compounds", ids[1])
    _clean_sync(device, batch_size=size)
    rows = _same_on_both(device, make_device, [*ids, extra])
    assert [rows[i][1] for i in ids] == ["0-2", "1-2", "2-2"]
    assert rows[ids[1]][3] is False and rows[extra][0] == f"跨批0-{tag}"
