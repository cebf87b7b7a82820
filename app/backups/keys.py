"""The key backups are sealed with: derived from the store's key (app.store_key, purpose
"backup"), so the one secret in the keyring — or the one passphrase — opens the store and its
backups, and a backup of another store's key is refused.

A backup's header names the store's key (the non-secret marker: mode and the keyring account's
id), so a backup can be restored into an empty data folder on the same computer: the key is found
in the keyring under that id and the marker is written beside the restored store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.store_key import derive_from, derive_key
from db import keys

PURPOSE = "backup"


def backup_key(data_dir: Path) -> bytes:
    """The key of the store in `data_dir` for sealing its backups."""
    return derive_key(data_dir, PURPOSE)


def marker_fields(data_dir: Path) -> dict[str, str]:
    """What the backup header says about the store's key (nothing secret)."""
    marker = keys.read_marker(data_dir)
    return {} if marker is None else {"key_mode": marker.mode, "store_id": marker.store_id}


def restore_key(data_dir: Path, header: dict[str, Any]) -> bytes:
    """The key to open a backup with when restoring into `data_dir`: that folder's own key when
    the backup is of the same store, else the key the header names, found in this computer's
    keyring (a backup of another folder on this computer). Another computer's backup has no key
    here: BadInput, nothing restored."""
    own = keys.read_marker(data_dir)
    mode, store_id = header.get("key_mode"), header.get("store_id")
    if own is not None and own.store_id == store_id:
        return backup_key(data_dir)
    if mode != keys.MODE_KEYRING or not isinstance(store_id, str):
        raise BadInput(code="backup.passphrase_elsewhere")
    try:
        key = keys.existing_key(data_dir.parent / f".backup-{store_id}", keys.Marker(mode, store_id))
    except keys.StoreKeyError:
        raise BadInput(code="backup.key_not_here") from None
    return derive_from(key.raw, PURPOSE)


def adopt_marker(data_dir: Path, header: dict[str, Any]) -> None:
    """After the swap: the restored store opens with the key the backup names, so its marker
    replaces the folder's (and the key this process remembered for the folder is forgotten)."""
    mode, store_id = header.get("key_mode"), header.get("store_id")
    if not isinstance(mode, str) or not isinstance(store_id, str):
        return
    own = keys.read_marker(data_dir)
    if own is None or own.store_id != store_id:
        keys.write_marker(data_dir, keys.Marker(mode, store_id))
        keys.forget(data_dir)
