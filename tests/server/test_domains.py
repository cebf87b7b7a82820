"""Every stored value within its column's type and range, on the server (issue 13), over SQLite
and PostgreSQL: a push of an unknown enum value, a decimal bomb, a lone surrogate or a timestamp
that overflows is one refused op naming the field (never a 500, never a value in the database);
a write that bypasses the server is refused by the database's own CHECK constraints; and a
database holding such rows from before the rules upgrades without losing them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import CheckConstraint, Engine, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from db.models import REPLICATED_MODELS
from db.models.checks import CHECK_INFO_KEY
from server.database import make_engine, normalise_url, upgrade
from tests.server.helpers import STREET_A, Client, District, ServerHandle, new_id, op


def _refused(result: dict[str, Any], field: str) -> None:
    assert result["status"] == "refused", result
    assert result["reason"].startswith(f"field {field}: "), result
    assert len(result["reason"]) < 400, result


def _scalar(server: ServerHandle, sql: str, **params: Any) -> Any:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def _election(client: Client, district: District) -> tuple[str, int]:
    election = new_id()
    result = client.push_one(op("elections", election, compound_id=district.compounds[STREET_A]))
    assert result["status"] == "applied", result
    return election, result["version"]


def test_an_election_with_an_unknown_stage_or_kind_is_refused(
        server: ServerHandle, district: District) -> None:
    supervisor = district.supervisor
    _refused(supervisor.push_one(op("elections", new_id(), compound_id=district.compounds[STREET_A],
                                    stage="zzz")), "stage")
    election, version = _election(supervisor, district)
    for field in ("stage", "kind"):
        change = {**op("elections", election, "update", version), "fields": {field: "zzz"}}
        _refused(supervisor.push_one(change), field)
    row = supervisor.rows()[("elections", election)]
    assert (row["fields"]["stage"], row["fields"]["kind"]) == ("application", "first")
    assert row["version"] == version
    _refused(supervisor.push_one(op("checkpoint_approvals", new_id(), election_id=election,
                                    checkpoint="everything")), "checkpoint")


def test_a_decimal_bomb_is_refused_and_never_reaches_the_database(
        server: ServerHandle, district: District) -> None:
    supervisor = district.supervisor
    compound = district.compounds[STREET_A]
    version = supervisor.rows()[("compounds", compound)]["version"]
    unit = new_id()
    results = supervisor.push(
        op("compounds", compound, "update", version, building_area_m2="1e100000000"),
        op("units", unit, compound_id=compound, building="1栋", room="101", area_m2="1E+99999999"),
        op("units", new_id(), compound_id=compound, building="1栋", room="102", area_m2="0"),
        op("units", new_id(), compound_id=compound, building="1栋", room="103", area_m2="1" * 5000),
        op("compounds", compound, "update", version, households=10**30),
    )
    for result, field in zip(results, ("building_area_m2", "area_m2", "area_m2", "area_m2",
                                       "households"), strict=True):
        _refused(result, field)
    assert _scalar(server, "SELECT max(length(building_area_m2)) FROM compounds") <= 40
    assert _scalar(server, "SELECT count(*) FROM units WHERE compound_id = :c", c=compound) == 0
    assert supervisor.rows()[("compounds", compound)]["version"] == version


def test_a_lone_surrogate_or_an_overflowing_timestamp_is_a_refusal_not_a_500(
        server: ServerHandle, district: District) -> None:
    supervisor = district.supervisor
    compound = district.compounds[STREET_A]
    version = supervisor.rows()[("compounds", compound)]["version"]
    ops = [
        op("compounds", compound, "update", version, note="半个\ud800字"),
        op("compounds", compound, "update", version, name="响铃\x07"),
        op("meetings", new_id(), compound_id=compound, held_at="9999-12-31T23:59-05:00"),
        op("meetings", new_id(), compound_id=compound, held_at="1066-10-14T09:00+00:00"),
        op("compounds", compound, "delete", version, deleted_at="9999-12-31T23:59-05:00"),
    ]
    # json.dumps writes the lone surrogate as the escape \ud800, as any JSON encoder may.
    response = supervisor.http.post("/api/v1/push", content=json.dumps({"ops": ops}),
                                    headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    for result, field in zip(results, ("note", "name", "held_at", "held_at", "deleted_at"),
                             strict=True):
        assert result["status"] == "refused", result
        assert field in result["reason"], result
    row = supervisor.rows()[("compounds", compound)]
    assert row["version"] == version and row["deleted_at"] is None


def _insert_election(engine: Engine, compound: str, **overrides: Any) -> None:
    values = {"id": new_id(), "compound_id": compound, "kind": "first", "stage": "application",
              "seats": 7, "vote_place": "", "e_vote": True, "note": "",
              "updated_at": "2025-01-01 00:00:00", "updated_by": "", "server_version": 0,
              "dirty": False, **overrides}
    names = ", ".join(values)
    with engine.begin() as connection:
        connection.execute(text(
            f"INSERT INTO elections ({names}) VALUES ({', '.join(':' + n for n in values)})"),
            values)


@pytest.mark.parametrize(("overrides", "constraint"), [
    ({"stage": "zzz"}, "ck_elections_stage_in"),
    ({"kind": "zzz"}, "ck_elections_kind_in"),
    ({"seats": 1000}, "ck_elections_seats_range"),
    ({"applicant_area_m2": "1" + "0" * 30}, "ck_elections_applicant_area_m2_range"),
    ({"updated_at": "2500-01-01 00:00:00"}, "ck_elections_updated_at_range"),
])
def test_a_write_around_the_server_is_refused_by_the_database(
        server: ServerHandle, district: District, overrides: dict[str, Any],
        constraint: str) -> None:
    engine = make_engine(server.database_url)
    try:
        _insert_election(engine, district.compounds[STREET_A])  # the well-formed row goes in
        with pytest.raises(IntegrityError, match=constraint):
            _insert_election(engine, district.compounds[STREET_A], **overrides)
    finally:
        engine.dispose()


def _models_checks() -> dict[str, set[str]]:
    return {model.__tablename__: {
        str(c.name) for c in model.__table__.constraints
        if isinstance(c, CheckConstraint) and CHECK_INFO_KEY in c.info}
        for model in REPLICATED_MODELS}


def _database_checks(engine: Engine) -> dict[str, dict[str, bool]]:
    """Check constraint name → validated, per replicated table."""
    found: dict[str, dict[str, bool]] = {}
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.execute(text(
                "SELECT t.relname, c.conname, c.convalidated FROM pg_constraint c"
                " JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'c'")).all()
            for table, name, valid in rows:
                found.setdefault(table, {})[name] = valid
        else:
            inspector = inspect(connection)
            for model in REPLICATED_MODELS:
                found[model.__tablename__] = {
                    str(c["name"]): True for c in inspector.get_check_constraints(model.__tablename__)}
    return {model.__tablename__: found.get(model.__tablename__, {}) for model in REPLICATED_MODELS}


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty server database (not the module's shared one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    base_url = normalise_url(request.getfixturevalue("pg_url"))
    name = f"cdsrv_domains_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{base_url.rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_server_database_with_bad_rows_upgrades_keeping_them(empty_database: str) -> None:
    """Rows stored before the rules (the holes of issue 13 let them in) survive the upgrade; on
    PostgreSQL only the rule they break is left NOT VALID; every new write is checked."""
    engine = make_engine(empty_database)
    meta = "'2024-01-01 00:00:00', 'old', 3"
    try:
        upgrade(engine, "0003")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO streets (id, name, district, updated_at, updated_by, server_version,"
                f" dirty) VALUES ('s-1', '坂田', '龙岗区', {meta}, false)"))
            connection.execute(text(
                "INSERT INTO communities (id, street_id, name, updated_at, updated_by,"
                f" server_version, dirty) VALUES ('c-1', 's-1', '五园社区', {meta}, false)"))
            connection.execute(text(
                "INSERT INTO compounds (id, community_id, name, address, lifecycle_stage,"
                " households, building_area_m2, committee_status, residents_committee_acting,"
                " note, updated_at, updated_by, server_version, dirty) VALUES ('k-1', 'c-1',"
                " '第五园', '', '成熟期', 10, '1" + "0" * 35 + "', 'none', false, '', "
                f"{meta}, false)"))
        _insert_election(engine, "k-1", id="e-1", stage="zzz")
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT stage, historical FROM elections WHERE id = 'e-1'")).one() == ("zzz", False)
            assert connection.execute(text(
                "SELECT length(building_area_m2) FROM compounds WHERE id = 'k-1'")).scalar() == 36
        checks = _database_checks(engine)
        expected = _models_checks()
        assert {table: set(names) for table, names in checks.items()} == expected
        assert "ck_elections_stage_in" in expected["elections"]
        if engine.dialect.name == "postgresql":
            left = {name for names in checks.values() for name, valid in names.items() if not valid}
            assert left == {"ck_elections_stage_in", "ck_compounds_building_area_m2_range"}
        with pytest.raises(IntegrityError, match="ck_elections_stage_in"):
            _insert_election(engine, "k-1", stage="yyy")
        with pytest.raises(DBAPIError), engine.begin() as connection:
            connection.execute(text("UPDATE compounds SET lifecycle_stage = 'zzz'"))
    finally:
        engine.dispose()
