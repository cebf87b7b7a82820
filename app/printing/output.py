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


def check_target(path: Path) -> Path:
    """The absolute target, or BadInput naming what is wrong with it."""
    if not str(path).strip() or str(path) in (".", ".."):
        raise BadInput("请给出要保存的 PDF 文件名（-o 文件名.pdf）")
    target = path.expanduser().absolute()
    if not target.parent.is_dir():
        raise BadInput(f"“{target.parent}”这个文件夹不存在，无法保存“{target.name}”")
    try:
        info = target.lstat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise BadInput(f"无法保存到“{target}”：{reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"“{target}”是一个文件夹，请在后面加上 PDF 文件名")
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"“{target}”不是普通文件（设备、管道或链接），不能用来保存 PDF")
    return target


_REASONS = {
    errno.ENOENT: "文件夹不存在", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘已满", errno.EROFS: "磁盘是只读的", errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名太长", errno.EDQUOT: "磁盘配额已满",
}


def reason(exc: OSError) -> str:
    """Why writing failed, in Chinese (the OS says it in English)."""
    return _REASONS.get(exc.errno or 0, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


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
        raise BadInput(f"无法保存到“{target}”：{reason(exc)}") from None
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
        raise BadInput(f"无法保存到“{target}”：{reason(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
