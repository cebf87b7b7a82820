"""Failures the command line turns into one Chinese line and an exit code instead of a traceback:
the store's file faults, other database errors (without their SQL parameters), file-system errors
(a read-only folder, a full disk) and running out of memory.

Modules are looked up in sys.modules rather than imported: a verb that never touched the store
(tally) must not pay for importing SQLAlchemy just to tell its errors apart.
"""

from __future__ import annotations

import errno
import re
import sys

EXIT_FAILED = 1
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OS_REASONS = {
    errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "超出磁盘配额", errno.EACCES: "没有权限",
    errno.EPERM: "没有权限", errno.EROFS: "文件系统是只读的", errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹", errno.EFBIG: "文件超出大小限制", errno.EIO: "设备读写错误",
}


def printable(message: str) -> str:
    """A message safe for a terminal: a file name or cell holding an escape sequence or another
    control character shows it as "�" instead of acting on the terminal (line breaks kept)."""
    return _CONTROL.sub("\ufffd", message)


def os_reason(error: OSError) -> str:
    """What went wrong, in Chinese (the system's own words when the errno is not one we know)."""
    return OS_REASONS.get(error.errno or 0) or error.strerror or type(error).__name__


def describe_os_error(error: OSError, doing: str = "读写", path: object = None) -> str:
    """"无法写入 FILE：磁盘空间已满" — the error's own file name, else `path`."""
    where = error.filename if error.filename is not None else path
    return f"无法{doing}{' ' + str(where) if where else '文件'}：{os_reason(error)}"


def describe(error: BaseException) -> str | None:
    """One line for a failure of the work (exit 1), or None when it is not one we know."""
    engine = sys.modules.get("db.engine")
    if engine is not None and isinstance(error, engine.StoreFault):
        return str(error)
    exc_module = sys.modules.get("sqlalchemy.exc")
    if exc_module is not None and isinstance(error, exc_module.SQLAlchemyError):
        original = getattr(error, "orig", None) or error
        return f"数据库出错（{type(original).__name__}：{original}），本次操作没有保存任何内容"
    drivers = tuple(module.Error for module in
                    (sys.modules.get("sqlite3"), sys.modules.get("sqlcipher3.dbapi2")) if module)
    if drivers and isinstance(error, drivers):  # work on the driver connection
        fault = engine.fault_for(error, None) if engine is not None else None
        return str(fault) if fault is not None else f"数据库出错（{error}），本次操作没有保存任何内容"
    if isinstance(error, OSError):
        return describe_os_error(error)
    if isinstance(error, MemoryError):
        return "内存不足，操作没有完成，也没有保存任何内容"
    return None
