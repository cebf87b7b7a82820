"""The local store: one SQLite file in the data dir, migrated at open, tracked sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import migrate, tracking
from db.engine import sqlite_engine

STORE_FILENAME = "compound-desk.sqlite3"


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
        """A session whose work commits as one unit, or not at all."""
        with self.session() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(data_dir: Path, actor: str = "") -> Store:
    """Open (creating or upgrading as needed) the store in `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / STORE_FILENAME
    existed = path.exists() and path.stat().st_size > 0
    engine = sqlite_engine(path)
    backup = None
    if existed:
        backup = migrate.upgrade_store(engine, path)
    else:
        migrate.upgrade(engine)
    return Store(path=path, engine=engine, actor=actor, backup=backup)
