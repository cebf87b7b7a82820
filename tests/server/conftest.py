"""Server test fixtures: a real server on a loopback port over SQLite and over PostgreSQL (its own
throwaway database per test module), accounts, and a small district pushed by a supervisor."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from server.database import normalise_url
from server.testing import running_server
from tests.server.helpers import District, ServerHandle, seed_district


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("server")
        yield f"sqlite:///{folder / 'server.sqlite3'}"
        return
    yield from _postgres_database(request)


def _postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    pg_url = normalise_url(request.getfixturevalue("pg_url"))
    module = request.module.__name__.rsplit(".", 1)[-1][:20]
    name = f"cdsrv_{module}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = pg_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL database only (for the concurrency tests)."""
    yield from _postgres_database(request)


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[ServerHandle]:
    with running_server(database_url) as base_url:
        handle = ServerHandle(base_url, database_url)
        yield handle
        handle.close()


@pytest.fixture(scope="module")
def district(server: ServerHandle) -> District:
    return seed_district(server)
