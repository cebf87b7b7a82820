"""Evidence files (photos, scans kept for rating scores) encrypted at rest in the data folder.

Beside an encrypted store (one with a key marker) each file, stored under its content's SHA-256
(the name the Attachment row records), is sealed with AES-256-GCM under a key derived from the
store key (purpose "evidence"; app.store_key), its name
bound in as associated data so two files cannot be swapped unnoticed. `read_evidence` gives the
plaintext back whichever way the file is stored; files of older versions are sealed in place on
open (`seal_plaintext_evidence`): sealed copy written and swapped in atomically, the plaintext
linked aside, overwritten and removed — an interruption leaves one readable form of every file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from app.store_key import derive_key, is_sealed, seal, unseal
from db.encrypt import wipe
from db.keys import read_marker
from db.store import private_folder

FOLDER = "attachments"
# The largest evidence file (a phone photo, a scanned PDF); the sync server takes no larger.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
PURPOSE = "evidence"
OLD_SUFFIX, NEW_SUFFIX = ".plain-old", ".sealing"
MAX_SUFFIX_CHARS = 16  # of a local name's suffix, dot included (at most 64 bytes in UTF-8)


def folder_of(data_dir: Path) -> Path:
    return data_dir / FOLDER


def local_name(sha256: str, filename: str) -> str:
    """The name the file of an attachment row has in the attachments folder: the hash and the
    row's suffix, lower-cased — only a short one of letters and digits (a row from the server
    may name any file; a long or odd suffix would make no valid file name here)."""
    suffix = Path(filename).suffix.lower()
    keep = len(suffix) <= MAX_SUFFIX_CHARS and suffix[1:].isalnum()
    return f"{sha256}{suffix if keep else ''}"


def is_stored(data_dir: Path, sha256: str, filename: str) -> bool:
    """False while the file is 未下载: its row came by sync, the file not (yet)."""
    return (folder_of(data_dir) / local_name(sha256, filename)).is_file()


def _write_private(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + NEW_SUFFIX)
    descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def store_evidence(data_dir: Path, content: bytes, suffix: str) -> tuple[str, Path]:
    """Keep `content` sealed in the attachments folder; returns (sha256 hex, the file)."""
    digest = hashlib.sha256(content).hexdigest()
    folder = folder_of(data_dir)
    private_folder(folder)
    target = folder / local_name(digest, f"x{suffix}")
    if not target.exists():
        if read_marker(data_dir) is None:  # no encrypted store in this folder: as it is
            _write_private(target, content)
        else:
            key = derive_key(data_dir, PURPOSE)
            _write_private(target, seal(key, content, target.name.encode("utf-8")))
    return digest, target


def read_evidence(data_dir: Path, name: str) -> bytes:
    """The plaintext of the evidence file `name` (sealed, or plaintext of an older version);
    a sealed file that was altered is refused (BadInput)."""
    path = folder_of(data_dir) / name
    data = path.read_bytes()
    if not is_sealed(data):
        return data
    return unseal(derive_key(data_dir, PURPOSE), data, name.encode("utf-8"), name)


def seal_plaintext_evidence(data_dir: Path) -> int:
    """Seal every evidence file still in plaintext; returns how many were sealed."""
    folder = folder_of(data_dir)
    if not folder.is_dir() or read_marker(data_dir) is None:
        return 0
    for leftover in folder.glob(f"*{NEW_SUFFIX}"):
        leftover.unlink(missing_ok=True)  # a sealed copy never swapped in
    sealed = 0
    key: bytes | None = None
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.endswith(OLD_SUFFIX):
            continue
        old = path.with_name(path.name + OLD_SUFFIX)
        data = path.read_bytes()
        if not is_sealed(data):
            key = key or derive_key(data_dir, PURPOSE)
            old.unlink(missing_ok=True)
            os.link(path, old)
            _write_private(path, seal(key, data, path.name.encode("utf-8")))
            sealed += 1
        if old.exists():
            wipe(old)  # the plaintext: overwritten, then removed
    for orphan in folder.glob(f"*{OLD_SUFFIX}"):  # its sealed file is in place: wipe
        if (folder / orphan.name[: -len(OLD_SUFFIX)]).exists():
            wipe(orphan)
    return sealed
