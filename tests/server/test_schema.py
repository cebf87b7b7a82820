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


def test_a_server_database_with_rows_upgrades_from_its_first_revision(tmp_path: Path) -> None:
    """Batch migrations recreate parent tables; rows pointing at them must survive."""
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    meta = "'2024-01-01 00:00:00', 'old', 3, 0"
    try:
        upgrade(engine, "0001")
        with engine.connect() as connection, connection.begin():
            connection.execute(text(
                "INSERT INTO streets (id, name, district, updated_at, updated_by, server_version,"
                f" dirty) VALUES ('s-1', '坂田', '龙岗区', {meta})"))
            connection.execute(text(
                "INSERT INTO communities (id, street_id, name, updated_at, updated_by,"
                f" server_version, dirty) VALUES ('c-1', 's-1', '五园社区', {meta})"))
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT c.name, s.name FROM communities c JOIN streets s"
                                           " ON s.id = c.street_id")).all()
        assert [tuple(r) for r in rows] == [("五园社区", "坂田")]
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_every_live_only_unique_index_is_partial_on_postgresql(postgres_url: str) -> None:
    """The models leave PostgreSQL's WHERE to the server (add_postgresql_predicates): the metadata
    the server compiles and the migrated database both carry it on every live-only index."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex

    from db.models import Base

    live_only = [index for table in Base.metadata.tables.values() for index in table.indexes
                 if index.info.get("live_only")]
    assert len(live_only) >= 8
    for index in live_only:
        ddl = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
        assert ddl.endswith("WHERE deleted_at IS NULL"), ddl
    engine = make_engine(postgres_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            definitions = dict(connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'uq\\_%'")).all())
        assert schema_differences(engine) == []
    finally:
        engine.dispose()
    for index in live_only:
        assert definitions[index.name].endswith("WHERE (deleted_at IS NULL)"), index.name
