"""Migrations: one head, models match them, an old store upgrades with its data, a failed upgrade
restores the copy made before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from db import migrate
from db.engine import sqlite_engine
from db.migrate import MigrationError
from db.models import Base
from db.store import STORE_FILENAME, open_store
from tests.foundation.conftest import dump
from tests.helpers import raw_store

FIRST = "0001"


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1, heads


def test_models_match_migrations() -> None:
    engine = create_engine("sqlite://")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], f"models differ from the migrations: {diff}"


def make_store_at(path: Path, revision: str, script_location: Path = migrate.SCRIPT_LOCATION) -> None:
    """A store at an old revision holding one street (columns every revision has)."""
    engine = sqlite_engine(path)
    migrate.upgrade(engine, revision, script_location)
    meta = "'2024-01-01 00:00:00', 'old', 3, 0"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO streets (id, name, district, updated_at, updated_by, server_version, dirty)"
            f" VALUES ('s-1', '坂田', '龙岗区', {meta})"))
        # Rows pointing at rows: batch migrations recreate parent tables, which must not trip
        # the foreign keys of their children.
        connection.execute(text(
            "INSERT INTO communities (id, street_id, name, updated_at, updated_by, server_version,"
            f" dirty) VALUES ('c-1', 's-1', '五园社区', {meta})"))
        connection.execute(text(
            "INSERT INTO compounds (id, community_id, name, address, lifecycle_stage, households,"
            " building_area_m2, committee_status, residents_committee_acting, note, updated_at,"
            " updated_by, server_version, dirty) VALUES ('k-1', 'c-1', '第五园', '', '成熟期', 10,"
            f" '1000', 'none', 0, '', {meta})"))
        connection.execute(text(
            "INSERT INTO units (id, compound_id, building, room, owner_name, owner_key, area_m2,"
            " developer_unsold, updated_at, updated_by, server_version, dirty) VALUES"
            f" ('u-1', 'k-1', '1栋', '101', '张三', 'o1', '88.50', 0, {meta})"))
    engine.dispose()


def test_store_made_at_first_revision_upgrades_with_data(data_dir: Path) -> None:
    make_store_at(data_dir / STORE_FILENAME, FIRST)
    store = open_store(data_dir)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.engine.connect() as connection:
            row = connection.execute(text("SELECT name, server_version FROM streets")).one()
        assert tuple(row) == ("坂田", 3)
        with store.engine.connect() as connection:
            unit = connection.execute(text("SELECT compound_id, area_m2 FROM units")).one()
            assert tuple(unit) == ("k-1", "88.50")
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        if migrate.head_revision() != FIRST:
            assert store.backup is not None and store.backup.exists()
    finally:
        store.close()


def copy_migrations(tmp_path: Path, body: str) -> Path:
    """db/migrations copied, plus one more revision after head running `body`."""
    target = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (target / "versions" / "9999_test_extra.py").write_text(
        f'"""test revision"""\nimport sqlalchemy as sa\nfrom alembic import op\n\n'
        f'revision = "9999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n'
        f"def upgrade():\n    {body}\n\ndef downgrade():\n    pass\n", encoding="utf-8")
    return target


def test_extra_revision_upgrades_keeping_data(data_dir: Path, tmp_path: Path) -> None:
    location = copy_migrations(
        tmp_path, 'op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))')
    path = data_dir / STORE_FILENAME
    make_store_at(path, FIRST, location)
    engine = sqlite_engine(path)
    try:
        backup = migrate.upgrade_store(engine, path, location)
        assert backup is not None and backup.exists()
        assert migrate.current_revision(engine) == "9999"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM streets")).scalar() == "坂田"
            assert connection.execute(text("SELECT count(*) FROM probe")).scalar() == 0
    finally:
        engine.dispose()


def test_failed_upgrade_restores_the_copy(data_dir: Path, tmp_path: Path) -> None:
    location = copy_migrations(
        tmp_path, 'op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))\n'
                  '    raise RuntimeError("disk on fire")')
    path = data_dir / STORE_FILENAME
    make_store_at(path, migrate.head_revision())
    before = dump(data_dir)
    engine = sqlite_engine(path)
    try:
        with pytest.raises(MigrationError, match=r"disk on fire.*restored from"):
            migrate.upgrade_store(engine, path, location)
    finally:
        engine.dispose()
    assert dump(data_dir) == before
    connection = raw_store.connect(path)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    assert "probe" not in tables


def test_the_client_never_loads_the_postgresql_dialect() -> None:
    """The desktop app and CLI talk to SQLite only; loading SQLAlchemy's PostgreSQL dialect (what
    a `postgresql_*` option in a model does) would cost ~40 ms of every start."""
    import subprocess
    import sys

    code = ("import sys, db.models, app.compounds, app.session\n"
            "print('sqlalchemy.dialects.postgresql' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_a_seated_election_becomes_filed_under_the_new_stage_order(data_dir: Path) -> None:
    """Revision 0007 puts the first meeting (seated) before filing (指导规则第三十二、三十三条): an
    election at the old last stage `seated` was filed and seated, so it lands on `filed`, the new
    last stage; every other stage keeps its value."""
    make_store_at(data_dir / STORE_FILENAME, "0006")
    engine = sqlite_engine(data_dir / STORE_FILENAME)
    meta = "'2024-01-01 00:00:00', 'old', 0, 0"
    with engine.begin() as connection:
        for election_id, stage in (("e-1", "seated"), ("e-2", "voting"), ("e-3", "filed")):
            connection.execute(text(
                "INSERT INTO elections (id, compound_id, kind, stage, seats, applicant_owners,"
                " applicant_area_m2, vote_place, e_vote, note, historical, updated_at, updated_by,"
                f" server_version, dirty) VALUES ('{election_id}', 'k-1', 'first', '{stage}', 7, 0,"
                f" '0', '', 1, '', 1, {meta})"))
    engine.dispose()
    store = open_store(data_dir)
    try:
        with store.engine.connect() as connection:
            stages: dict[str, str] = dict(connection.execute(text("SELECT id, stage FROM elections")).all())
        assert stages == {"e-1": "filed", "e-2": "voting", "e-3": "filed"}
    finally:
        store.close()
