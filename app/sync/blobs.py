"""Evidence files over the sync server (docs/sync-protocol.md, "Evidence files").

Rows travel by push and pull; the files they name (attachments by SHA-256) travel here:
`upload_missing` after a push sends the files of this folder the server lacks, in chunks that
resume where the server's copy stopped; `fetch_missing` after a pull (in the background, with
progress) brings the files this folder lacks, checks their hash and keeps them sealed with the
local key exactly as a file attached here is (app.evidence_files). A file not here yet is
"未下载" (`is_here`); a failure leaves it so and a later fetch tries again — nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import logs
from app.errors import BadInput, Cancelled
from app.evidence_files import (
    NEW_SUFFIX,
    folder_of,
    is_stored,
    local_name,
    read_evidence,
    store_evidence,
)
from app.progress import NullProgress, Progress, check_cancelled
from app.session import get_setting, set_setting
from app.sync.auth import connect
from app.sync.batching import PushedOp
from app.sync.client import NotFoundOnServer, SyncClient
from app.sync.errors import AuthRequired, ServerRefused, ServerUnreachable, SyncError
from db.among import among
from db.models import Attachment
from db.store import Store

CHUNK_BYTES = 1024 * 1024  # one PUT; a broken upload resumes from the last whole chunk
MAX_STALLS = 3  # answers in a row that do not move an upload on before it is left for later
ASK_BATCH = 500  # hashes per "which are missing" question (the server takes up to 1000)
# {"server": base URL, "sha256": [hashes of pushed rows whose files that server may lack]}
PENDING = "sync.blobs_pending"
TABLE = Attachment.__tablename__
_HEX = re.compile("[0-9a-f]{64}")
PROGRESS_TEXT = "files"  # the phase named to progress while uploading
FETCH_TEXT = "file downloads"  # … and while fetching
# Refusals of one file (too large, hash refused…): reported, the others still go.
_PER_FILE = (ServerRefused,)


@dataclass(frozen=True)
class Evidence:
    """One evidence file as the rows name it: its hash and the name it has in this folder."""

    sha256: str
    filename: str

    @property
    def local_name(self) -> str:
        return local_name(self.sha256, self.filename)


@dataclass
class BlobReport:
    uploaded: int = 0
    fetched: int = 0
    checked: int = 0  # hashes an upload pass looked at (0 when nothing was pushed since)
    errors: list[Exception] = field(default_factory=list)  # one per file that did not move

    @property
    def failed(self) -> list[str]:
        """The errors as the sync report's warnings (Chinese, as the CLI prints them)."""
        return [str(error) for error in self.errors]


def data_dir_of(store: Store) -> Path:
    return store.path.parent


def is_here(data_dir: Path, evidence: Evidence) -> bool:
    """False while the file is 未下载 (its row came from the server, the file not yet)."""
    return is_stored(data_dir, evidence.sha256, evidence.filename)


def _evidence(store: Store) -> list[Evidence]:
    """Every file the live attachment rows name (once per hash and name)."""
    query = select(Attachment.sha256, Attachment.filename).where(Attachment.deleted_at.is_(None))
    with store.session() as session:
        found = {Evidence(digest, name): None for digest, name in session.execute(query)}
    return list(found)


def not_here(store: Store) -> list[Evidence]:
    """Files the live rows name that this folder lacks."""
    data_dir = data_dir_of(store)
    return [e for e in _evidence(store) if not is_here(data_dir, e)]


def _pending(session: Session) -> tuple[str | None, set[str]]:
    """The server the kept list is for (None: no pass yet) and its pending hashes."""
    try:
        kept = json.loads(get_setting(session, PENDING, "{}") or "{}")
        return str(kept["server"]), {str(d) for d in kept.get("sha256") or []}
    except (ValueError, TypeError, AttributeError, KeyError):
        return None, set()


def _keep_pending(session: Session, server: str, digests: Iterable[str]) -> None:
    set_setting(session, PENDING, json.dumps({"server": server, "sha256": sorted(set(digests))}))


def note_pushed(session: Session, server: str, ops: Iterable[PushedOp]) -> None:
    """In the push's own transaction: the files of attachment rows just sent wait for the next
    upload pass (so a pass looks at these, not at every row). Before the first pass for this
    server nothing is kept: that pass looks at every file here anyway."""
    ids = [op.row_id for op in ops if op.table_name == TABLE and op.op != "delete"]
    if not ids:
        return
    kept_for, pending = _pending(session)
    if kept_for != server:
        return
    found: set[str] = set()
    for start in range(0, len(ids), ASK_BATCH):
        found.update(session.scalars(select(Attachment.sha256).where(
            among(Attachment.id, ids[start:start + ASK_BATCH]), Attachment.deleted_at.is_(None))))
    if not found <= pending:
        _keep_pending(session, server, pending | found)


def _files_here(data_dir: Path) -> set[str]:
    """Hashes of the evidence files this folder holds (one listing, no file read)."""
    try:
        names = os.listdir(folder_of(data_dir))
    except OSError:
        return set()
    return {name[:64] for name in names
            if len(name) >= 64 and _HEX.fullmatch(name[:64]) and not name.endswith(NEW_SUFFIX)}


def _present(store: Store, digests: Iterable[str]) -> tuple[dict[str, Evidence], set[str]]:
    """Of these hashes, those a live row names and whose file is here (under that row's name),
    and those a live row names whose file is not here."""
    data_dir, wanted, here = data_dir_of(store), sorted(set(digests)), {}
    named: set[str] = set()
    with store.session() as session:
        for start in range(0, len(wanted), ASK_BATCH):
            query = select(Attachment.sha256, Attachment.filename).where(
                among(Attachment.sha256, wanted[start:start + ASK_BATCH]),
                Attachment.deleted_at.is_(None))
            for digest, name in session.execute(query):
                evidence = Evidence(digest, name)
                named.add(digest)
                if digest not in here and is_here(data_dir, evidence):
                    here[digest] = evidence
    return here, named - set(here)


def _candidates(store: Store, server: str) -> set[str]:
    """The hashes a pass looks at: those pushed or left unconfirmed since the last pass for
    this server; the first pass for a server (or after logging in to another) looks at every
    file in this folder."""
    with store.session() as session:
        kept_for, pending = _pending(session)
    return pending if kept_for == server else _files_here(data_dir_of(store))


def upload_missing(store: Store, client: SyncClient, progress: Progress | None = None
                   ) -> BlobReport:
    """Send the server the files of this folder it lacks — only those whose rows were pushed
    since the last pass, or that a pass left unconfirmed (the pending list), so a sync with
    nothing new reads no file. A file whose row the server does not have (yet) stays pending
    and is tried again next time, and so does one the server lacks that is no longer here
    (deleted after attaching: warned about, sent once put back); an unreachable server stops
    the pass."""
    progress = progress or NullProgress()
    server = client.base_url
    asked_about = _candidates(store, server)
    report = BlobReport(checked=len(asked_about))
    data_dir = data_dir_of(store)
    here, gone = _present(store, asked_about)
    asked = sorted(here) + sorted(gone)
    missing: list[str] = []
    confirmed: set[str] = set()  # on the server now: no longer pending
    try:
        for start in range(0, len(asked), ASK_BATCH):
            check_cancelled(progress)
            batch = asked[start:start + ASK_BATCH]
            lacking = set(client.blobs_missing(batch))
            confirmed.update(d for d in batch if d not in lacking)
            missing += [d for d in batch if d in lacking and d in here]
            for digest in sorted(lacking & gone):  # deleted or moved here after attaching
                logs.get("app.sync").warning("evidence file %s not here to upload", digest[:12])
                report.errors.append(SyncError(code="sync.local.blob_gone", sha256=digest[:12]))
        for done, digest in enumerate(missing):
            check_cancelled(progress)
            progress.report(done, len(missing), PROGRESS_TEXT)
            try:
                content = read_evidence(data_dir, here[digest].local_name)
                upload_one(client, digest, content, progress)
            except NotFoundOnServer:
                continue  # its row is not on the server (refused or not pushed yet): next time
            except (*_PER_FILE, BadInput, OSError) as exc:  # refused, or altered/gone here
                logs.get("app.sync").warning("evidence file %s not uploaded: %s", digest[:12], exc)
                report.errors.append(exc)
                continue
            confirmed.add(digest)
            report.uploaded += 1
    except (ServerRefused, ServerUnreachable) as exc:  # the rows synced anyway: next time
        report.errors.append(exc)
    finally:
        # Kept: what a live row names and the server did not confirm, the file here or not (one
        # deleted here after attaching goes once it is put back). Dropped: what no live row names.
        with store.transaction() as session:
            kept_for, pending = _pending(session)
            noted_since = pending - asked_about if kept_for == server else set()
            _keep_pending(session, server, noted_since | ((set(here) | gone) - confirmed))
    return report


def pending_uploads(store: Store, server: str) -> set[str]:
    """Hashes waiting for an upload pass to `server` (empty before the first pass)."""
    with store.session() as session:
        kept_for, pending = _pending(session)
    return pending if kept_for == server else set()


def upload_one(client: SyncClient, digest: str, content: bytes,
               progress: Progress | None = None) -> None:
    """Upload one file in chunks, starting where the server's partial copy ends. A copy the
    server holds that cannot be this file's (longer than it) is started over; a server that
    keeps answering without the upload moving on stops it after a few tries (ServerRefused
    `sync.local.blob_upload_stuck`: the file stays pending, tried again at the next sync)."""
    progress = progress or NullProgress()
    state = client.blob_upload_state(digest)
    offset, stalls = int(state.get("received") or 0), 0
    while not state.get("complete"):
        check_cancelled(progress)
        if offset > len(content):
            offset = 0  # cannot be ours: a chunk at 0 makes the server start over
        try:
            state = client.put_blob_chunk(digest, offset, len(content),
                                          content[offset:offset + CHUNK_BYTES])
        except SyncError as exc:
            if (exc.envelope or {}).get("code") != "blob_offset_mismatch":
                raise
            state = client.blob_upload_state(digest)  # resume from what the server holds
        moved_to = int(state.get("received") or 0)
        stalls = 0 if moved_to > offset else stalls + 1
        if stalls > MAX_STALLS and not state.get("complete"):
            raise ServerRefused(code="sync.local.blob_upload_stuck", sha256=digest[:12])
        offset = moved_to


def fetch_one(store: Store, client: SyncClient, names: Sequence[Evidence]) -> None:
    """Download one file (every `names` entry has its hash), check the hash and keep it sealed
    here under each name. Raises SyncError when it cannot (the file stays 未下载)."""
    digest = names[0].sha256
    content = client.get_blob(digest)
    if hashlib.sha256(content).hexdigest() != digest:
        raise SyncError(code="sync.local.blob_corrupt", filename=names[0].filename)
    data_dir = data_dir_of(store)
    for evidence in names:
        store_evidence(data_dir, content, Path(evidence.filename).suffix)


def _fetch_each(store: Store, client: SyncClient, files: Iterable[Evidence], progress: Progress
                ) -> BlobReport:
    """Fetch these, one download per hash, progress per file. A file the server lacks or
    refuses stays 未下载 and the pass goes on; an unreachable server or a lost login ends it."""
    report = BlobReport()
    by_hash: dict[str, list[Evidence]] = {}
    for evidence in files:
        by_hash.setdefault(evidence.sha256, []).append(evidence)
    for done, names in enumerate(by_hash.values()):
        check_cancelled(progress)
        progress.report(done, len(by_hash), FETCH_TEXT)
        try:
            fetch_one(store, client, names)
        except (Cancelled, AuthRequired, ServerUnreachable):
            raise
        except (SyncError, OSError) as exc:  # refused, or not writable here: the next one
            logs.get("app.sync").warning("evidence file %s not fetched: %s",
                                         names[0].sha256[:12], exc)
            report.errors.append(exc if isinstance(exc, SyncError) else SyncError(
                code="sync.local.blob_not_saved", filename=names[0].filename))
            continue
        report.fetched += 1
    progress.report(len(by_hash), len(by_hash), FETCH_TEXT)
    return report


def fetch_missing(store: Store, client: SyncClient, progress: Progress | None = None
                  ) -> BlobReport:
    """Download every file the rows name that this folder lacks (see _fetch_each)."""
    return _fetch_each(store, client, not_here(store), progress or NullProgress())


def fetch_files(store: Store, wanted: Iterable[Evidence], progress: Progress | None = None
                ) -> BlobReport:
    """The retry of 未下载 files (the evidence list's button): connects with the stored login
    and fetches these (under every name their content has here)."""
    progress = progress or NullProgress()
    hashes = {evidence.sha256 for evidence in wanted}
    files = [evidence for evidence in not_here(store) if evidence.sha256 in hashes]
    with connect(store, should_stop=lambda: progress.cancelled) as client:
        return _fetch_each(store, client, files, progress)


def fetch_after_sync(store: Store, progress: Progress | None = None) -> BlobReport:
    """The background fetch after a sync: every 未下载 file, failures reported (never raised
    but Cancelled) so the sync that came before still counts as done."""
    progress = progress or NullProgress()
    try:
        with connect(store, should_stop=lambda: progress.cancelled) as client:
            return fetch_missing(store, client, progress)
    except SyncError as exc:
        return BlobReport(errors=[exc])
    except OSError as exc:  # the data folder itself (a failed file is reported by _fetch_each)
        logs.get("app.sync").warning("evidence files not fetched: %s", exc)
        return BlobReport(errors=[SyncError(code="sync.local.blobs_not_saved")])
