"""The local store: one SQLite file in the data dir, migrated at open, tracked sessions.

The store holds owners' names, phones and votes, so it is encrypted with SQLCipher (key: db/keys.py;
a plaintext store of an older version is encrypted in place on first open: db/encrypt.py), its
folder is made 0700 and its files 0600 on POSIX (SQLite gives the -wal and -shm files the mode of
the database file). On Windows the user's profile folder ACL already keeps other accounts out.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import encrypt, keys, migrate, tracking
from db.engine import BEGIN_MODE, StoreFault, WrongKey, fault_for, keyed_connect, sqlite_engine
from db.keys import StoreKey

STORE_FILENAME = "compound-desk.sqlite3"
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
# Benchmarks only: "1" makes and opens plaintext stores, to measure what encryption costs.
PLAINTEXT_ENV = "COMPOUND_DESK_BENCH_PLAINTEXT"


@dataclass
class Store:
    """An open local store. `session()` gives tracked sessions acting as `actor`."""

    path: Path
    engine: Engine
    actor: str = ""
    backup: Path | None = None
    key: StoreKey | None = None
    factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.factory = sessionmaker(self.engine, expire_on_commit=False)
        tracking.enable(self.factory)

    def session(self) -> Session:
        return self.factory(info={tracking.ACTOR_KEY: self.actor})

    @contextmanager
    def transaction(self, *, bulk: bool = False) -> Iterator[Session]:
        """A session whose work commits as one unit, or not at all. A fault of the file met by
        work on the driver connection itself (bulk inserts) is a StoreFault too.

        `bulk`: the work writes many thousands of rows — it gets a connection of its own, newly
        opened. A connection that has prepared more than a handful of statements (the driver
        keeps up to a hundred) has used up SQLite's per-connection small-allocation pool, and
        every row it then inserts allocates from the heap instead: an executemany of 200,000
        rows took 0.75 s rather than 0.59 s. The new connection takes the old one's place in
        the pool.

        The transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to the
        busy timeout for another writer. Most work reads before it writes (an edit loads its row,
        an import looks up compounds): begun as a reader, it would fail with "database is
        locked" when it first wrote after another connection (the sync's settle, the audit) had
        committed, as SQLite never waits for a reader with an old snapshot to become a writer."""
        try:
            with self._bulk_session() if bulk else self.session() as session, session.begin():
                session.connection(execution_options={BEGIN_MODE: "IMMEDIATE"})
                yield session
        except _driver_errors() as exc:
            fault = fault_for(exc, self.path)
            if fault is None:
                raise
            raise fault from None

    @contextmanager
    def _bulk_session(self) -> Iterator[Session]:
        with self.engine.connect() as connection:
            connection.invalidate()  # the next statement reconnects: a new DBAPI connection
            with self.factory(bind=connection, info={tracking.ACTOR_KEY: self.actor}) as session:
                yield session

    def close(self) -> None:
        self.engine.dispose()


def private_folder(folder: Path) -> None:
    """Make `folder` (and each missing parent) readable by its owner only when this creates it;
    an existing folder keeps its mode (it may be one the user shares on purpose)."""
    if folder.is_dir():
        return
    missing = [folder, *(p for p in folder.parents if not p.exists())]
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if os.name == "posix":
        for made in missing:  # parents=True gives missing parents the umask's mode
            os.chmod(made, PRIVATE_FOLDER)


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing (SQLite then opens it as a new database);
    an existing file of ours is narrowed to 0600."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, PRIVATE_FILE)
    else:
        os.close(descriptor)


def _writable(data_dir: Path, path: Path) -> None:
    """Refuse a read-only data folder up front with one clear line (SQLite's own error would
    only say it cannot open the file, and only once it is part-way in)."""
    for target in (data_dir, path):
        if target.exists() and not os.access(target, os.W_OK):
            raise StoreFault("read_only", f"数据文件夹 {data_dir} 是只读的，无法打开或保存数据；"
                                          "请选择可写的文件夹或检查权限", path)


def store_key(data_dir: Path, path: Path,
              progress: encrypt.Progress | None = None) -> StoreKey | None:
    """The key of the store at `path`, made for a new store; a plaintext store of an older
    version is encrypted first (with `progress`). None only under PLAINTEXT_ENV."""
    if os.environ.get(PLAINTEXT_ENV) == "1":
        return None
    encrypt.tidy_leftovers(path)
    marker = keys.read_marker(data_dir)
    plaintext = encrypt.is_plaintext(path)
    if marker is None:
        if path.exists() and path.stat().st_size > 0 and not plaintext:
            raise keys.StoreKeyError(
                "store_key_marker_missing",
                f"数据文件夹中缺少密钥说明文件 {keys.MARKER_FILENAME}，无法打开加密的数据；"
                "请从备份中恢复整个数据文件夹", path, file=keys.MARKER_FILENAME)
        key = keys.new_key(data_dir)
    else:
        key = keys.existing_key(data_dir, marker)
    encrypt.reached("key")
    if plaintext:
        encrypt.encrypt_in_place(path, key, progress)
    for copy in sorted(data_dir.glob(f"{path.stem}.before-upgrade-*{path.suffix}")):
        if encrypt.is_plaintext(copy):  # the copies kept before schema upgrades hold the same data
            encrypt.encrypt_in_place(copy, key)
    return key


def raw_connection(data_dir: Path, path: Path | None = None) -> Any:
    """A driver connection to the store in `data_dir` (or another file of it, e.g. a copy made
    before an upgrade), keyed when it is encrypted: for checks and backups that read the file."""
    path = path or data_dir / STORE_FILENAME
    if encrypt.is_plaintext(path):
        return sqlite3.connect(path)
    marker = keys.read_marker(data_dir)
    if marker is None:
        raise keys.StoreKeyError("store_key_marker_missing",
                                 f"数据文件夹中缺少密钥说明文件 {keys.MARKER_FILENAME}", path,
                                 file=keys.MARKER_FILENAME)
    key = keys.existing_key(data_dir, marker)
    try:
        connection = keyed_connect(path, key)
    except WrongKey:
        raise keys.wrong_key(data_dir, key) from None
    keys.remember(data_dir, key)
    return connection


def open_store(data_dir: Path, actor: str = "",
               progress: encrypt.Progress | None = None) -> Store:
    """Open (creating, encrypting or upgrading as needed) the store in `data_dir`."""
    path = data_dir / STORE_FILENAME
    made_here = not path.exists()
    try:
        private_folder(data_dir)
        _writable(data_dir, path)
        private_file(path)
        for companion in data_dir.glob(f"{path.stem}*{path.suffix}*"):
            private_file(companion)  # -wal, -shm and the copies made before upgrades
        key = store_key(data_dir, path, progress)
        existed = path.stat().st_size > 0
    except PermissionError as exc:
        raise StoreFault("read_only", f"无法创建或打开数据文件夹 {data_dir}：没有权限", path) from exc
    except (keys.StoreKeyError, StoreFault):
        if made_here and path.exists() and path.stat().st_size == 0:
            path.unlink()  # a new store refused before its key: leave no empty file behind
        raise
    except OSError as exc:
        raise StoreFault("io_error", f"无法创建或打开数据文件夹 {data_dir}：{exc.strerror or exc}",
                         path) from exc
    engine = sqlite_engine(path, key)
    backup = None
    try:
        if existed:
            backup = migrate.upgrade_store(engine, path, connect=_connector(key))
        else:
            migrate.upgrade(engine)
    except WrongKey:
        engine.dispose()
        raise keys.wrong_key(data_dir, key) from None  # type: ignore[arg-type]
    except _driver_errors() as exc:  # the copy made before an upgrade uses the driver
        engine.dispose()
        fault = fault_for(exc, path)
        if fault is None:
            raise
        raise fault from None
    except BaseException:
        engine.dispose()
        raise
    if key is not None:
        keys.remember(data_dir, key)
    return Store(path=path, engine=engine, actor=actor, backup=backup, key=key)


def _driver_errors() -> tuple[type[Exception], ...]:
    from db.engine import driver_errors

    return driver_errors()


def _connector(key: StoreKey | None) -> Any:
    """How migrate's copy before an upgrade connects to a file of this store."""
    if key is None:
        return sqlite3.connect
    return lambda path: keyed_connect(path, key)
