"""Data layer: SQLAlchemy models, the local store (engine, sessions, migrations) and change tracking.

Nothing here imports `app/`, `ui/` or Qt; the server reuses these models.
"""
