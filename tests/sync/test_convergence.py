"""Three devices make random offline creates, edits, deletes and evidence attachments and sync in
random order: in the end every store holds the same data and every attached file (fetched after
the sync, bytes equal), and no edit was silently lost — after each sync every value the device
pushed is on the server or in its conflicts table, and a value another device had written
concurrently was not overwritten without a conflict record."""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from sqlalchemy import select

from app.evidence_files import local_name, read_evidence, store_evidence
from app.sync.apply import pending_changes
from app.sync.auth import connect
from app.sync.blobs import fetch_missing, not_here
from db.codec import row_fields
from db.models import AgendaItem, Attachment, Compound, Conflict, OutboxEntry
from tests.sync.conftest import Device, SyncServer, community_of, open_device

EDITABLE: dict[str, tuple[type[Compound] | type[AgendaItem], tuple[str, ...]]] = {
    "compounds": (Compound, ("households", "note")),
    "agenda_items": (AgendaItem, ("title", "progress")),
}
INTEGER_FIELDS = {"households", "progress"}
Key = tuple[str, str]  # (table, row id)


@dataclass(frozen=True)
class RowState:
    fields: dict[str, Any]
    deleted: bool


def snapshot(device: Device) -> dict[Key, RowState]:
    found: dict[Key, RowState] = {}
    with device.store.session() as session:
        for table, (model, _) in EDITABLE.items():
            for row in session.scalars(select(model)):
                found[(table, row.id)] = RowState(row_fields(row), row.deleted_at is not None)
    return found


@dataclass
class Pending:
    fields: dict[str, Any] = field(default_factory=dict)
    inserted: bool = False
    deleted: bool = False


def pending_of(device: Device) -> dict[Key, Pending]:
    found: dict[Key, Pending] = {}
    with device.store.session() as session:
        entries = session.scalars(select(OutboxEntry).where(
            OutboxEntry.table_name.in_(list(EDITABLE))).order_by(OutboxEntry.seq)).all()
        for entry in entries:
            pending = found.setdefault((entry.table_name, entry.row_id), Pending())
            pending.inserted |= entry.op == "insert"
            pending.deleted |= entry.op == "delete"
            if entry.op != "delete":
                pending.fields.update(json.loads(entry.fields_json))
    return found


def conflicts_of(device: Device) -> set[tuple[str, str, str, str]]:
    with device.store.session() as session:
        return {
            (c.table_name, c.row_id, c.field, c.mine_json)
            for c in session.scalars(select(Conflict))
        }


class ConvergenceMachine(RuleBasedStateMachine):
    """Devices live across examples (each example starts from the converged end of the last)."""

    devices: list[Device]
    observer: Device
    files: dict[str, bytes]  # every attached file's content by its SHA-256

    def __init__(self) -> None:
        super().__init__()
        self.community_id = community_of(self.devices[0])
        self.counter = itertools.count()
        # Rows every device holds from the start, so concurrent edits of one field are likely.
        with self.devices[0].store.transaction() as session:
            for _ in range(1):
                compound = Compound(community_id=self.community_id,
                                    name=f"小区-{uuid.uuid4().hex[:8]}")
                session.add(compound)
                session.flush()
                session.add(AgendaItem(compound_id=compound.id, title="共同议题",
                                       raised_on=date(2026, 5, 1)))
        for device in self.devices:
            device.sync()
        # Per device: the value a field had when it was first edited since the last sync.
        self.bases: list[dict[tuple[str, str, str], Any]] = [{} for _ in self.devices]

    def _live(self, device: Device, table: str) -> list[Any]:
        model = EDITABLE[table][0]
        with device.store.session() as session:
            return list(session.scalars(
                select(model).where(model.deleted_at.is_(None)).order_by(model.id)))

    @rule(who=st.integers(0, 2))
    def create_compound(self, who: int) -> None:
        device = self.devices[who]
        with device.store.transaction() as session:
            session.add(Compound(community_id=self.community_id,
                                 name=f"小区-{uuid.uuid4().hex[:8]}"))

    @rule(who=st.integers(0, 2), pick=st.integers(0, 10_000))
    def create_agenda_item(self, who: int, pick: int) -> None:
        device = self.devices[who]
        compounds = self._live(device, "compounds")
        if not compounds:
            return
        with device.store.transaction() as session:
            session.add(AgendaItem(compound_id=compounds[pick % len(compounds)].id,
                                   title=f"议题{next(self.counter)}", raised_on=date(2026, 5, 1)))

    @rule(who=st.integers(0, 2), pick=st.integers(0, 10_000))
    def attach_file(self, who: int, pick: int) -> None:
        device = self.devices[who]
        compounds = self._live(device, "compounds")
        if not compounds:
            return
        content = f"现场照片 {uuid.uuid4()}".encode() * 16
        digest, _ = store_evidence(device.data_dir, content, ".jpg")
        self.files[digest] = content
        compound_id = compounds[pick % len(compounds)].id
        with device.store.transaction() as session:
            session.add(Attachment(owner_table="compounds", owner_id=compound_id,
                                   filename="photo.jpg", size_bytes=len(content), sha256=digest,
                                   compound_id=compound_id))

    @rule(who=st.integers(0, 2), edits=st.lists(
        st.tuples(st.sampled_from(sorted(EDITABLE)), st.integers(0, 3), st.integers(0, 1)),
        min_size=1, max_size=3))
    def edit_offline(self, who: int, edits: list[tuple[str, int, int]]) -> None:
        for table, pick, which in edits:
            self._edit(who, table, pick, which)

    def _edit(self, who: int, table: str, pick: int, which: int) -> None:
        device = self.devices[who]
        rows = self._live(device, table)
        if not rows:
            return
        model, names = EDITABLE[table]
        name = names[which]
        row_id = rows[pick % len(rows)].id
        value: Any = next(self.counter)
        if name not in INTEGER_FIELDS:
            value = f"{device.user}-{value}"
        with device.store.transaction() as session:
            pending = pending_changes(session, table, [row_id]).get(row_id)
            row = session.get(model, row_id)
            assert row is not None
            if pending is None or name not in pending.fields:
                self.bases[who][(table, row_id, name)] = row_fields(row)[name]
            setattr(row, name, value)

    @rule(who=st.integers(0, 2), table=st.sampled_from(sorted(EDITABLE)),
          pick=st.integers(0, 10_000))
    def delete(self, who: int, table: str, pick: int) -> None:
        device = self.devices[who]
        rows = self._live(device, table)
        if rows:
            with device.store.transaction() as session:
                session.delete(session.get(EDITABLE[table][0], rows[pick % len(rows)].id))

    @rule(who=st.integers(0, 2))
    def sync(self, who: int) -> None:
        device = self.devices[who]
        pending = pending_of(device)
        self.observer.sync()
        server = snapshot(self.observer)
        report = device.sync()
        assert report.refused == 0
        assert not pending_of(device)
        after, conflicts = snapshot(device), conflicts_of(device)
        for key, change in pending.items():
            self._check_not_lost(who, key, change, server.get(key), after[key], conflicts)
        self.bases[who].clear()

    def _check_not_lost(
        self, who: int, key: Key, change: Pending, before: RowState | None, after: RowState,
        conflicts: set[tuple[str, str, str, str]],
    ) -> None:
        table, row_id = key
        deleted_conflict = any(c[:3] == (table, row_id, "__deleted__") for c in conflicts)
        if before is None:  # a new row: everything of it must have been taken
            assert change.inserted, key
            assert all(after.fields[n] == v for n, v in change.fields.items()), key
            assert after.deleted == change.deleted, key
            return
        if change.deleted:
            assert after.deleted or deleted_conflict, key
            return
        if before.deleted:
            assert after.deleted and deleted_conflict, key
            return
        for name, mine in change.fields.items():
            base = self.bases[who].get((table, row_id, name))
            theirs = before.fields[name]
            recorded = (table, row_id, name, json.dumps(mine, ensure_ascii=False)) in conflicts
            if theirs not in (base, mine):  # changed elsewhere meanwhile: must be a conflict
                assert recorded, (key, name, mine, theirs)
                assert after.fields[name] == theirs, (key, name)
            else:
                assert after.fields[name] == mine or recorded, (key, name, mine)

    def teardown(self) -> None:
        for who in (2, 1, 0):  # each device's remaining offline work is checked as it lands
            self.sync(who)
        for device in self.devices:
            assert device.sync().refused == 0
        self.observer.sync()
        expected = snapshot(self.observer)
        for device in self.devices:
            assert snapshot(device) == expected
        for device in [*self.devices, self.observer]:  # every file a row names, bytes equal
            with connect(device.store) as client:
                assert not fetch_missing(device.store, client).errors
            assert not not_here(device.store)
            with device.store.session() as session:
                named = session.execute(select(Attachment.sha256, Attachment.filename)).all()
            for digest, filename in named:
                held = read_evidence(device.data_dir, local_name(digest, filename))
                assert held == self.files[digest], device.user


def test_random_offline_edits_converge_and_nothing_is_silently_lost(
    sync_server: SyncServer, tmp_path: Path,
) -> None:
    devices = [open_device(tmp_path / user, sync_server, user) for user in ("sup", "cw", "cw2")]
    observer = open_device(tmp_path / "observer", sync_server, "sup")
    ConvergenceMachine.devices, ConvergenceMachine.observer = devices, observer
    ConvergenceMachine.files = {}
    try:
        for device in [*devices, observer]:
            device.sync()
        run_state_machine_as_test(
            ConvergenceMachine,
            settings=settings(max_examples=20, stateful_step_count=16, deadline=None, database=None,
                              suppress_health_check=[HealthCheck.too_slow]),
        )
        assert ConvergenceMachine.files, "no example attached a file"
    finally:
        for device in [*devices, observer]:
            device.store.close()
