"""The local store: one SQLite file in the data dir, migrated at open, tracked sessions.

The store holds owners' names, phones and votes, so its folder is made 0700 and its files 0600 on
POSIX (SQLite gives the -wal and -shm files the mode of the database file). On Windows the user's
profile folder ACL already keeps other accounts out.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import migrate, tracking
from db.engine import StoreFault, fault_for, sqlite_engine

STORE_FILENAME = "compound-desk.sqlite3"
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


@dataclass
class Store:
    """An open local store. `session()` gives tracked sessions acting as `actor`."""

    path: Path
    engine: Engine
    actor: str = ""
    backup: Path | None = None
    factory: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.factory = sessionmaker(self.engine, expire_on_commit=False)
        tracking.enable(self.factory)

    def session(self) -> Session:
        return self.factory(info={tracking.ACTOR_KEY: self.actor})

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits as one unit, or not at all. A fault of the file met by
        work on the driver connection itself (bulk inserts) is a StoreFault too."""
        try:
            with self.session() as session, session.begin():
                yield session
        except sqlite3.Error as exc:
            fault = fault_for(exc, self.path)
            if fault is None:
                raise
            raise fault from None

    def close(self) -> None:
        self.engine.dispose()


def private_folder(folder: Path) -> None:
    """Make `folder` (and missing parents) readable by its owner only when this creates it; an
    existing folder keeps its mode (it may be one the user shares on purpose)."""
    if folder.is_dir():
        return
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, PRIVATE_FOLDER)


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


def open_store(data_dir: Path, actor: str = "") -> Store:
    """Open (creating or upgrading as needed) the store in `data_dir`."""
    path = data_dir / STORE_FILENAME
    try:
        private_folder(data_dir)
        _writable(data_dir, path)
        existed = path.exists() and path.stat().st_size > 0
        private_file(path)
        for companion in data_dir.glob(f"{path.stem}*{path.suffix}*"):
            private_file(companion)  # -wal, -shm and the copies made before upgrades
    except PermissionError as exc:
        raise StoreFault("read_only", f"无法创建或打开数据文件夹 {data_dir}：没有权限", path) from exc
    except OSError as exc:
        raise StoreFault("io_error", f"无法创建或打开数据文件夹 {data_dir}：{exc.strerror or exc}",
                         path) from exc
    engine = sqlite_engine(path)
    backup = None
    try:
        if existed:
            backup = migrate.upgrade_store(engine, path)
        else:
            migrate.upgrade(engine)
    except sqlite3.Error as exc:  # the copy made before an upgrade goes through sqlite3 itself
        engine.dispose()
        fault = fault_for(exc, path)
        if fault is None:
            raise
        raise fault from None
    except BaseException:
        engine.dispose()
        raise
    return Store(path=path, engine=engine, actor=actor, backup=backup)
