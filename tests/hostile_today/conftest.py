"""Real servers (SQLite and PostgreSQL), sync devices and stores holding compounds for today's
attacks: the server, sync and foundation tests' fixtures, reused."""

from collections.abc import Iterator

import pytest

from tests.foundation.conftest import compounds_file, with_compounds
from tests.server.conftest import database_url, district, postgres_url, server
from tests.server.helpers import Client
from tests.sync.conftest import PASSWORD, SyncServer, make_device, proxy, server_db, sync_server

__all__ = ["compounds_file", "database_url", "district", "make_device", "observer", "postgres_url",
           "proxy", "server", "server_db", "sync_server", "with_compounds"]


@pytest.fixture
def observer(sync_server: SyncServer) -> Iterator[Client]:
    """A supervisor's plain HTTP client of the server: what the server holds, read directly."""
    client = Client(sync_server.url, "sup", PASSWORD)
    yield client
    client.close()
