"""Checking a backup and restoring it into a data dir.

Order, so that a refused backup writes nothing and an interrupted restore loses nothing:
1. check — the header, the checksum, the key's id, every chunk's tag and the payload's framing
   (the whole file is decrypted once and thrown away) and that this app knows its schema;
2. refuse a data dir holding data unless `replace`; with `replace` the current store is first
   kept as a backup of kind "before_restore" (never rotated away);
3. unpack into a hidden staging folder beside the store (the store snapshot is the encrypted
   SQLCipher file as it was, the attachments as they were);
4. swap: the staged store replaces the store file (atomic rename), attachments are added;
5. the restored store is opened (upgraded if it is older) and marked so that the next sync pulls
   everything again from version 0 (docs/backups.md: a restored store never pushes stale rows
   over newer ones — its unsynced changes stay in the outbox as ops, based on old versions, which
   the server merges or keeps as conflicts).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError

from app.backups import container, payload
from app.backups.keys import adopt_marker, restore_key
from app.backups.making import make_backup
from app.errors import BadInput, WorkFailed
from app.session import set_setting
from db import keys
from db.engine import StoreFault
from db.migrate import MigrationError
from db.models import REPLICATED_MODELS, Base, OutboxEntry
from db.store import STORE_FILENAME, Store, open_store, private_folder

RESTORED_SETTING = "backup.restored_from"  # the restored backup's creation time
# What opening a store that cannot be read raises: a file fault or a missing/wrong key
# (StoreFault, StoreKeyError), an upgrade that failed, a file that is no database.
UNOPENABLE = (StoreFault, MigrationError, WorkFailed, DatabaseError, sqlite3.DatabaseError)
STAGING_PREFIX = ".restore-"

REASONS = ("foreign", "damaged", "other_key", "newer_format")  # codes backup.<reason>


def refusal(reason: str, path: Path) -> BadInput:
    return BadInput(code=f"backup.{reason if reason in REASONS else 'damaged'}", file=path.name)


@dataclass(frozen=True)
class Checked:
    """A backup that passed every check: its header and the files it holds."""

    opened: container.Opened
    names: list[str]


def check(path: Path, key: bytes) -> Checked:
    """Every check a restore makes before writing anything; BadInput naming what is wrong."""
    if not path.is_file():
        raise BadInput(code="backup.missing", file=str(path))
    try:
        opened = container.read_header(path)
        container.check_sum(opened)
        reader = container.PlainReader(container.plain_chunks(opened, key))
        names = payload.read_files(reader, lambda _name: None)
    except container.BackupDamaged as exc:
        raise refusal(exc.reason, path) from None
    if payload.STORE_ENTRY not in names:
        raise refusal("damaged", path)
    revision = str(opened.header.get("revision", ""))
    if revision and not _known_revision(revision):
        raise refusal("newer_format", path)
    return Checked(opened, names)


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from db.migrate import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def holds_data(data_dir: Path) -> bool:
    """True when the store has any replicated row or pending change (a fresh, empty store made
    by opening the app once does not count)."""
    path = data_dir / STORE_FILENAME
    if not path.exists() or path.stat().st_size == 0:
        return False
    models: list[type[Base]] = [*REPLICATED_MODELS, OutboxEntry]
    store = open_store(data_dir)
    try:
        with store.session() as session:
            for model in models:
                if session.scalar(select(func.count()).select_from(model).limit(1)):
                    return True
        return False
    finally:
        store.close()


@dataclass(frozen=True)
class Restored:
    created: str
    counts: dict[str, int]
    kept_as: Path | None  # the backup of the replaced store


def restore(
    path: Path, data_dir: Path, *, replace: bool = False, before_close: Store | None = None,
) -> Restored:
    """Restore the backup at `path` into `data_dir`. `before_close`: the store the caller has
    open on `data_dir` (the app's), closed here before the swap."""
    if path.exists() and not path.is_file():
        raise BadInput(code="backup.not_a_file", file=str(path))
    if not path.is_file():
        raise BadInput(code="backup.missing", file=str(path))
    try:
        header = container.read_header(path).header
    except container.BackupDamaged as exc:
        raise refusal(exc.reason, path) from None
    key = restore_key(data_dir, header)
    if header.get("key_id") != container.key_id(key.sealing) and key.store is not None and (
        key.store.mode == keys.MODE_PASSPHRASE
    ):
        raise BadInput(code="backup.wrong_passphrase", file=path.name)
    checked = check(path, key.sealing)
    private_folder(data_dir)
    kept_as = None
    try:
        has_data, openable = holds_data(data_dir), True
    except keys.StoreKeyError as exc:
        if exc.code in keys.PASSPHRASE_REFUSALS:  # a passphrase not given or mistyped: refuse
            raise
        has_data, openable = True, False  # the key is really gone: what a restore is for
    except UNOPENABLE:  # a damaged store, or one whose key is gone: what a restore is for
        has_data, openable = True, False
    if has_data and not replace:
        raise BadInput(code="backup.folder_has_data", folder=str(data_dir))
    if has_data and openable:
        current = before_close or open_store(data_dir)
        try:
            kept_as = make_backup(current, data_dir, kind="before_restore").path
        finally:
            if before_close is None:
                current.close()
    elif has_data:
        kept_as = _keep_aside(data_dir)
    _clear_stale_staging(data_dir)
    staging = data_dir / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    private_folder(staging)
    try:
        _unpack(checked, key.sealing, staging)
        if before_close is not None:
            before_close.close()
        _swap(staging, data_dir)
        adopt_marker(data_dir, header, key)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _mark_restored(data_dir, str(checked.opened.header.get("created", "")))
    header = checked.opened.header
    return Restored(str(header.get("created", "")),
                    {k: int(v) for k, v in dict(header.get("counts") or {}).items()}, kept_as)


def _keep_aside(data_dir: Path) -> Path:
    """A store that does not open is not backed up (it cannot be read) but renamed, with its
    WAL, so nothing of it is lost: `compound-desk.sqlite3.unopenable-<UTC time>`."""
    store_path = data_dir / STORE_FILENAME
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kept = store_path.with_name(f"{store_path.name}.unopenable-{stamp}")
    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(f"{store_path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{kept}{suffix}"))
    os.replace(store_path, kept)
    return kept


def _clear_stale_staging(data_dir: Path) -> None:
    for leftover in data_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _unpack(checked: Checked, key: bytes, staging: Path) -> None:
    (staging / "attachments").mkdir(mode=0o700)

    def target(name: str) -> Path:
        if name == payload.STORE_ENTRY:
            return staging / STORE_FILENAME
        return staging / "attachments" / name.removeprefix(payload.ATTACHMENT_PREFIX)

    try:
        reader = container.PlainReader(container.plain_chunks(checked.opened, key))
        payload.read_files(reader, target)
    except container.BackupDamaged as exc:  # the file changed since it was checked
        raise refusal(exc.reason, checked.opened.path) from None


def _swap(staging: Path, data_dir: Path) -> None:
    """Put the staged store in place of the store; its WAL and shared-memory files go first (a
    WAL left beside the new file would be replayed into it). Attachments are added, none removed."""
    store_path = data_dir / STORE_FILENAME
    _settle(data_dir)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    os.replace(staging / STORE_FILENAME, store_path)
    from app.ratings import attachments_dir

    folder = attachments_dir(data_dir)
    private_folder(folder)
    for staged in (staging / "attachments").iterdir():
        if not (folder / staged.name).exists():
            os.replace(staged, folder / staged.name)


def _settle(data_dir: Path) -> None:
    """Fold the current store's WAL into it, and refuse while another program keeps it open
    (its -wal file stays after our last connection closes)."""
    store_path = data_dir / STORE_FILENAME
    if not store_path.exists() or store_path.stat().st_size == 0:
        return
    open_store(data_dir).close()
    if Path(f"{store_path}-wal").exists():
        raise WorkFailed(code="backup.store_in_use")


def _mark_restored(data_dir: Path, created: str) -> None:
    """Next sync pulls everything again; unsynced changes stay in the outbox."""
    from app.sync import settings as sync_keys

    store = open_store(data_dir)
    try:
        with store.transaction() as session:
            set_setting(session, sync_keys.CURSOR, "0")
            set_setting(session, RESTORED_SETTING, created)
    finally:
        store.close()


def restore_into_open_store(path: Path, store: Store) -> Restored:
    """The app's restore: the open `store` is kept as a backup, closed, replaced, and reopened in
    place (the same Store object, so every page keeps working with the restored data)."""
    data_dir = store.path.parent
    try:
        return restore(path, data_dir, replace=True, before_close=store)
    finally:
        store.close()  # already closed when the restore got as far as the swap
        fresh = open_store(data_dir, actor=store.actor)
        store.engine, store.key, store.backup = fresh.engine, fresh.key, fresh.backup
        store.factory = fresh.factory
