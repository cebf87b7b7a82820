"""Alembic scripts of the server schema (replicated tables plus the server's own tables)."""
