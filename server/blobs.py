"""Evidence files (the blobs attachment rows name by SHA-256) on the server's disk.

Content-addressed: a complete blob is `<root>/<aa>/<sha256>` and never changes, so a backup can
copy the folder incrementally. An upload arrives in chunks appended to a partial file of its own
(`<root>/partial/<sha256>.<user id>`); when the last chunk is in, the server hashes the whole
file, and only a match is renamed into place — a mismatch is deleted, so nothing unverified is
ever served; a stored file damaged later is found by hashing it again before a worker first
serves it (`intact`) and removed, so an upload repairs it. Whether a caller may touch a blob is decided by the rows, not the files
(`may_see`): a blob is theirs when an attachment row in their scope names it.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, and_, or_, select

from app.evidence_files import MAX_EVIDENCE_BYTES
from db.durable import fsync_folder
from db.models import Attachment
from db.store import private_folder
from server.auth import Caller
from server.problems import ApiError
from server.schema import RowIndex

MAX_BLOB_BYTES = MAX_EVIDENCE_BYTES  # one evidence file: a phone photo or a scanned PDF
MIB = 1024 * 1024
PARTIAL = "partial"
LOCK_SUFFIX = ".lock"  # beside each partial upload: its lock (server.blobs._locked)
PARTIAL_MAX_AGE_SECONDS = 7 * 24 * 3600  # an upload not resumed within a week starts over
HASH_PATTERN = "^[0-9a-f]{64}$"
READ_BLOCK = 1 << 20
INTACT_REMEMBERED = 100_000  # files a worker remembers having hashed (then it starts over)
log = logging.getLogger(__name__)


def not_found(digest: str) -> ApiError:
    """One answer for a blob that is not here and one the caller has no row for (no oracle)."""
    return ApiError(404, "blob_not_found", sha256=digest)


@dataclass(frozen=True)
class UploadState:
    received: int
    complete: bool


class BlobStore:
    """The blob folder of one server (every worker shares it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        private_folder(root / PARTIAL)
        self._intact: dict[str, tuple[int, int, int, int]] = {}  # digest: its file as hashed

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def intact(self, digest: str) -> bool:
        """Whether the stored file is there and still hashes to its name. A damaged one (the
        disk, a hand) is removed, so it is never served and an upload stores it again. Each
        file is hashed once per worker while it stays as it was (inode, size, times)."""
        path = self.path(digest)
        try:
            seen = path.stat()
        except FileNotFoundError:
            return False
        key = (seen.st_ino, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns)
        if self._intact.get(digest) == key:
            return True
        try:
            genuine = _sha256_of(path) == digest
        except FileNotFoundError:
            return False
        if genuine:
            if len(self._intact) >= INTACT_REMEMBERED:
                self._intact.clear()
            self._intact[digest] = key
            return True
        log.warning("blob %s does not match its hash: removed", digest)
        with suppress(FileNotFoundError):
            if os.path.samestat(os.stat(path), seen):  # not one stored just now in its place
                path.unlink()
        return False

    def _partial(self, digest: str, user_id: int) -> Path:
        return self.root / PARTIAL / f"{digest}.{user_id}"

    def state(self, digest: str, user_id: int) -> UploadState:
        """How much of this caller's upload the server holds."""
        if self.intact(digest):
            return UploadState(self.path(digest).stat().st_size, True)
        partial = self._partial(digest, user_id)
        return UploadState(partial.stat().st_size if partial.exists() else 0, False)

    def append(self, digest: str, user_id: int, offset: int, total: int, data: bytes
               ) -> UploadState:
        """Add one chunk at `offset` of a blob of `total` bytes; the last chunk checks the hash.
        A chunk at offset 0 starts the caller's upload over, and a partial longer than `total`
        is dropped (it cannot be this file's), so a client can always restart. Under the
        partial's lock (several workers may serve one user's two devices at once). Refusals
        (ApiError) change nothing but a hash mismatch, which drops the partial file."""
        if total > MAX_BLOB_BYTES:
            raise ApiError(413, "blob_too_large", size_mib=round(total / MIB, 1),
                           limit_mib=MAX_BLOB_BYTES // MIB)
        if self.intact(digest):
            return self.state(digest, user_id)  # someone uploaded it already: nothing to write
        if offset == 0:
            self._sweep()
        partial = self._partial(digest, user_id)
        with _locked(partial) as lock:
            try:
                return self._append_locked(digest, partial, offset, total, data)
            finally:
                if not partial.exists():  # over (stored, refused or never begun): no lock left
                    lock.unlink(missing_ok=True)

    def _append_locked(self, digest: str, partial: Path, offset: int, total: int, data: bytes
                       ) -> UploadState:
        if self.has(digest):
            return UploadState(self.path(digest).stat().st_size, True)
        held = partial.stat().st_size if partial.exists() else 0
        restart = offset == 0 or held > total
        if restart:
            held = 0
        if offset != held:
            raise ApiError(409, "blob_offset_mismatch", offset=offset, received=held)
        if offset + len(data) > total:
            raise ApiError(422, "blob_chunk_past_end", total=total)
        _write_at(partial, offset, data, truncate=restart)
        received = offset + len(data)
        if received < total:
            return UploadState(received, False)
        try:
            genuine = _sha256_of(partial) == digest
        except FileNotFoundError:  # removed behind the lock (by hand): start over
            raise ApiError(409, "blob_offset_mismatch", offset=offset, received=0) from None
        if not genuine:
            partial.unlink(missing_ok=True)
            raise ApiError(422, "blob_hash_mismatch", sha256=digest)
        target = self.path(digest)
        private_folder(target.parent)
        os.replace(partial, target)
        fsync_folder(target.parent)
        return UploadState(total, True)

    def _sweep(self) -> None:
        """Remove partial uploads nobody resumed for a week (each under its lock, so an upload
        going on is never cut), and lock files left without one."""
        cutoff = time.time() - PARTIAL_MAX_AGE_SECONDS
        for stale in (self.root / PARTIAL).iterdir():
            partial = stale.with_name(stale.name.removesuffix(LOCK_SUFFIX))
            try:
                if stale.stat().st_mtime >= cutoff or (partial != stale and partial.exists()):
                    continue
                with _locked(partial, wait=False) as lock:
                    if not partial.exists() or partial.stat().st_mtime < cutoff:
                        partial.unlink(missing_ok=True)
                        lock.unlink()
            except (FileNotFoundError, BlockingIOError):
                continue


@contextmanager
def _locked(partial: Path, wait: bool = True) -> Iterator[Path]:
    """Hold the lock of one partial upload: a lock file beside it, locked with flock, which
    holds across the server's worker processes and between threads of one. The holder may
    remove the lock file (yielded) when the upload is over; a waiter then finds the file it
    locked gone and locks the new one."""
    lock = partial.with_name(partial.name + LOCK_SUFFIX)
    while True:
        descriptor = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.path.exists(lock) and os.path.samestat(os.fstat(descriptor), os.stat(lock)):
                break
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)
    try:
        yield lock
    finally:
        os.close(descriptor)  # releases the lock


def _write_at(partial: Path, offset: int, data: bytes, truncate: bool) -> None:
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        os.ftruncate(descriptor, 0 if truncate else offset)
        view = memoryview(data)
        while view:
            written = os.pwrite(descriptor, view, offset)
            view, offset = view[written:], offset + written
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()



def may_see(connection: Connection, caller: Caller, digests: list[str]) -> set[str]:
    """Those of `digests` named by an attachment row in the caller's scope (live or deleted: a
    deleted row may be put back, and its file with it)."""
    attachments, rows = Attachment.__table__, RowIndex.__table__
    query = (
        select(attachments.c.sha256).distinct()
        .join(rows, and_(rows.c.table_name == "attachments", rows.c.row_id == attachments.c.id))
        .where(attachments.c.sha256.in_(digests))
    )
    if not caller.sees_district:
        query = query.where(or_(rows.c.street_id == caller.street_id, rows.c.district.is_(True)))
    return set(connection.scalars(query))
