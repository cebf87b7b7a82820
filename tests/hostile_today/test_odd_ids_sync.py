"""Rows with odd ids, pushed by a hostile (or merely unusual) client, through an honest device's
sync: the pull's held-version lookup, the push's settling and the dirty flags now pass their id
lists to SQLite as one JSON text (db/among.py, app/sync/apply.py), on SQLite and PostgreSQL
servers alike."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import func, select

from db.models import AuditEntry, Community, Compound, Conflict, OutboxEntry
from tests.server.helpers import Client, op
from tests.sync.conftest import PASSWORD, Device, SyncServer

MakeDevice = Callable[[str], Device]
ODD = ['q"uote', "back\\slash", "%s", "%(x)s", "100%", "{a,b}", "NULL", " pad ", "𠀋😀",
       "a\tb", "?", "[1]", '["x"]', "1", "1.0", "é", "\\u0041", "*"]


def _push(client: Client, *ops: dict[str, object]) -> list[dict[str, object]]:
    results = client.push(*ops)
    assert all(r["status"] == "applied" for r in results), results
    return results


def test_odd_ids_pulled_edited_pushed_and_pulled_again(sync_server: SyncServer,
                                                        make_device: MakeDevice) -> None:
    tag = uuid.uuid4().hex[:6]
    community_ids = [f"{odd}-{tag}" for odd in ODD]
    compound_ids = [f"c{odd}-{tag}" for odd in ODD]
    hostile = Client(sync_server.url, "sup", PASSWORD)
    try:
        _push(hostile, *[op("communities", cid, street_id=sync_server.street_id,
                            name=f"怪社区{n}-{tag}") for n, cid in enumerate(community_ids)])
        _push(hostile, *[op("compounds", kid, community_id=cid, name=f"怪小区{n}-{tag}")
                         for n, (cid, kid) in enumerate(zip(community_ids, compound_ids,
                                                            strict=True))])
        device = make_device("cw")
        with device.store.session() as session:
            assert set(session.scalars(select(Community.id).where(
                Community.id.in_(community_ids)))) == set(community_ids)
            stored = {c.id: c.community_id for c in session.scalars(
                select(Compound).where(Compound.id.in_(compound_ids)))}
        assert stored == dict(zip(compound_ids, community_ids, strict=True))

        # The device edits every odd row; its push settles them (outbox emptied, dirty cleared).
        with device.store.transaction() as session:
            for n, kid in enumerate(compound_ids):
                compound = session.get(Compound, kid)
                assert compound is not None
                compound.name = f"本机改{n}-{tag}"
        report = device.sync()
        assert report.refused == 0 and report.conflicts == 0, report
        with device.store.session() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
            rows = {c.id: c for c in session.scalars(
                select(Compound).where(Compound.id.in_(compound_ids)))}
        assert not any(c.dirty for c in rows.values())
        server_rows = hostile.rows()
        assert [server_rows[("compounds", kid)]["fields"]["name"] for kid in compound_ids] == \
            [f"本机改{n}-{tag}" for n in range(len(ODD))]
        assert {kid: rows[kid].server_version for kid in compound_ids} == \
            {kid: server_rows[("compounds", kid)]["version"] for kid in compound_ids}

        # The server changes them again: the device finds the rows it holds and takes the change.
        _push(hostile, *[op("compounds", kid, "update", server_rows[("compounds", kid)]["version"],
                            name=f"服务器改{n}-{tag}") for n, kid in enumerate(compound_ids)])
        report = device.sync()
        assert report.refused == 0 and report.conflicts == 0, report
        with device.store.session() as session:
            names = {row_id: name for row_id, name in session.execute(
                select(Compound.id, Compound.name).where(Compound.id.in_(compound_ids)))}
            count = session.scalar(select(func.count()).select_from(Compound).where(
                Compound.id.in_(compound_ids)))
        assert names == {kid: f"服务器改{n}-{tag}" for n, kid in enumerate(compound_ids)}
        assert count == len(compound_ids)  # no row taken as new a second time
    finally:
        hostile.close()


def test_odd_rows_leaving_the_street_are_dropped_with_their_pending_edits(
        sync_server: SyncServer, make_device: MakeDevice) -> None:
    """The rows move to another street: the device drops them (their ids passed as one JSON
    text), keeps its unpushed edit as a conflict, leaves no outbox entry or audit of them, and
    syncs cleanly afterwards."""
    tag = uuid.uuid4().hex[:6]
    community_ids = [f"{odd}-{tag}" for odd in ODD]
    compound_ids = [f"c{odd}-{tag}" for odd in ODD]
    hostile = Client(sync_server.url, "sup", PASSWORD)
    try:
        made = _push(hostile, *[op("communities", cid, street_id=sync_server.street_id,
                                   name=f"迁社区{n}-{tag}") for n, cid in enumerate(community_ids)])
        _push(hostile, *[op("compounds", kid, community_id=cid, name=f"迁小区{n}-{tag}")
                         for n, (cid, kid) in enumerate(zip(community_ids, compound_ids,
                                                            strict=True))])
        device = make_device("cw")
        other_street = next(
            c["fields"]["street_id"] for (table, _), c in hostile.rows().items()
            if table == "communities" and c["id"] == sync_server.other_community_id)
        _push(hostile, *[op("communities", cid, "update", int(str(result["version"])),
                            street_id=other_street)
                         for cid, result in zip(community_ids, made, strict=True)])
        with device.store.transaction() as session:  # edits made before the move is known
            for kid in compound_ids[:5]:
                compound = session.get(Compound, kid)
                assert compound is not None
                compound.name = f"未推送{kid}"
        device.sync()
        with device.store.session() as session:
            left = session.scalar(select(func.count()).select_from(Compound).where(
                Compound.id.in_(compound_ids)))
            communities_left = session.scalar(select(func.count()).select_from(Community).where(
                Community.id.in_(community_ids)))
            queued = session.scalar(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.row_id.in_([*compound_ids, *community_ids])))
            audit_queued = session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.row_id.in_(compound_ids), AuditEntry.dirty.is_(True)))
            kept = set(session.scalars(select(Conflict.row_id).where(
                Conflict.row_id.in_(compound_ids))))
        assert kept == set(compound_ids[:5])  # the unpushed edits are not lost
        assert (left, communities_left, queued, audit_queued) == (0, 0, 0, 0)
        again = device.sync()
        assert again.refused == 0 and again.pushed == 0, again
        with device.store.session() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    finally:
        hostile.close()
