"""A row's later ops go in the same push as its first (app.sync.batching): the server applies a
push's ops in order and takes a device's later op of a row without conflict with its own earlier
one; settling writes the row once, from its last answer (app.sync.apply). Against a real server."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select

from app.elections.stages import stages_for
from app.sync.batching import plan_batch
from app.sync.conflicts import open_conflicts
from db.models import Compound, Election, OutboxEntry
from tests.sync.conftest import Device, edit_row, new_compound, outbox_size
from tests.sync.test_signoffs import election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]






def _row(device: Device, model: type, row_id: str) -> dict[str, object]:
    with device.store.session() as session:
        row = session.get(model, row_id)
        assert row is not None
        return {"name": getattr(row, "name", None), "note": row.note, "stage": getattr(row, "stage", None),
                "version": row.server_version, "dirty": row.dirty}


def test_a_rows_step_by_step_edits_go_in_one_push_and_settle_to_its_last_state(
        make_device: MakeDevice) -> None:
    device = make_device("cw")
    tag = uuid.uuid4().hex[:8]
    first = new_compound(device, f"逐步-{tag}")
    other = new_compound(device, f"旁边-{tag}")
    edit_row(device, Compound, first, note="第一次")
    edit_row(device, Compound, other, note="旁边的")
    edit_row(device, Compound, first, name=f"逐步-{tag}-改名", note="第二次")
    with device.store.session() as session:
        outbox = session.execute(select(OutboxEntry.seq, OutboxEntry.row_id)
                                 .order_by(OutboxEntry.seq)).all()
        batch = plan_batch(session, 1000)
    assert [op.seq for op in batch] == [seq for seq, _ in outbox]  # all of it, in order
    assert [op.op for op in batch if op.row_id == first] == ["insert", "update", "update"]

    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0)
    assert outbox_size(device) == 0
    mine = _row(device, Compound, first)
    theirs = _row(make_device("cw2"), Compound, first)
    assert mine["name"] == theirs["name"] == f"逐步-{tag}-改名"
    assert mine["note"] == theirs["note"] == "第二次"
    assert mine["version"] == theirs["version"] and mine["dirty"] is False


def test_a_refused_op_then_an_applied_one_of_the_same_row_keep_the_later_change(
        make_device: MakeDevice) -> None:
    """The first op (a move past a checkpoint nobody signed) is refused with the server's row,
    the second (a note) applied: the row settles to the second answer's row, so the note stays
    and the stage goes back — not to the first answer's row, which predates the note."""
    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)
    assert device.sync().refused == 0
    stages = stages_for("first")
    past = stages[stages.index("checkpoint_timing") + 1]
    edit_row(device, Election, election_id, stage=past)
    edit_row(device, Election, election_id, note="会上补记：业主代表到场")
    with device.store.session() as session:
        batch = plan_batch(session, 1000)
    assert [op.op for op in batch if op.row_id == election_id] == ["update", "update"]

    report = device.sync()
    assert report.refused == 1
    assert [c.row_id for c in open_conflicts(device.store)] == [election_id]
    mine = _row(device, Election, election_id)
    theirs = _row(make_device("cw2"), Election, election_id)
    assert mine["stage"] == theirs["stage"] == "checkpoint_timing"
    assert mine["note"] == theirs["note"] == "会上补记：业主代表到场"
    assert mine["version"] == theirs["version"]


def test_a_brief_answer_after_one_with_the_row_keeps_the_later_change(
        make_device: MakeDevice) -> None:
    """As above, but the later op's answer is brief (its version and stamp, no row), as a
    server replaying stored answers may send: the row settles to the refusal's row with the
    later op's fields on it (the server's state after both)."""
    from app.sync.apply import apply_push_results, remote_transaction
    from app.sync.auth import connect

    device = make_device("cw")
    election_id = election_at_timing_checkpoint(device)
    assert device.sync().refused == 0
    stages = stages_for("first")
    edit_row(device, Election, election_id, stage=stages[stages.index("checkpoint_timing") + 1])
    edit_row(device, Election, election_id, note="简答之后")
    with device.store.session() as session:
        batch = plan_batch(session, 1000)
    with connect(device.store) as client:
        results = client.push([op.wire() for op in batch])
    later = max(at for at, op in enumerate(batch) if op.row_id == election_id)
    whole = results[later]
    assert whole["status"] == "applied" and whole["row"]["fields"]["note"] == "简答之后"
    results[later] = {**whole, "row": None, "stamp": {
        "updated_at": whole["row"]["updated_at"], "updated_by": whole["row"]["updated_by"]}}
    with remote_transaction(device.store) as session:
        apply_push_results(session, batch, results)

    mine = _row(device, Election, election_id)
    theirs = _row(make_device("cw2"), Election, election_id)
    assert mine["stage"] == theirs["stage"] == "checkpoint_timing"
    assert mine["note"] == theirs["note"] == "简答之后"
    assert mine["version"] == theirs["version"]


def test_an_unreadable_record_of_an_unanswered_batch_is_dropped_and_the_push_goes_on(
        make_device: MakeDevice) -> None:
    """A record of a sent batch (app.sync.unanswered) that cannot be read back — a damaged
    value, ops of the wrong shape — is dropped; its entries are still in the outbox and go out
    with the next batches."""
    from app.sync import unanswered
    from db.models import Setting

    device = make_device("cw")
    compound = new_compound(device, f"记录损坏-{uuid.uuid4().hex[:8]}")
    edit_row(device, Compound, compound, note="损坏之后")
    with device.store.transaction() as session:
        session.add(Setting(key=f"{unanswered.PREFIX}{1:020d}", value="{not json"))
        session.add(Setting(key=f"{unanswered.PREFIX}{2:020d}", value='[["seq", "only"]]'))
    report = device.sync()
    assert (report.refused, report.conflicts) == (0, 0)
    assert outbox_size(device) == 0
    assert unanswered.outstanding(device.store) == []
    assert _row(make_device("cw2"), Compound, compound)["note"] == "损坏之后"
