"""The server's Alembic scripts build exactly the tables the models describe."""

from __future__ import annotations

from pathlib import Path

from server.database import make_engine, schema_differences, upgrade


def test_server_migrations_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    try:
        upgrade(engine)
        upgrade(engine)  # a second upgrade (every `serve` does one) is a no-op
        differences = schema_differences(engine)
    finally:
        engine.dispose()
    assert differences == [], (
        "the models changed without a server migration: run "
        '`python -m server.database "what changed" 000N` and review the file'
    )
