"""Alembic migrations of the local store, run in code (no alembic.ini) so they work when bundled."""
