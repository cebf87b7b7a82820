"""Batches sent to the server and not yet settled, kept in the store until they are.

The server answers an op id it has taken with its first answer, but only when the op comes back
with the same payload (else it refuses it as `op_id_reused`). A batch carries a row's later ops
beside its earlier one (app.sync.batching), and settling a batch rewrites the row's entries that
were left out of it (their bases: app.sync.apply). If a batch's answer is lost, the next sync
could cut the outbox elsewhere (another batch size; a split insert settled meanwhile) and send an
op that went out in the lost batch with a rewritten base. So a batch is written here before it is
sent and removed in the transaction that settles its answer, and the next push first sends every
batch still here exactly as it went.
"""

from __future__ import annotations

import json
import time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app import logs
from app.sync.batching import PushedOp
from db.among import among
from db.models import OutboxEntry, Setting
from db.store import Store

PREFIX = "sync.unanswered."
_CHUNK = 900


def remember(store: Store, batch: list[PushedOp]) -> str:
    """Keep `batch` as it is about to be sent; the key names it for `forget`. Keys sort in the
    order the batches were planned (the order they are sent in)."""
    with store.transaction() as session:
        return remember_in(session, batch)


def remember_in(session: Session, batch: list[PushedOp]) -> str:
    """`remember` in the caller's transaction, which must commit before the batch is sent."""
    key = f"{PREFIX}{time.time_ns():020d}"
    text = json.dumps([[op.seq, op.op_id, op.table_name, op.row_id, op.op, op.base_version,
                        op.fields, op.held, op.amended] for op in batch],
                      ensure_ascii=False, separators=(",", ":"))  # dataclasses.asdict: 10× slower
    session.add(Setting(key=key, value=text))
    return key


def forget(session: Session, key: str) -> None:
    """The batch's answer is settled (in this transaction): nothing to send again."""
    session.execute(delete(Setting).where(Setting.key == key))


def _decoded(text: str) -> list[PushedOp]:
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("not a list")
    ops: list[PushedOp] = []
    for item in items:
        if not isinstance(item, list) or len(item) != 9:
            raise ValueError("not an op")
        seq, op_id, table_name, row_id, op, base_version, fields, held, amended = item
        if not (isinstance(fields, dict) and isinstance(held, dict) and isinstance(seq, int)
                and isinstance(base_version, int)):
            raise ValueError("not an op")
        ops.append(PushedOp(seq, str(op_id), str(table_name), str(row_id), str(op), base_version,
                            fields, held, bool(amended)))
    return ops


def _still_queued(session: Session, ops: list[PushedOp]) -> set[str]:
    ids = [op.op_id for op in ops]
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        found.update(session.scalars(select(OutboxEntry.op_id).where(
            among(OutboxEntry.op_id, ids[start : start + _CHUNK]))))
    return found


def outstanding(store: Store) -> list[tuple[str, list[PushedOp]]]:
    """The batches sent and not settled, oldest first, each less the ops whose outbox entry is
    gone meanwhile (a change discarded, a conflict resolved). A batch that cannot be read back
    is dropped: its entries are still in the outbox and go out with the next batches."""
    found: list[tuple[str, list[PushedOp]]] = []
    with store.session() as session:
        rows = session.execute(select(Setting.key, Setting.value)
                               .where(Setting.key.startswith(PREFIX)).order_by(Setting.key)).all()
        for key, text in rows:
            try:
                ops = _decoded(text)
            except (ValueError, TypeError) as exc:
                logs.get("app.sync").warning("an unanswered batch could not be read: %s", exc)
                ops = []
            queued = _still_queued(session, ops)
            found.append((key, [op for op in ops if op.op_id in queued]))
    return found

