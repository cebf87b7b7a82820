"""Real servers (SQLite and PostgreSQL) for the issue 14 attacks: the server tests' fixtures; a
place (street, community, compound, register) in a local store: the procedure tests' fixture."""

from tests.procedure.conftest import place
from tests.server.conftest import database_url, district, server

__all__ = ["database_url", "district", "place", "server"]
