"""What is inside the sealed part of a backup: named files, one after the other.

    b"E" | name length (u16) | name (UTF-8) | size (u64) | bytes      … repeated
    b"Z"                                                              end of the payload

Names are `store` (the snapshot of the database) and `attachments/<file>`; anything else — a
path with a folder, a dot file, a name too long — marks the file as damaged, so a restore can
never write outside the folders it means to.
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Protocol

from app.backups.container import BackupDamaged, PlainReader
from app.messages import problem

STORE_ENTRY = "store"
ATTACHMENT_PREFIX = "attachments/"
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}")
_COPY = 1 << 20
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


class Sink(Protocol):
    def write(self, data: bytes) -> int: ...


def valid_name(name: str) -> bool:
    if name == STORE_ENTRY:
        return True
    rest = name.removeprefix(ATTACHMENT_PREFIX)
    return rest != name and _SAFE_NAME.fullmatch(rest) is not None


def write_file(sink: Sink, name: str, source: Path) -> int:
    """Append one file under `name`; returns its size."""
    if not valid_name(name):
        raise ValueError(problem("backup.bad_entry_name", name=name))
    encoded = name.encode("utf-8")
    with source.open("rb") as handle:
        size = source.stat().st_size
        sink.write(b"E" + struct.pack(">H", len(encoded)) + encoded + struct.pack(">Q", size))
        remaining = size
        while remaining:
            block = handle.read(min(remaining, _COPY))
            if not block:  # the file shrank under us: the payload would be wrong
                raise OSError(f"{source} changed while it was being backed up")
            sink.write(block)
            remaining -= len(block)
    return size


def write_end(sink: Sink) -> None:
    sink.write(b"Z")


def read_files(reader: PlainReader, target: Callable[[str], Path | None]) -> list[str]:
    """Walk the payload; each file's bytes are written to the new file `target(name)` (None:
    read and dropped), mode 0600. Returns the names in order; BackupDamaged when the framing
    is wrong."""
    names: list[str] = []
    while True:
        kind = reader.read(1)
        if kind == b"Z":
            if reader.read_ahead():
                raise BackupDamaged("damaged")
            return names
        if kind != b"E":
            raise BackupDamaged("damaged")
        head = reader.read(2)
        if len(head) != 2:
            raise BackupDamaged("damaged")
        raw = reader.read(struct.unpack(">H", head)[0])
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BackupDamaged("damaged") from None
        size_bytes = reader.read(8)
        if not valid_name(name) or name in names or len(size_bytes) != 8:
            raise BackupDamaged("damaged")
        remaining = struct.unpack(">Q", size_bytes)[0]
        path = target(name)
        with _open_new(path) as out:
            while remaining:
                block = reader.read(min(remaining, _COPY))
                if not block:
                    raise BackupDamaged("damaged")
                out.write(block)
                remaining -= len(block)
        names.append(name)


class _Drop:
    def write(self, data: bytes) -> int:
        return len(data)

    def __enter__(self) -> _Drop:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


def _open_new(path: Path | None) -> BinaryIO | _Drop:
    if path is None:
        return _Drop()
    return os.fdopen(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _BINARY, 0o600), "wb")
