"""Evidence files (the blobs attachment rows name by SHA-256) on the server's disk.

Content-addressed: a complete blob is `<root>/<aa>/<sha256>` and never changes, so a backup can
copy the folder incrementally. An upload arrives in chunks appended to a partial file of its own
(`<root>/partial/<sha256>.<user id>`); when the last chunk is in, the server hashes the whole
file, and only a match is renamed into place — a mismatch is deleted, so nothing unverified is
ever served. Whether a caller may touch a blob is decided by the rows, not the files
(`may_see`): a blob is theirs when an attachment row in their scope names it.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, and_, or_, select

from app.evidence_files import MAX_EVIDENCE_BYTES
from db.models import Attachment
from db.store import private_folder
from server.auth import Caller
from server.problems import ApiError
from server.schema import RowIndex

MAX_BLOB_BYTES = MAX_EVIDENCE_BYTES  # one evidence file: a phone photo or a scanned PDF
MIB = 1024 * 1024
PARTIAL = "partial"
PARTIAL_MAX_AGE_SECONDS = 7 * 24 * 3600  # an upload not resumed within a week starts over
HASH_PATTERN = "^[0-9a-f]{64}$"
READ_BLOCK = 1 << 20


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

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def _partial(self, digest: str, user_id: int) -> Path:
        return self.root / PARTIAL / f"{digest}.{user_id}"

    def state(self, digest: str, user_id: int) -> UploadState:
        """How much of this caller's upload the server holds."""
        if self.has(digest):
            return UploadState(self.path(digest).stat().st_size, True)
        partial = self._partial(digest, user_id)
        return UploadState(partial.stat().st_size if partial.exists() else 0, False)

    def append(self, digest: str, user_id: int, offset: int, total: int, data: bytes
               ) -> UploadState:
        """Add one chunk at `offset` of a blob of `total` bytes; the last chunk checks the hash.
        Refusals (ApiError) change nothing but a hash mismatch, which drops the partial file."""
        if total > MAX_BLOB_BYTES:
            raise ApiError(413, "blob_too_large", size_mib=round(total / MIB, 1),
                           limit_mib=MAX_BLOB_BYTES // MIB)
        if self.has(digest):
            return UploadState(total, True)  # someone uploaded it already: nothing to write
        partial = self._partial(digest, user_id)
        held = partial.stat().st_size if partial.exists() else 0
        if offset != held:
            raise ApiError(409, "blob_offset_mismatch", offset=offset, received=held)
        if offset + len(data) > total:
            raise ApiError(422, "blob_chunk_past_end", total=total)
        if offset == 0:
            self._sweep()
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        received = offset + len(data)
        if received < total:
            return UploadState(received, False)
        if _sha256_of(partial) != digest:
            partial.unlink(missing_ok=True)
            raise ApiError(422, "blob_hash_mismatch", sha256=digest)
        target = self.path(digest)
        private_folder(target.parent)
        os.replace(partial, target)
        _sync_folder(target.parent)
        return UploadState(total, True)

    def _sweep(self) -> None:
        """Remove partial uploads nobody resumed for a week."""
        cutoff = time.time() - PARTIAL_MAX_AGE_SECONDS
        for stale in (self.root / PARTIAL).iterdir():
            try:
                if stale.stat().st_mtime < cutoff:
                    stale.unlink()
            except FileNotFoundError:
                continue


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
