"""回收站 with pytest-qt on a real store: a deleted compound comes back with one click, as an
"undelete" op in the outbox (what the server replays); what cannot come back yet says why."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, text

from app import compounds, recycle
from app.session import set_setting
from app.sync.settings import ROLE
from db.models import AuditEntry, Community, Compound, OutboxEntry, Street, Unit
from db.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def seed(store: Store) -> dict[str, str]:
    """A street, a community, two compounds with a unit each; then 万科城 and its unit and the
    whole of 碧桂园 are deleted as a caseworker would (tombstones)."""
    with store.transaction() as session:
        street = Street(name="坂田街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="五和社区")
        session.add(community)
        session.flush()
        ids = {"street": street.id, "community": community.id}
        for name in ("万科城", "碧桂园"):
            compound = Compound(community_id=community.id, name=name)
            session.add(compound)
            session.flush()
            unit = Unit(compound_id=compound.id, building="1", room="101", owner_name="王一",
                        area_m2=Decimal("88.5"))
            session.add(unit)
            session.flush()
            ids[name], ids[f"{name}-unit"] = compound.id, unit.id
    with store.transaction() as session:
        session.delete(session.get(Unit, ids["万科城-unit"]))
    with store.transaction() as session:
        compounds.delete(session, ids["万科城"])
    return ids


def outbox(store: Store, row_id: str) -> list[tuple[str, dict[str, object]]]:
    with store.session() as session:
        return [(e.op, json.loads(e.fields_json)) for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.row_id == row_id).order_by(OutboxEntry.seq))]


def open_bin(store: Store, qtbot):  # type: ignore[no-untyped-def]
    from ui.context import UiContext, make_settings
    from ui.recycle_bin import RecycleBinDialog

    ctx = UiContext(store=store, data_dir=store.path.parent, settings=make_settings())
    dialog = RecycleBinDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(960, 420)
    dialog.show()
    return ctx, dialog


def test_restore_a_compound_in_the_recycle_bin(store: Store, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    ids = seed(store)
    ctx, dialog = open_bin(store, qtbot)
    qtmodeltester.check(dialog.model)
    listed = {(r.table, r.name): r for r in dialog.model.records}
    assert set(listed) == {("compounds", "万科城"), ("units", "1-101 王一")}
    assert listed[("compounds", "万科城")].place == "五和社区"
    assert listed[("compounds", "万科城")].deleted_by == "tester"

    # the unit's compound is deleted too: it says so and cannot be restored first
    assert dialog.select_row("units", ids["万科城-unit"])
    assert not dialog.restore_button.isEnabled()
    assert "所属的小区“万科城”也已删除" in dialog.reason.text()

    assert dialog.select_row("compounds", ids["万科城"])
    assert dialog.restore_button.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    assert dialog.grab().toImage().save(str(SHOTS / "recycle_bin.png"))
    with qtbot.waitSignal(ctx.bus.data_changed) as changed:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["compounds"]
    assert "已恢复小区“万科城”" in dialog.status.text()

    with store.session() as session:
        compound = session.get(Compound, ids["万科城"])
        assert compound is not None and compound.deleted_at is None and compound.deleted_by is None
        assert compound.dirty
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.row_id == ids["万科城"]).order_by(AuditEntry.at)).all()
    assert actions[-1] == "undelete"
    assert outbox(store, ids["万科城"])[-1] == ("undelete", {})
    assert [r.table for r in dialog.model.records] == ["units"]  # the compound left the bin

    # now the unit may come back too
    assert dialog.select_row("units", ids["万科城-unit"])
    assert dialog.restore_button.isEnabled()
    assert dialog.restore_selected()
    assert outbox(store, ids["万科城-unit"])[-1] == ("undelete", {})
    assert dialog.model.rowCount() == 0 and "回收站是空的" in dialog.reason.text()
    grab_path = SHOTS / "recycle_bin_empty.png"
    assert dialog.grab().toImage().save(str(grab_path))


def test_what_cannot_come_back_says_why(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = seed(store)
    with store.transaction() as session:  # a new 万科城 in the same community since
        session.add(Compound(community_id=ids["community"], name="万科城"))
    with store.transaction() as session:  # and a caseworker logged in to a server
        set_setting(session, ROLE, "caseworker")
        session.delete(session.get(Street, ids["street"]))
    _ctx, dialog = open_bin(store, qtbot)
    assert dialog.select_row("compounds", ids["万科城"])
    assert not dialog.restore_button.isEnabled()
    assert "已有一个相同的小区" in dialog.reason.text()
    assert dialog.select_row("streets", ids["street"])
    assert "由区级主管恢复" in dialog.reason.text()
    with pytest.raises(recycle.RestoreRefused), store.transaction() as session:
        recycle.restore(session, "streets", ids["street"])
    assert outbox(store, ids["street"])[-1][0] == "delete"  # nothing written by the refusal
    assert outbox(store, ids["万科城"])[-1][0] == "delete"


def test_clearing_deleted_at_writes_an_undelete_op(store: Store) -> None:
    """Tracking, whichever code clears the tombstone: one op, no fields, before any edit."""
    ids = seed(store)
    with store.transaction() as session:
        compound = session.get(Compound, ids["万科城"])
        compound.deleted_at = None
        compound.address = "坂田路1号"
    assert [op for op, _ in outbox(store, ids["万科城"])][-3:] == ["delete", "undelete", "update"]
    with store.session() as session:
        assert session.get(Compound, ids["万科城"]).deleted_by is None


def test_an_unreadable_deleted_row_does_not_close_the_bin(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    ids = seed(store)
    with store.transaction() as session:  # as a damaged or hand-edited store could hold it
        session.execute(text("PRAGMA ignore_check_constraints=1"))
        session.execute(text("UPDATE units SET deleted_at = 'not a time' WHERE id = :id"),
                        {"id": ids["万科城-unit"]})
        session.execute(text("PRAGMA ignore_check_constraints=0"))
    _ctx, dialog = open_bin(store, qtbot)
    assert [(r.table, r.name) for r in dialog.model.records] == [("compounds", "万科城")]
    assert dialog.restore_selected()
