"""Real servers (SQLite and PostgreSQL), sync devices and stores holding compounds for today's
attacks: the server, sync and foundation tests' fixtures, reused."""

from tests.foundation.conftest import compounds_file, with_compounds
from tests.server.conftest import database_url, district, server
from tests.sync.conftest import make_device, proxy, server_db, sync_server

__all__ = ["compounds_file", "database_url", "district", "make_device", "proxy", "server",
           "server_db", "sync_server", "with_compounds"]
