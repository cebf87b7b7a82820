"""SQLite engines for the local store: WAL journal, foreign keys on, a busy timeout.

The store is a SQLCipher database (db/keys.py has the key): its connections are made by
`keyed_connect`, which gives the key before anything else is read, so the pages, the WAL and the
rollback journal are all encrypted. A plaintext engine (`key=None`) remains for benchmarks and
the migration of a plaintext store.

Failures of the file itself (disk full, read-only folder, I/O error) surface as `StoreFault`: one
Chinese line for the user and a short code, never the SQL statement or its parameters (which hold
owners' names and phones). Engines are made with `hide_parameters` so no other error, log line or
traceback carries those parameters either.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

if TYPE_CHECKING:
    from db.keys import StoreKey

# SQLite's primary result codes (extended codes such as SQLITE_IOERR_WRITE share the prefix) →
# (code, what the user reads). Damage (SQLITE_CORRUPT, SQLITE_NOTADB) and a busy store stay
# SQLAlchemy errors: `check` reports the one, the busy timeout retries the other.
FAULTS = {
    "SQLITE_FULL": ("disk_full", "磁盘空间已满，无法写入{file}；本次操作没有保存任何内容，"
                                 "请清理磁盘后重试"),
    "SQLITE_IOERR": ("io_error", "读写{file}时出错（磁盘已满或设备故障）；本次操作没有保存任何内容"),
    "SQLITE_READONLY": ("read_only", "{file}是只读的，无法保存；请检查文件夹权限"),
    "SQLITE_CANTOPEN": ("cannot_open", "无法打开{file}（文件夹不存在、只读或没有权限）"),
    "SQLITE_PERM": ("read_only", "没有写入{file}的权限"),
    "SQLITE_NOMEM": ("no_memory", "内存不足，无法处理{file}"),
}


class StoreFault(Exception):
    """The store's file could not be opened, read or written; whatever was under way was rolled
    back. `code` is one of FAULTS' codes; the message is one Chinese line without SQL."""

    def __init__(self, code: str, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.path = path


def fault_for(error: BaseException, path: Path | None) -> StoreFault | None:
    """The StoreFault a sqlite3 error means, or None when it is not a fault of the file."""
    name = getattr(error, "sqlite_errorname", None)
    if not isinstance(error, driver_errors()) or not isinstance(name, str):
        return None
    for prefix, (code, message) in FAULTS.items():
        if name == prefix or name.startswith(prefix + "_"):
            where = f"数据文件 {path} " if path is not None else "数据文件"
            return StoreFault(code, message.format(file=where), path)
    return None


def driver_errors() -> tuple[type[Exception], ...]:
    """The error bases of both drivers: the stdlib's sqlite3 and SQLCipher's sqlcipher3."""
    from sqlcipher3 import dbapi2

    return (sqlite3.Error, dbapi2.Error)


def _quiet_cipher_log() -> None:
    """SQLCipher prints each failed page decryption to stderr; a wrong key is reported once, by
    us, in the person's language."""
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
    finally:
        connection.close()


_QUIET: list[bool] = []
CACHE_KIB = 65536


def keyed_connect(path: Path, key: StoreKey, check_same_thread: bool = True) -> Any:
    """A sqlcipher3 connection to `path` opened with `key`. A key the file does not open with
    raises `WrongKey` (a file that is not a database at all reads the same to SQLCipher)."""
    from sqlcipher3 import dbapi2

    if not _QUIET:
        _quiet_cipher_log()
        _QUIET.append(True)
    connection = dbapi2.connect(str(path), check_same_thread=check_same_thread)
    try:
        connection.execute(key.pragma())
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # A page read from the file is decrypted and its HMAC checked each time it enters the
        # cache: a 64 MiB cache (grown only as pages are used) keeps an import's index pages
        # decrypted once, not again and again (200k rows with random ids: ~1.6× → ~1.0×).
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except dbapi2.DatabaseError as exc:
        connection.close()
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise WrongKey(path) from None
        raise
    return connection


class WrongKey(Exception):
    """The store file does not open with the key given (db/store.py says it to the person)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path.name}: wrong key or not a database")
        self.path = path


def _raise_fault(context: ExceptionContext) -> None:
    database = context.engine.url.database if context.engine is not None else None
    fault = fault_for(context.original_exception, Path(database) if database else None)
    if fault is not None:
        raise fault from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module begins a transaction only before INSERT/UPDATE/DELETE, so a schema
    # upgrade's CREATE TABLEs would each commit on their own and a kill half-way would leave a
    # store no upgrade can finish. SQLAlchemy's BEGIN is issued instead (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


BEGIN_MODE = "compound_desk_begin"  # execution option: "IMMEDIATE" for work that will write


def _sqlite_begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE when the connection's execution options ask for it: a
    transaction that reads before it writes must take the write lock first, or meeting another
    writer it fails at once — SQLite never waits (busy_timeout) for a reader to become a writer."""
    mode = connection.get_execution_options().get(BEGIN_MODE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def sqlite_engine(path: Path, key: StoreKey | None = None) -> Engine:
    """An engine on a SQLite file with the store's pragmas applied to every connection; with a
    `key`, on a SQLCipher file opened with that key."""
    if key is None:
        engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    else:
        from sqlcipher3 import dbapi2

        def connect() -> Any:
            return keyed_connect(path, key, check_same_thread=False)

        engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True,
                               module=dbapi2, creator=connect)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _raise_fault)
    return engine
