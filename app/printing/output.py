"""Writing a printed PDF where the caseworker asked: checked before anything is rendered (a
folder, a device, a missing folder is one clear message), written beside the target and
renamed into place (a crash never leaves half a PDF under the name), with the permissions a
new file normally gets — or those of the file it replaces — not the temp file's 0600."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from app.errors import BadInput
from app.messages import Problem, problem


def check_target(path: Path) -> Path:
    """The absolute target, or BadInput naming what is wrong with it."""
    if not str(path).strip() or str(path) in (".", ".."):
        raise BadInput(code="printing.pdf_name_required")
    target = path.expanduser().absolute()
    if not target.parent.is_dir():
        raise BadInput(code="printing.folder_missing", parent=target.parent, name=target.name)
    try:
        info = target.lstat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise BadInput(code="printing.cannot_save", target=target, reason=reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(code="printing.target_is_folder", target=target)
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(code="printing.target_not_file", target=target)
    return target


_REASONS = {
    errno.ENOENT: "write.no_folder", errno.EACCES: "write.no_permission",
    errno.EPERM: "write.no_permission", errno.ENOSPC: "write.disk_full",
    errno.EROFS: "write.read_only", errno.EISDIR: "write.is_folder",
    errno.ENAMETOOLONG: "write.name_too_long", errno.EDQUOT: "write.quota_full",
}


def reason(exc: OSError) -> Problem:
    """Why writing failed, worded by code (the OS says it in English)."""
    if exc.errno in _REASONS:
        return problem(_REASONS[exc.errno])
    if exc.errno:
        return problem("write.system_error", errno=exc.errno)
    return problem("write.unknown")


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_pdf(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (see the module docstring); returns the target."""
    target = check_target(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
        fd, tmp = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=target.parent)
    except OSError as exc:
        raise BadInput(code="printing.cannot_save", target=target, reason=reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # a file system without modes (FAT on a USB stick)
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(code="printing.cannot_save", target=target, reason=reason(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
