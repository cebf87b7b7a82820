"""Schema upgrades of the local store: copy the file aside, upgrade, restore the copy on failure.

The script location is resolved from this file, so migrations run the same from source and from a
PyInstaller bundle.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


class MigrationError(RuntimeError):
    """An upgrade failed; the store was restored from the copy made before it."""


def alembic_config(script_location: Path = SCRIPT_LOCATION) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def head_revision(script_location: Path = SCRIPT_LOCATION) -> str:
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    if head is None:
        raise MigrationError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", script_location: Path = SCRIPT_LOCATION) -> None:
    """Run migrations up to `revision` on this engine's database."""
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def backup_copy(path: Path) -> Path:
    """A consistent copy of a SQLite store beside it (the sqlite backup API handles WAL)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def restore_copy(copy: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, path)


def upgrade_store(
    engine: Engine, path: Path, script_location: Path = SCRIPT_LOCATION
) -> Path | None:
    """Bring an existing store to head. Returns the backup made, or None if nothing was needed."""
    head = head_revision(script_location)
    current = current_revision(engine)
    if current == head:
        return None
    engine.dispose()
    copy = backup_copy(path)
    try:
        upgrade(engine, "head", script_location)
    except Exception as exc:
        engine.dispose()
        restore_copy(copy, path)
        raise MigrationError(
            f"upgrading the store from revision {current} failed ({exc}); "
            f"it was restored from {copy.name}"
        ) from exc
    return copy


def new_revision(message: str, rev_id: str, script_location: Path = SCRIPT_LOCATION) -> None:
    """Autogenerate the next revision by diffing the models against a store upgraded to head.

    Developers run `python -m db.migrate "what changed" 0002`; review the file it writes.
    """
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    upgrade(engine, "head", script_location)
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":  # pragma: no cover - developer tool
    import sys

    new_revision(sys.argv[1], sys.argv[2])
