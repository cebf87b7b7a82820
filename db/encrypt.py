"""Encrypting a plaintext store in place, so that an interruption at any point loses nothing.

A file is plaintext when it starts with SQLite's own header; SQLCipher's files start with a
random salt. That header, not the marker file, tells which kind the store is, so the store always
opens as one of the two. Steps (each named, `KILL_ENV` can stop the process at one for tests):

1. key: the key is made and kept (keyring or passphrase) and the marker written — the store is
   still plaintext, so a crash here opens it as before and the next start reuses that key;
2. settle: the plaintext store's WAL is folded into the file and the journal mode set to DELETE,
   so no -wal file is left for SQLite to replay over the new file;
3. copy: `sqlcipher_export` into `<store>.encrypting`, flushed to disk;
4. verify: the copy opens with the key, passes `integrity_check` and holds as many rows in every
   table as the original;
5. swap: the plaintext file is hard-linked to `<store>.plaintext-old`, then the copy replaces the
   store (`os.replace`, atomic) and the folder is flushed;
6. wipe: the old plaintext is overwritten with zeros, flushed and removed.

A leftover `.encrypting` is a copy never swapped in (deleted); a leftover `.plaintext-old` beside
an encrypted store is the old plaintext (wiped); beside a plaintext store it is a link to the very
same file (only the link is removed).
"""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

from db.durable import fsync_folder
from db.engine import keyed_connect
from db.keys import StoreKey

SQLITE_HEADER = b"SQLite format 3\x00"
STEPS = ("key", "settle", "copy", "verify", "swap", "wipe")
KILL_ENV = "COMPOUND_DESK_TEST_KILL_AT"  # tests only: SIGKILL this process at the named step
COPY_SUFFIX, OLD_SUFFIX = ".encrypting", ".plaintext-old"
WIPE_CHUNK = 1 << 20

# (step name, steps done, steps in all): the UI's progress bar or the CLI's status line.
Progress = Callable[[str, int, int], None]


class EncryptionFailed(Exception):
    """The encrypted copy did not match the original; the plaintext store is untouched."""


def is_plaintext(path: Path) -> bool:
    """True for a SQLite file not (yet) encrypted; False for SQLCipher's or an empty file."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def reached(step: str) -> None:
    """Test hook: a test names a step in KILL_ENV and this process dies there, as with a power
    cut, to show the store still opens."""
    if os.environ.get(KILL_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, flush it, and remove it (a best effort on SSDs and
    copy-on-write file systems, which may keep old blocks; the OS' disk encryption covers those)."""
    try:
        size = path.stat().st_size
        with open(path, "rb+") as handle:
            zeros = bytes(WIPE_CHUNK)
            for _ in range(0, size, WIPE_CHUNK):
                handle.write(zeros)
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


def tidy_leftovers(path: Path) -> None:
    """Clear what an interrupted encryption left beside `path` (see the module's note)."""
    copy, old = path.with_name(path.name + COPY_SUFFIX), path.with_name(path.name + OLD_SUFFIX)
    copy.unlink(missing_ok=True)
    if old.exists():
        if path.exists() and os.path.samefile(old, path):
            old.unlink()
        else:
            wipe(old)


def row_counts(connection: object, schema: str = "main") -> dict[str, int]:
    cursor = connection.execute(  # type: ignore[attr-defined]
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    names = [row[0] for row in cursor.fetchall()]
    return {name: connection.execute(  # type: ignore[attr-defined]
        f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


def settle(path: Path) -> dict[str, int]:
    """Fold the WAL into the plaintext file, leave it in rollback-journal mode (no -wal file for
    SQLite to replay over the encrypted file later), and count its rows."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        return row_counts(connection)
    finally:
        connection.close()


def encrypted_copy(path: Path, copy: Path, key: StoreKey) -> None:
    """`sqlcipher_export` of the plaintext `path` into a new SQLCipher file `copy`."""
    from sqlcipher3 import dbapi2

    copy.unlink(missing_ok=True)
    os.close(os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    connection = dbapi2.connect(str(path), isolation_level=None)
    try:
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.literal()}",
                           (str(copy),))
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    _fsync_file(copy)


def verify_copy(copy: Path, key: StoreKey, expected: dict[str, int]) -> None:
    connection = keyed_connect(copy, key)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchall()
        if verdict != [("ok",)]:
            raise EncryptionFailed(f"the encrypted copy fails its integrity check: {verdict[:3]}")
        counts = row_counts(connection)
    finally:
        connection.close()
    if counts != expected:
        differing = sorted(name for name in set(counts) | set(expected)
                           if counts.get(name) != expected.get(name))
        raise EncryptionFailed(f"the encrypted copy's row counts differ in {differing[:5]}")


def encrypt_in_place(path: Path, key: StoreKey, progress: Progress | None = None) -> None:
    """Replace the plaintext SQLite file `path` by an encrypted copy (steps in the module note).
    On any failure before the swap the plaintext store is left as it was."""
    def step(name: str) -> None:
        reached(name)
        if progress is not None:
            progress(name, STEPS.index(name), len(STEPS))

    copy, old = path.with_name(path.name + COPY_SUFFIX), path.with_name(path.name + OLD_SUFFIX)
    step("settle")
    expected = settle(path)
    step("copy")
    try:
        encrypted_copy(path, copy, key)
        step("verify")
        verify_copy(copy, key, expected)
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    step("swap")
    old.unlink(missing_ok=True)
    os.link(path, old)
    fsync_folder(path.parent)
    reached("link")
    os.replace(copy, path)
    fsync_folder(path.parent)
    step("wipe")
    wipe(old)
    fsync_folder(path.parent)
    if progress is not None:
        progress("done", len(STEPS), len(STEPS))
