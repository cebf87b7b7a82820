"""Schema upgrades of the local store: copy the file aside, upgrade, restore the copy on failure.

The script location is resolved from this file, so migrations run the same from source and from a
PyInstaller bundle.

Opening a store that is already at head must stay cheap (it is on every start-up path): the head
is found by reading the `revision =` / `down_revision =` lines of the version files and the
store's revision with one plain SELECT. Alembic itself (a large import that parses every version
module) is loaded only when an upgrade is really needed, or when the files are ambiguous.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:(['\"])([^'\"]*)\2|None)\s*$", re.MULTILINE)


class MigrationError(RuntimeError):
    """An upgrade failed; the store was restored from the copy made before it."""


def alembic_config(script_location: Path = SCRIPT_LOCATION) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def scanned_head(script_location: Path = SCRIPT_LOCATION) -> str | None:
    """The head revision read from the version files' assignment lines, without Alembic.

    None when the files do not give exactly one plain answer (a merge revision's tuple, a file
    without the lines, several heads): the caller then asks Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (script_location / "versions").glob("*.py"):
        found = {name: value for name, _quote, value
                 in _ASSIGNMENT.findall(path.read_text(encoding="utf-8"))}
        if "revision" not in found or "down_revision" not in found or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def head_revision(script_location: Path = SCRIPT_LOCATION) -> str:
    head = scanned_head(script_location)
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    if head is None:
        raise MigrationError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's revision (one plain SELECT; Alembic only if the version table is odd)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        if len(versions) <= 1:
            return versions[0][0] if versions else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Foreign keys unenforced while a migration runs (SQLite only), as SQLite advises for
    schema changes: batch migrations copy, drop and rename tables, and dropping a parent table
    that rows point at fails while keys are enforced. `check_foreign_keys` runs before commit.

    The pragma goes to the driver connection, outside any transaction (inside one it is ignored).
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit a migration that left a row pointing at nothing."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise MigrationError(
            f"{len(broken)} rows point at missing rows after the upgrade "
            f"(first: {table} row {rowid} → {parent})"
        )


def upgrade(engine: Engine, revision: str = "head", script_location: Path = SCRIPT_LOCATION) -> None:
    """Run migrations up to `revision` on this engine's database, as one transaction."""
    from alembic import command

    config = alembic_config(script_location)
    with (
        engine.connect() as connection,
        sqlite_foreign_keys_off(connection),
        connection.begin(),
    ):
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        check_foreign_keys(connection)


def backup_copy(path: Path, connect: Callable[[Path], Any] = sqlite3.connect) -> Path:
    """A consistent copy of a SQLite store beside it (the sqlite backup API handles WAL).
    `connect` opens a file of the store: keyed for an encrypted one, so the copy is encrypted
    with the same key."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # personal data: 0600
    source = connect(path)
    try:
        destination = connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except BaseException:
        target.unlink(missing_ok=True)  # no half-made copy left behind (a full disk)
        raise
    finally:
        source.close()
    return target


def restore_copy(copy: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, path)


def upgrade_store(
    engine: Engine, path: Path, script_location: Path = SCRIPT_LOCATION,
    connect: Callable[[Path], Any] = sqlite3.connect,
) -> Path | None:
    """Bring an existing store to head. Returns the backup made, or None if nothing was needed."""
    head = head_revision(script_location)
    current = current_revision(engine)
    if current == head:
        return None
    engine.dispose()
    copy = backup_copy(path, connect)
    log = logging.getLogger("compound_desk.db.migrate")
    log.info("upgrading the store from revision %s to %s (copy kept: %s)", current, head, copy.name)
    try:
        upgrade(engine, "head", script_location)
    except Exception as exc:
        log.error("upgrade from revision %s failed; restoring %s", current, copy.name, exc_info=exc)
        engine.dispose()
        restore_copy(copy, path)
        raise MigrationError(
            f"upgrading the store from revision {current} failed ({exc}); "
            f"it was restored from {copy.name}"
        ) from exc
    log.info("store upgraded to revision %s", head)
    return copy


def new_revision(message: str, rev_id: str, script_location: Path = SCRIPT_LOCATION) -> None:
    """Autogenerate the next revision by diffing the models against a store upgraded to head.

    Developers run `python -m db.migrate "what changed" 0002`; review the file it writes.
    """
    from alembic import command
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
