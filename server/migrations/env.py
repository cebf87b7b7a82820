"""Alembic environment of the server: the replicated tables of db/ plus server/schema.py's tables.

Runs on the connection handed in by `server.database.upgrade`; the client's local-only tables
(settings, outbox, conflicts) are left out.
"""

from __future__ import annotations

from alembic import context

from db.models import Base
from server.database import VERSION_TABLE
from server.migrations.env_options import include_object
from server.schema import ServerBase

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached through the alembic CLI
    raise RuntimeError("run migrations through server.database.upgrade")

context.configure(
    connection=connection,
    target_metadata=[Base.metadata, ServerBase.metadata],
    include_object=include_object,
    render_as_batch=True,
    compare_type=True,
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
