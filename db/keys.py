"""The store's encryption key: where it lives and how it is asked for.

The store is a SQLCipher 4 database. Two ways to key it, chosen when the store is made and
recorded in a small non-secret marker file beside it (`store-key.json`: mode and the keyring
account name, never the key):

- "keyring": a random 256-bit key kept in the OS keyring (service `compound-desk`, account
  `store:<random id of this data folder>`), given to SQLCipher raw (`PRAGMA key = "x'…'"`), so no
  key derivation is run at start-up. The id, not the folder's path, names the account, so a data
  folder moved or copied on the same computer still opens.
- "passphrase": no usable keyring. The person types a passphrase at start; SQLCipher derives the
  key from it (PBKDF2-HMAC-SHA512, salt in the file's first 16 bytes). The same derivation run
  here gives 32 key bytes for the other files to be encrypted (`key_material`).

Keys are held in this process's memory once found (`remember`), so the passphrase is asked once.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.engine import StoreFault

KEYRING_SERVICE = "compound-desk"
MARKER_FILENAME = "store-key.json"
MODE_KEYRING, MODE_PASSPHRASE = "keyring", "passphrase"
KEY_BYTES = 32
SALT_BYTES = 16
# SQLCipher 4's defaults: PBKDF2-HMAC-SHA512, 256 000 iterations, 32-byte key, salt = file head.
KDF_ITERATIONS = 256_000
MIN_PASSPHRASE = 8

# (data folder, whether the store is new) → the passphrase, or None when the person cancels.
PassphraseSource = Callable[[Path, bool], "str | None"]


# Refusals of what the person typed (or did not type): bad input, never a sign of a damaged
# store — a restore must not set such a store aside, the CLI exits 2 for them.
PASSPHRASE_REFUSALS = frozenset({"passphrase_cancelled", "passphrase_too_short",
                                 "wrong_passphrase", "store_key_unreadable"})


class StoreKeyError(StoreFault):
    """The store's key is missing or wrong, or no passphrase was given. `code` and `params` let
    the UI and CLI say it in the person's language; the message is the Chinese default."""

    def __init__(self, code: str, message: str, path: Path | None = None,
                 **params: str) -> None:
        super().__init__(code, message, path)
        self.params = params


@dataclass(frozen=True)
class StoreKey:
    """A store's key: 32 raw bytes (keyring mode) or the passphrase SQLCipher derives it from."""

    mode: str
    raw: bytes = b""
    passphrase: str = ""

    def literal(self) -> str:
        """The key as SQLCipher reads it after `PRAGMA key =` or `ATTACH … KEY` (never logged)."""
        if self.mode == MODE_KEYRING:
            return f"\"x'{self.raw.hex()}'\""
        quoted = self.passphrase.replace("'", "''")
        return f"'{quoted}'"

    def pragma(self) -> str:
        """The `PRAGMA key` statement that opens the store."""
        return f"PRAGMA key = {self.literal()}"

    def material(self, store_path: Path) -> bytes:
        """32 secret bytes for deriving other keys: the raw key, or SQLCipher's own derivation
        of the passphrase with the salt at the head of the store file."""
        if self.mode == MODE_KEYRING:
            return self.raw
        with open(store_path, "rb") as handle:
            salt = handle.read(SALT_BYTES)
        if len(salt) != SALT_BYTES:
            raise StoreKeyError("store_key_unreadable", "数据文件不完整，无法读取其密钥信息",
                                store_path)
        return hashlib.pbkdf2_hmac("sha512", self.passphrase.encode("utf-8"), salt,
                                   KDF_ITERATIONS, KEY_BYTES)


@dataclass(frozen=True)
class Marker:
    """The non-secret marker beside the store: which mode, and the keyring account's id."""

    mode: str
    store_id: str

    @property
    def account(self) -> str:
        return f"store:{self.store_id}"


_PASSPHRASE_SOURCE: list[PassphraseSource] = []
_KNOWN: dict[Path, StoreKey] = {}
_PREFETCHING: dict[Path, Any] = {}  # data folder → the thread fetching its key (`prefetch`)


def set_passphrase_source(source: PassphraseSource | None) -> None:
    """Who asks for a passphrase when the keyring cannot hold the key (GUI dialog, terminal)."""
    _PASSPHRASE_SOURCE.clear()
    if source is not None:
        _PASSPHRASE_SOURCE.append(source)


def remember(data_dir: Path, key: StoreKey) -> None:
    _KNOWN[data_dir.resolve()] = key


def forget(data_dir: Path) -> None:
    _KNOWN.pop(data_dir.resolve(), None)


def known_key(data_dir: Path) -> StoreKey | None:
    return _KNOWN.get(data_dir.resolve())


def marker_path(data_dir: Path) -> Path:
    return data_dir / MARKER_FILENAME


def read_marker(data_dir: Path) -> Marker | None:
    """The marker, or None when this folder has none (a new or a plaintext store)."""
    path = marker_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        mode, store_id = data["mode"], data["store_id"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise StoreKeyError("store_key_marker_damaged",
                            f"数据文件夹中的密钥说明文件 {path.name} 已损坏，无法判断如何打开数据",
                            path, file=path.name) from None
    if mode not in (MODE_KEYRING, MODE_PASSPHRASE) or not isinstance(store_id, str):
        raise StoreKeyError("store_key_marker_damaged",
                            f"数据文件夹中的密钥说明文件 {path.name} 已损坏，无法判断如何打开数据",
                            path, file=path.name)
    return Marker(mode, store_id)


def write_marker(data_dir: Path, marker: Marker) -> None:
    """Write the marker 0600 and atomically (a half-written marker would lock the store)."""
    path = marker_path(data_dir)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump({"format": 1, "mode": marker.mode, "store_id": marker.store_id}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def keyring_usable() -> bool:
    """False when keyring has only its 'fail' backend (no Secret Service, no Keychain…)."""
    import keyring
    from keyring.backends import fail

    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken backend configuration is no keyring
        return False


def _ask_passphrase(data_dir: Path, new: bool) -> StoreKey:
    if not _PASSPHRASE_SOURCE:
        raise StoreKeyError(
            "passphrase_needed",
            "本机没有可用的系统钥匙串，打开数据需要口令；请在图形界面中输入，"
            "或在命令行加 --passphrase-stdin 从标准输入提供口令", data_dir)
    passphrase = _PASSPHRASE_SOURCE[0](data_dir, new)
    if passphrase is None:
        raise StoreKeyError("passphrase_cancelled", "没有输入口令，数据没有打开", data_dir)
    if new and len(passphrase.strip()) < MIN_PASSPHRASE:  # spaces alone protect nothing
        raise StoreKeyError("passphrase_too_short",
                            f"口令至少需要 {MIN_PASSPHRASE} 个字符", data_dir,
                            minimum=str(MIN_PASSPHRASE))
    if not passphrase:
        raise StoreKeyError("passphrase_cancelled", "没有输入口令，数据没有打开", data_dir)
    return StoreKey(MODE_PASSPHRASE, passphrase=passphrase)


def new_key(data_dir: Path) -> StoreKey:
    """Choose and record the key of a store about to be made: a random key in the keyring when
    there is one, else a passphrase asked for now. The marker is written only after the key is
    safe in the keyring, so a marker never names a key that does not exist."""
    import keyring
    from keyring.errors import KeyringError

    store_id = secrets.token_hex(16)
    marker = Marker(MODE_KEYRING, store_id)
    if keyring_usable():
        raw = secrets.token_bytes(KEY_BYTES)
        try:
            keyring.set_password(KEYRING_SERVICE, marker.account, raw.hex())
            if keyring.get_password(KEYRING_SERVICE, marker.account) != raw.hex():
                raise KeyringError("the keyring did not keep the key")
        except KeyringError:
            pass  # a locked or read-only keyring: fall back to a passphrase
        else:
            write_marker(data_dir, marker)
            key = StoreKey(MODE_KEYRING, raw=raw)
            remember(data_dir, key)
            return key
    key = _ask_passphrase(data_dir, new=True)
    write_marker(data_dir, Marker(MODE_PASSPHRASE, store_id))
    remember(data_dir, key)
    return key


def existing_key(data_dir: Path, marker: Marker) -> StoreKey:
    """The key of a store already made, from this process's memory, the keyring or the person."""
    fetching = _PREFETCHING.pop(data_dir.resolve(), None)
    if fetching is not None:
        fetching.join()
    known = known_key(data_dir)
    if known is not None and known.mode == marker.mode:
        return known
    if marker.mode == MODE_PASSPHRASE:
        return _ask_passphrase(data_dir, new=False)
    return _keyring_key(data_dir, marker)


def _keyring_key(data_dir: Path, marker: Marker) -> StoreKey:
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, marker.account) if keyring_usable() else None
    except KeyringError:
        stored = None
    try:
        raw = bytes.fromhex(stored) if stored is not None else b""
    except ValueError:
        raw = b""
    if len(raw) != KEY_BYTES:
        raise StoreKeyError(
            "store_key_missing",
            "本机钥匙串中没有这个数据文件夹的密钥（数据是在另一台电脑或另一个系统账户下建立的，"
            "或钥匙串被清除），无法打开加密的数据；请用备份恢复，或在原来的电脑上导出数据",
            data_dir)
    return StoreKey(MODE_KEYRING, raw=raw)


def wrong_key(data_dir: Path, key: StoreKey) -> StoreKeyError:
    """The refusal of a key the store does not open with (forgotten so the next try asks again)."""
    forget(data_dir)
    if key.mode == MODE_PASSPHRASE:
        return StoreKeyError("wrong_passphrase", "口令不正确，数据没有打开", data_dir)
    return StoreKeyError(
        "wrong_store_key",
        "钥匙串中的密钥打不开这个数据文件（文件已损坏，或不是用这台电脑的密钥加密的）", data_dir)


def prefetch(data_dir: Path) -> None:
    """Start fetching a keyring store's key in the background, so importing the keyring library
    and asking the OS keyring (a D-Bus or Keychain call) overlap the GUI's own start; the store
    opens with the key found (`existing_key` reads it from memory). Does nothing for a new or a
    passphrase store; any failure is left for the open itself to report."""
    def fetch() -> None:
        try:
            marker = read_marker(data_dir)
            if marker is not None and marker.mode == MODE_KEYRING and known_key(data_dir) is None:
                remember(data_dir, _keyring_key(data_dir, marker))
        except Exception:  # reported by the open that follows
            pass

    thread = threading.Thread(target=fetch, name="store-key-prefetch", daemon=True)
    _PREFETCHING[data_dir.resolve()] = thread
    thread.start()
