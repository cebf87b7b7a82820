"""The key backups are sealed with: derived from the store's key (app.store_key, purpose
"backup"), so the one secret in the keyring — or the one passphrase — opens the store and its
backups, and a backup of another store's key is refused.

A backup's header names the store's key (the non-secret marker: mode and the keyring account's
id; for a passphrase, SQLCipher's salt), so a backup can be restored into another data folder:
the key is found in the keyring under that id, or derived from the passphrase, and the marker is
written beside the restored store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import BadInput
from app.store_key import derive_from, derive_key
from db import keys
from db.store import STORE_FILENAME

PURPOSE = "backup"


def backup_key(data_dir: Path) -> bytes:
    """The key of the store in `data_dir` for sealing its backups."""
    return derive_key(data_dir, PURPOSE)


def marker_fields(data_dir: Path) -> dict[str, str]:
    """What the backup header says about the store's key (nothing secret): the marker, and for a
    passphrase store the salt SQLCipher keeps in the clear at the head of the store file."""
    marker = keys.read_marker(data_dir)
    if marker is None:
        return {}
    fields = {"key_mode": marker.mode, "store_id": marker.store_id}
    if marker.mode == keys.MODE_PASSPHRASE:
        with (data_dir / STORE_FILENAME).open("rb") as handle:
            fields["salt"] = handle.read(keys.SALT_BYTES).hex()
    return fields


@dataclass(frozen=True)
class RestoreKey:
    """The key a backup is sealed with, and the store key it came from when that is not the
    folder's own (kept in this process's memory once the restored store is in place)."""

    sealing: bytes
    store: keys.StoreKey | None = None


def restore_key(data_dir: Path, header: dict[str, Any]) -> RestoreKey:
    """The key to open a backup with when restoring into `data_dir`: that folder's own key when
    the backup is of the same store; else the key the header names — found in this computer's
    keyring, or derived from the passphrase asked for (a backup of another folder, or restored
    into a new one). Another computer's keyring backup has no key here: BadInput."""
    own = keys.read_marker(data_dir)
    mode, store_id = header.get("key_mode"), header.get("store_id")
    if own is not None and own.store_id == store_id:
        return RestoreKey(backup_key(data_dir))
    if mode not in (keys.MODE_KEYRING, keys.MODE_PASSPHRASE) or not isinstance(store_id, str):
        raise BadInput(code="backup.key_not_here")
    try:
        salt = bytes.fromhex(str(header.get("salt", "")))
    except ValueError:
        salt = b""
    if mode == keys.MODE_PASSPHRASE and len(salt) != keys.SALT_BYTES:
        raise BadInput(code="backup.passphrase_elsewhere")
    elsewhere = data_dir.parent / f".backup-{store_id}"  # not the folder's own remembered key
    try:
        key = keys.existing_key(elsewhere, keys.Marker(mode, store_id))
    except keys.StoreKeyError as exc:
        if mode == keys.MODE_PASSPHRASE:
            raise
        raise BadInput(code="backup.key_not_here") from exc
    if mode == keys.MODE_KEYRING:
        return RestoreKey(derive_from(key.raw, PURPOSE), key)
    # SQLCipher's own derivation of the passphrase, as db.keys.StoreKey.material does it.
    material = hashlib.pbkdf2_hmac("sha512", key.passphrase.encode("utf-8"), salt,
                                   keys.KDF_ITERATIONS, keys.KEY_BYTES)
    return RestoreKey(derive_from(material, PURPOSE), key)


def adopt_marker(data_dir: Path, header: dict[str, Any], key: RestoreKey) -> None:
    """After the swap: the restored store opens with the key the backup names, so its marker
    replaces the folder's, and this process remembers that key for the folder."""
    mode, store_id = header.get("key_mode"), header.get("store_id")
    if not isinstance(mode, str) or not isinstance(store_id, str):
        return
    own = keys.read_marker(data_dir)
    if own is None or own.store_id != store_id:
        keys.write_marker(data_dir, keys.Marker(mode, store_id))
        keys.forget(data_dir)
    if key.store is not None:
        keys.remember(data_dir, key.store)
