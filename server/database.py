"""The server's database: URL handling, engines for PostgreSQL (psycopg 3) and SQLite, schema
upgrades with the server's own Alembic scripts, and transactions that lock as the protocol needs.

SQLite transactions are begun explicitly (`BEGIN` / `BEGIN IMMEDIATE`) because the sqlite3
module's implicit transactions would break savepoints and let two writers deadlock.

The database holds the whole district's personal data: a SQLite file is created 0600 in a folder
created 0700 (POSIX), and engines hide SQL parameters from errors and logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url

from db.migrate import check_foreign_keys, sqlite_foreign_keys_off
from db.store import private_file, private_folder
from server.schema import SequenceCounter

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
# Connections per engine (one engine per uvicorn worker): PostgreSQL's max_connections must
# exceed workers × POOL_CONNECTIONS (docs/deployment.md). server.admission lets in no more
# requests than this at once, so a request never waits for a connection.
POOL_SIZE, POOL_OVERFLOW = 5, 10
POOL_CONNECTIONS = POOL_SIZE + POOL_OVERFLOW
VERSION_TABLE = "server_alembic_version"


class DatabaseUrlError(ValueError):
    """A --db URL the server cannot use; the message says which forms are accepted."""


def normalise_url(url: str) -> str:
    """postgresql:// and postgres:// become postgresql+psycopg://; sqlite:/// stays."""
    text = url.strip()
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    if text.startswith(("postgresql+psycopg://", "sqlite:///")):
        return text
    raise DatabaseUrlError(
        f"unsupported database URL {url!r}: use postgresql://USER@HOST:PORT/DB or sqlite:///PATH"
    )


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for a server database URL (normalised first)."""
    normalised = normalise_url(url)
    if normalised.startswith("sqlite"):
        path = make_url(normalised).database
        if path and path != ":memory:":
            private_folder(Path(path).parent)
            private_file(Path(path))
        engine = create_engine(normalised, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, future=True,
                               hide_parameters=True)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(normalised, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                         pool_pre_ping=True, future=True,
                         hide_parameters=True)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the server schema to `revision` and make sure the sequence row exists."""
    config = alembic_config()
    with engine.connect() as connection:
        with sqlite_foreign_keys_off(connection), connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            check_foreign_keys(connection)
        with connection.begin():
            if connection.scalar(select(SequenceCounter.value).where(SequenceCounter.id == 1)) is None:
                connection.execute(insert(SequenceCounter).values(id=1, value=0))


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it takes the write lock at BEGIN."""
    with engine.connect() as connection:
        connection.execution_options(write=True)
        with connection.begin():
            yield connection


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one consistent snapshot (REPEATABLE READ on PostgreSQL)."""
    with engine.connect() as connection:
        if not is_sqlite(engine):
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def new_revision(message: str, rev_id: str) -> None:
    """Autogenerate the next server revision by diffing the models against a database at head.

    Run `python -m server.database "what changed" 0002` after a model change; review the file.
    """
    engine = create_engine("sqlite://")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        command.revision(config, message=message, autogenerate=True, rev_id=rev_id)


def schema_differences(engine: Engine) -> list[Any]:
    """What differs between the models and this database (empty when a revision is not missing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base
    from server.migrations.env_options import include_object
    from server.schema import ServerBase

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": include_object, "compare_type": True,
            "version_table": VERSION_TABLE,
        })
        metadata = [Base.metadata, ServerBase.metadata]
        return list(compare_metadata(context, metadata))  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover - developer tool
    import sys

    new_revision(sys.argv[1], sys.argv[2])
