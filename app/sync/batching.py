"""Which outbox entries go in the next push, and in what shape: parents before children.

The outbox is in local order (`seq`), which is the order the rows were made in — except in a
store restored from a backup, where it is table order, and table order has one reference
pointing forward: a compound names its liaison party member, and the member names its compound.
The server checks every reference when it takes an op (a reference is satisfied by a row on the
server or by an earlier op of the same push), so a batch is built here so that every op's
references are satisfied when the server reaches it:

- An op is sent in outbox order. A reference to a row whose insert is still in the outbox
  is satisfied by that insert when it comes earlier in the same batch — unless the op is an
  insert and the row's table comes later in dependency order (`REPLICATED_MODELS`): the server
  writes a batch's new rows table by table (its updates after them all), so such an insert waits
  for the next batch (the batch ends before it).
- An insert that names a row inserted only later in the outbox (a reference cycle) is sent
  without those (nullable) columns; once the server has taken it, its outbox entry becomes an
  update setting them (apply.split_insert_settled), which waits until the rows it names are on
  the server. Its op id is derived from the insert's, so a resent update is recognised by the
  server like any resent op, and the insert is always split the same way (the split depends
  only on the outbox), so a resent insert carries the same payload.
- An update naming a row inserted only later waits (with every later op of its row) until that
  row is on the server; other rows go on in order.
- A row's later ops go in the same batch as its earlier one, in outbox order: the server applies
  a push's ops one after another and takes a device's later op of a row, based on a version
  older than its own earlier change, without conflict (server.rowindex), and settling applies
  only the last answer's row (app.sync.apply). Two cases end the batch before a row's later op
  instead: the earlier op is a split insert or a staged election (its held columns are set by an
  update that must come first), or it is in the batch on its way to the server (settling that
  batch rewrites the row's unsent entries, which this one would have sent already).
- Nothing is reordered: a batch is a stretch of the outbox less the rows that wait, so names
  freed and taken again, and the rows a sign-off's content hash covers, reach the server in the
  state they had when the next op was made.

A new election starts at its kind's first stage on the server (server.gates). An election
insert past it only comes from a restored backup (the outbox records an insert as it was made):
- with sign-offs of it by the pushing user in this store, it is sent at its first stage and,
  like a split insert, its entry then becomes the update to its stage, which waits until the
  approvals it moves past are on the server — the server's gate then sees them, as it would
  have live;
- else (made before the app, or signed by colleagues, whose sign-offs only they can push) and
  pushed by a supervisor, it is sent as a `historical` record (the server takes that flag from
  supervisors only) and the server's row is taken back. A caseworker's push sends it as it is:
  the server refuses it, and the refusal says only a supervisor may push it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.among import among
from db.models import MODEL_BY_TABLE, REPLICATED_MODELS, CheckpointApproval, OutboxEntry
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES

_CHUNK = 900  # ids per IN (...) query
_TABLE_ORDER = {m.__tablename__: i for i, m in enumerate(REPLICATED_MODELS)}
_SPLIT_NAMESPACE = uuid.UUID("6f9d3c0e-2a4b-5d7e-9f10-3c1b2a4d5e6f")
# References the schema does not declare as foreign keys: (table, column) → the column naming
# the referenced table, or the referenced table itself.
_SOFT_REFERENCES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "audit_entries": (("row_id", "table_name", True),),
    "attachments": (("owner_id", "owner_table", True),),
    "checkpoint_approvals": (("revokes_id", "checkpoint_approvals", False),),
}
_SUPERVISOR_ROLES = frozenset({"supervisor", "admin"})
_STAGE_AT = {stage: at for at, stage in enumerate(ELECTION_STAGES)}


def deferred_op_id(op_id: str) -> str:
    """The op id of the update that sets what an insert was sent without (always the same one)."""
    return str(uuid.uuid5(_SPLIT_NAMESPACE, op_id))


@dataclass(frozen=True)
class PushedOp:
    """An outbox entry as it is sent. `held` are the columns a split insert goes without (set
    by a later update); `amended` says the sent fields differ from the local row in another way
    (an election sent as historical), so the server's row is taken back."""

    seq: int
    op_id: str
    table_name: str
    row_id: str
    op: str
    base_version: int
    fields: dict[str, Any]
    held: dict[str, Any] = field(default_factory=dict)
    amended: bool = False

    def wire(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id, "table": self.table_name, "row_id": self.row_id, "op": self.op,
            "base_version": self.base_version, "fields": self.fields,
        }

    @property
    def outbox_fields(self) -> dict[str, Any]:
        """The entry's own fields (what the user changed), as kept when the op is refused."""
        return {**self.fields, **self.held}


class _Reference(NamedTuple):  # a tuple: a first push makes one per reference of every row
    column: str
    table: str
    row_id: str
    splittable: bool  # a nullable foreign key of an insert can be set by a later update


@cache
def _foreign_keys(table_name: str) -> tuple[tuple[str, str, bool], ...]:
    """(column, referenced table, nullable) of every foreign key of a replicated table."""
    model = MODEL_BY_TABLE.get(table_name)
    if model is None:
        return ()
    return tuple(
        (column.name, fk.column.table.name, bool(column.nullable))
        for column in model.__table__.columns for fk in column.foreign_keys
    )


def references(table_name: str, fields: Mapping[str, Any]) -> list[_Reference]:
    """The rows an op's fields name (declared foreign keys and the schema's soft references)."""
    found = [
        _Reference(column, target, str(fields[column]), nullable)
        for column, target, nullable in _foreign_keys(table_name)
        if fields.get(column) is not None
    ]
    for column, target, dynamic in _SOFT_REFERENCES.get(table_name, ()):
        target_table = fields.get(target) if dynamic else target
        if fields.get(column) is not None and isinstance(target_table, str) and (
            target_table in MODEL_BY_TABLE
        ):
            found.append(_Reference(column, target_table, str(fields[column]), False))
    return found


@dataclass(slots=True)
class _Entry:
    seq: int
    op_id: str
    table_name: str
    row_id: str
    op: str
    base_version: int
    fields: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return (self.table_name, self.row_id)


# Driver SQL: the planner reads up to a thousand entries a batch, and SQLAlchemy's row
# objects were a third of reading them.
_READ = (f"SELECT seq, op_id, table_name, row_id, op, base_version, fields_json "
         f"FROM {OutboxEntry.__tablename__} WHERE seq > ? ORDER BY seq LIMIT ?")


_SEQS = f"SELECT seq FROM {OutboxEntry.__tablename__} ORDER BY seq LIMIT ?"


def _read(session: Session, after: int, limit: int, skip: Set[int] = frozenset()
          ) -> tuple[list[_Entry], int | None]:
    """Up to `limit` entries after seq `after`, less those in `skip` (not decoded); and the
    last seq read (None: nothing is left)."""
    rows = session.connection().exec_driver_sql(_READ, (after, limit)).fetchall()
    loads = json.loads
    entries = [_Entry(seq, op_id, table_name, row_id, op, int(base), loads(fields))
               for seq, op_id, table_name, row_id, op, base, fields in rows if seq not in skip]
    return entries, rows[-1][0] if rows else None


def _pending_inserts(session: Session, targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(table, id) → seq of its insert still in the outbox, for the targets that have one."""
    wanted = set(targets)
    ids = sorted({row_id for _, row_id in wanted})
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(OutboxEntry.table_name, OutboxEntry.row_id, OutboxEntry.seq)
            .where(among(OutboxEntry.row_id, ids[start : start + _CHUNK]), OutboxEntry.op == "insert")
        )
        for table_name, row_id, seq in session.execute(query):
            key = (table_name, row_id)
            if key in wanted:
                found[key] = min(seq, found.get(key, seq))
    return found


def _signed_by(session: Session, election_ids: Sequence[str], signer: str) -> set[str]:
    """The elections among these with a sign-off by `signer` (the server takes no one else's
    from this user)."""
    found: set[str] = set()
    for start in range(0, len(election_ids), _CHUNK):
        found.update(session.scalars(
            select(CheckpointApproval.election_id).where(
                among(CheckpointApproval.election_id, election_ids[start : start + _CHUNK]),
                CheckpointApproval.signer == signer)
        ))
    return found


def _queued_approvals(session: Session, election_ids: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
    """election id → (seq, position of the checkpoint's stage) of its approvals still queued."""
    from app.elections.stages import CHECKPOINT_STAGE

    election = func.json_extract(OutboxEntry.fields_json, "$.election_id")
    found: dict[str, list[tuple[int, int]]] = {}
    for start in range(0, len(election_ids), _CHUNK):
        query = select(OutboxEntry.seq, election, OutboxEntry.fields_json).where(
            OutboxEntry.table_name == CheckpointApproval.__tablename__,
            OutboxEntry.op == "insert", among(election, election_ids[start : start + _CHUNK]))
        for seq, election_id, fields_json in session.execute(query):
            fields = json.loads(fields_json)
            stage = CHECKPOINT_STAGE.get(str(fields.get("checkpoint")))
            if fields.get("decision") == "approved" and stage in _STAGE_AT:
                found.setdefault(str(election_id), []).append((seq, _STAGE_AT[stage]))
    return found


def _first_stage(kind: Any) -> str:
    from app.elections.stages import stages_for

    return stages_for(str(kind))[0] if kind in ELECTION_KINDS else ELECTION_STAGES[0]


@dataclass
class _Elections:
    """What a chunk of entries needs about elections and their sign-offs.

    - `staged`: new elections past their first stage with sign-offs of the pushing user here:
      sent at their first stage; the move to their stage follows as an update once the
      sign-offs are on the server (the server takes a stage past a checkpoint only with its
      approval there).
    - `historical`: the other new elections past their first stage, pushed by a supervisor:
      sent as historical records (others' sign-offs cannot be pushed by this user).
    - `approvals`: for stage updates, the approvals still queued that the move needs.
    """

    historical: set[str] = field(default_factory=set)
    staged: dict[str, str] = field(default_factory=dict)
    approvals: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, session: Session, entries: Sequence[_Entry], supervisor: bool, user: str
           ) -> _Elections:
        found = cls()
        past_first = {
            e.row_id: _first_stage(e.fields.get("kind", "first")) for e in entries
            if e.table_name == "elections" and e.op == "insert" and "stage" in e.fields
            and not e.fields.get("historical")
            and e.fields["stage"] != _first_stage(e.fields.get("kind", "first"))
        }
        signed = _signed_by(session, list(past_first), user) if past_first and user else set()
        found.staged = {i: first for i, first in past_first.items() if i in signed}
        if supervisor:
            found.historical = set(past_first) - signed
        moving = [e.row_id for e in entries if e.table_name == "elections"
                  and e.op == "update" and "stage" in e.fields]
        if moving:
            found.approvals = _queued_approvals(session, moving)
        return found

    def awaits_approval(self, entry: _Entry) -> bool:
        """A stage update waits for the queued approvals of the checkpoints it moves past, when
        those come later in the outbox (a restored election's stage: see `staged`)."""
        if entry.table_name != "elections" or entry.op != "update" or "stage" not in entry.fields:
            return False
        target = _STAGE_AT.get(str(entry.fields["stage"]), -1)
        return any(seq > entry.seq and at < target
                   for seq, at in self.approvals.get(entry.row_id, ()))


class _Planner:
    """One batch being built: what is in it, and which rows wait.

    `sent` is the batch on its way to the server (a push planned while the previous one is
    answered): it is sent first, so its inserts count as on the server and its entries are not
    planned again; the batch ends before a later op of one of its rows (settling the sent batch
    rebases that op's entry, which must not have gone out already)."""

    def __init__(self, session: Session, size: int, role: str, user: str,
                 sent: Sequence[PushedOp] = ()) -> None:
        self.session = session
        self.size = size
        self.supervisor = role in _SUPERVISOR_ROLES
        self.user = user
        self.batch: list[PushedOp] = []
        self.inserted: set[tuple[str, str]] = set()
        self.held: set[tuple[str, str]] = set()  # rows of split inserts and staged elections
        self.sent_seqs = {op.seq for op in sent}
        self.sent_rows = {(op.table_name, op.row_id) for op in sent}
        self.sent_inserts = {(op.table_name, op.row_id) for op in sent if op.op == "insert"}
        self.waiting: set[tuple[str, str]] = set()
        self.full = False

    def plan(self, chunk: int) -> list[PushedOp]:
        after: int | None = self._before_first_unsent()
        while not self.full and after is not None:
            entries, after = _read(self.session, after, chunk, self.sent_seqs)
            refs = {e.seq: references(e.table_name, e.fields) for e in entries}
            pending = _pending_inserts(
                self.session, ((r.table, r.row_id) for found in refs.values() for r in found))
            elections = _Elections.of(self.session, entries, self.supervisor, self.user)
            for entry in entries:
                self._consider(entry, refs[entry.seq], pending, elections)
                if self.full:
                    break
        return self.batch

    def _before_first_unsent(self) -> int:
        """The seq just before the first entry not in the batch on its way: the entries up to
        it are skipped without reading their fields (they lead the outbox while it is sent)."""
        if not self.sent_seqs:
            return 0
        seqs = self.session.connection().exec_driver_sql(_SEQS, (len(self.sent_seqs) + 1,))
        before = 0
        for (seq,) in seqs:
            if seq not in self.sent_seqs:
                break
            before = seq
        return before

    def _consider(self, entry: _Entry, refs: list[_Reference],
                  pending: Mapping[tuple[str, str], int], elections: _Elections) -> None:
        key = entry.key
        if key in self.waiting:
            return
        if key in self.held or key in self.sent_rows:
            self.full = True  # the row's earlier op must be settled first (see the module doc)
            return
        held: dict[str, Any] = {}
        for ref in refs:
            target = (ref.table, ref.row_id)
            insert_seq = pending.get(target)
            if insert_seq is None or target == key or target in self.sent_inserts:
                continue  # on the server already, or by then (or nowhere: the server says so)
            if target in self.inserted:
                if entry.op == "insert" and (
                        _TABLE_ORDER.get(ref.table, 0) > _TABLE_ORDER.get(entry.table_name, 0)):
                    self.full = True  # the server writes tables in order: next batch
                    return
                continue
            if insert_seq > entry.seq and entry.op == "insert" and ref.splittable:
                held[ref.column] = entry.fields[ref.column]
                continue
            self.waiting.add(key)  # named row not on the server yet, nor before it in this batch
            return
        if elections.awaits_approval(entry):
            self.waiting.add(key)
            return
        fields = {k: v for k, v in entry.fields.items() if k not in held}
        amended = False
        if entry.table_name == "elections" and entry.op == "insert":
            if entry.row_id in elections.historical:
                fields["historical"], amended = True, True
            elif entry.row_id in elections.staged:
                held["stage"], fields["stage"] = fields["stage"], elections.staged[entry.row_id]
        self.batch.append(PushedOp(entry.seq, entry.op_id, entry.table_name, entry.row_id,
                                   entry.op, entry.base_version, fields, held, amended))
        if entry.op == "insert":
            self.inserted.add(key)
        if held:
            self.held.add(key)
        self.full = len(self.batch) >= self.size


def plan_batch(session: Session, size: int, role: str = "", user: str = "",
               sent: Sequence[PushedOp] = ()) -> list[PushedOp]:
    """The next batch to push (see the module doc) for the logged-in server `user` of this
    `role`, to be sent after the batch `sent` (if any) has been answered. Without `sent`, never
    empty while the outbox is not: if every entry waits (a cycle the schema cannot break), the
    oldest entry goes as it is and the server says what is missing. With it, empty when every
    entry left waits for it."""
    batch = _Planner(session, size, role, user, sent).plan(chunk=max(size, 500))
    if batch or sent:
        return batch
    oldest, _ = _read(session, 0, 1)
    return [PushedOp(e.seq, e.op_id, e.table_name, e.row_id, e.op, e.base_version, e.fields)
            for e in oldest]
