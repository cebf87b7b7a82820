"""The backup file: a readable header, then the payload encrypted in chunks, then a checksum.

    MAGIC | header length (u32, big-endian) | header (JSON, UTF-8) | nonce prefix (7 bytes)
    | chunks | SHA-256 of everything before it (32 bytes)

The header holds no personal data (format, created time, counts, the key's id) so the backup list
reads it without the key. The payload is cut in 1 MiB chunks, each sealed with AES-256-GCM
(nonce = prefix + chunk number + last-chunk flag, the header's hash as associated data): a
flipped byte, a truncation, reordered chunks or an edited header all fail. Every chunk but the
last is full, and the last is shorter than a full one (empty when the payload ends on a chunk
boundary), so the chunk boundaries follow from the file size alone.

The SHA-256 trailer tells a damaged file (checksum wrong) from one sealed with another key
(checksum right, key id different) before any decryption.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CompoundDeskBackup\n\x00"
FORMAT = 1
CHUNK = 1 << 20
TAG = 16
PREFIX = 7
DIGEST = 32
MAX_HEADER = 64 * 1024
_SEALED = CHUNK + TAG


class BackupDamaged(Exception):
    """The file is no backup of ours, is damaged, or was sealed with another key. `reason` is one
    of "foreign", "damaged", "other_key", "newer_format"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def key_id(key: bytes) -> str:
    """A short public name of the key (HMAC of a constant), stored in the header."""
    return hmac.new(key, b"compound-desk backup key id", hashlib.sha256).hexdigest()[:16]


def _aead(key: bytes) -> AESGCM:
    """AES-256-GCM (imported when a backup is made or read, not at the app's start)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", number) + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A file-like sink: plaintext written here lands in `out` sealed chunk by chunk."""

    def __init__(self, out: BinaryIO, key: bytes, header: dict[str, Any]) -> None:
        self._out = out
        self._aead = _aead(key)
        self._digest = hashlib.sha256()
        self._buffer = bytearray()
        self._number = 0
        header_bytes = json.dumps(
            {**header, "format": FORMAT, "key_id": key_id(key), "chunk": CHUNK},
            ensure_ascii=False, sort_keys=True,
        ).encode("utf-8")
        self._prefix = os.urandom(PREFIX)
        self._aad = hashlib.sha256(MAGIC + header_bytes).digest()
        self._emit(MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + self._prefix)

    def _emit(self, data: bytes) -> None:
        self._digest.update(data)
        self._out.write(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        self._emit(self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._aad))
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is short
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        """Seal what is left as the last chunk and write the checksum."""
        if len(self._buffer) == CHUNK:
            self._seal(bytes(self._buffer), last=False)
            self._buffer.clear()
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._out.write(self._digest.digest())


@dataclass(frozen=True)
class Opened:
    """A backup file whose header was read: where its chunks start and end."""

    path: Path
    header: dict[str, Any]
    header_bytes: bytes
    body_start: int  # the nonce prefix
    body_end: int  # the checksum


def read_header(path: Path) -> Opened:
    """The header, without the key; BackupDamaged("foreign"/"damaged"/"newer_format")."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            lead = handle.read(len(MAGIC) + 4)
            if len(lead) < len(MAGIC) or lead[: len(MAGIC)] != MAGIC:
                raise BackupDamaged("foreign")
            if len(lead) < len(MAGIC) + 4:
                raise BackupDamaged("damaged")
            (length,) = struct.unpack(">I", lead[len(MAGIC):])
            if length > MAX_HEADER:
                raise BackupDamaged("damaged")
            header_bytes = handle.read(length)
    except IsADirectoryError:
        raise BackupDamaged("foreign") from None
    if len(header_bytes) != length:
        raise BackupDamaged("damaged")
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupDamaged("damaged") from None
    if not isinstance(header, dict) or not isinstance(header.get("format"), int):
        raise BackupDamaged("damaged")
    if header["format"] > FORMAT:
        raise BackupDamaged("newer_format")
    if header.get("chunk") != CHUNK or not isinstance(header.get("key_id"), str):
        raise BackupDamaged("damaged")
    body_start = len(MAGIC) + 4 + length
    body_end = size - DIGEST
    if body_end - body_start < PREFIX + TAG:
        raise BackupDamaged("damaged")
    return Opened(path, header, header_bytes, body_start, body_end)


def check_sum(opened: Opened) -> None:
    """The trailer must be the SHA-256 of everything before it."""
    digest = hashlib.sha256()
    with opened.path.open("rb") as handle:
        remaining = opened.body_end
        while remaining:
            block = handle.read(min(remaining, 4 * CHUNK))
            if not block:
                raise BackupDamaged("damaged")
            digest.update(block)
            remaining -= len(block)
        if not hmac.compare_digest(digest.digest(), handle.read(DIGEST)):
            raise BackupDamaged("damaged")


def plain_chunks(opened: Opened, key: bytes) -> Iterator[bytes]:
    """The payload, chunk by chunk, each checked by its tag; BackupDamaged on the first bad one
    (so a caller must not keep anything it got before the iterator ends)."""
    from cryptography.exceptions import InvalidTag

    if not hmac.compare_digest(opened.header["key_id"], key_id(key)):
        raise BackupDamaged("other_key")
    aead = _aead(key)
    aad = hashlib.sha256(MAGIC + opened.header_bytes).digest()
    with opened.path.open("rb") as handle:
        handle.seek(opened.body_start)
        prefix = handle.read(PREFIX)
        sealed = opened.body_end - opened.body_start - PREFIX
        full, rest = divmod(sealed, _SEALED)
        if rest < TAG:
            raise BackupDamaged("damaged")
        for number in range(full + 1):
            last = number == full
            block = handle.read(rest if last else _SEALED)
            try:
                yield aead.decrypt(_nonce(prefix, number, last), block, aad)
            except InvalidTag:
                raise BackupDamaged("damaged") from None


class PlainReader:
    """read(n) over the payload's chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def at_end(self) -> bool:
        return not self.read_ahead()

    def read_ahead(self) -> bool:
        if self._buffer:
            return True
        for chunk in self._chunks:
            if chunk:
                self._buffer += chunk
                return True
        return False
