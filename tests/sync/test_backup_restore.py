"""Restore and sync against a real sync server (SQLite and PostgreSQL storage): an older backup
restored, then synced, never puts stale rows over newer server rows; the backup's unsynced change
is still pushed, once, and every device ends with the same data."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.backups.making import make_backup
from app.backups.restoring import restore
from app.sync import auth
from app.sync.engine import sync
from db.models import Compound, Conflict, OutboxEntry
from db.store import open_store
from tests.sync.conftest import PASSWORD, Device, SyncServer
from tests.sync.test_sync_basics import MakeDevice, add_compound, compound, edit


def restored_device(device: Device, backup: Path) -> Device:
    device.store.close()
    restore(backup, device.data_dir, replace=True)
    device.store = open_store(device.data_dir, actor=device.user)
    return device


def test_an_older_backup_restored_then_synced_keeps_the_newer_server_rows(
    make_device: MakeDevice,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    clean_id, pending_id, offline_id = add_compound(a), add_compound(a), add_compound(a)
    a.sync()
    b.sync()
    # The backup: one compound synced, one with an edit not pushed yet, one edited offline only.
    edit(a, pending_id, note="备份前的备注（已推送）")
    edit(a, offline_id, address="只在备份里的地址")
    backup = make_backup(a.store, a.data_dir, kind="manual").path
    a.sync()  # pushes both edits: the backup's outbox now holds ops the server already took
    # Later work the backup does not have: newer on the server than anything in the backup.
    edit(a, clean_id, households=4321)
    a.sync()
    edit(b, pending_id, name=f"新名字-{pending_id[:6]}")
    edit(b, offline_id, households=777)
    b.sync()

    a = restored_device(a, backup)
    assert compound(a, clean_id).households == 1200  # the restored, older row
    report = sync(a.store)
    assert report.refused == 0 and report.conflicts == 0
    b.sync()
    for device in (a, b):
        assert compound(device, clean_id).households == 4321
        assert compound(device, pending_id).name == f"新名字-{pending_id[:6]}"
        assert compound(device, pending_id).note == "备份前的备注（已推送）"
        assert compound(device, offline_id).address == "只在备份里的地址"
        assert compound(device, offline_id).households == 777
    with a.store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert session.scalar(select(func.count()).select_from(Conflict)) == 0


def test_an_unsynced_change_in_the_backup_is_pushed_after_restore(
    make_device: MakeDevice, sync_server: SyncServer,
) -> None:
    a, b = make_device("cw"), make_device("cw2")
    compound_id = add_compound(a)
    a.sync()
    b.sync()
    edit(a, compound_id, note="只在备份里的备注")
    backup = make_backup(a.store, a.data_dir, kind="manual").path
    edit(b, compound_id, address="坂田路99号")  # meanwhile, newer on the server
    b.sync()
    a.store.close()
    # The laptop's store is lost before it synced; the backup is restored into a new folder.
    fresh = a.data_dir.parent / "after-loss"
    restore(backup, fresh)
    a = Device(a.user, fresh, open_store(fresh, actor=a.user))
    try:
        auth.login(a.store, sync_server.url, a.user, PASSWORD)  # a new folder is a new device
        report = sync(a.store)
        assert report.pushed >= 1 and report.conflicts == 0 and report.merged >= 1
        b.sync()
        for device in (a, b):
            row = compound(device, compound_id)
            assert (row.note, row.address) == ("只在备份里的备注", "坂田路99号")
        with a.store.session() as session:
            assert session.get(Compound, compound_id) is not None
    finally:
        a.store.close()
