"""Making a rename or a new file survive a power cut: the folder's entry is flushed too."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Flush `folder`'s directory entries (after a rename into it); POSIX only — Windows has no
    handle to a folder to flush, and NTFS journals the rename itself."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
