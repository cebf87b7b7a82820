"""Every stored value within its column's type and range (issue 13).

db.codec.decode (the door of pushes, pulls and JSON restores) refuses whatever does not fit a
column with one FieldValueError naming the field — never another exception, never after
expanding a decimal bomb; the local store's CHECK constraints refuse what bypasses the app; and
rows stored before the rules existed survive the upgrade and are reported by `check`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import CheckConstraint, create_engine, inspect, select
from sqlalchemy.exc import StatementError

from app.exporting import export_file
from db import migrate
from db.codec import FieldValueError, decode, encode
from db.domains import ENUMS, RANGES, bounded_decimal, check_text, clean_text
from db.models import (
    REPLICATED_MODELS,
    AgendaItem,
    Ballot,
    CheckpointApproval,
    Compound,
    Election,
    Meeting,
    Unit,
)
from db.models.checks import CHECK_INFO_KEY
from db.store import STORE_FILENAME, Store, open_store
from tests.foundation.conftest import dump
from tests.foundation.test_migrations import make_store_at
from tests.helpers import raw_store
from tests.helpers.cli import run_main


def _nested(depth: int) -> list[Any]:
    """A list nested `depth` deep (what a hostile JSON file parses into), built without recursion."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _decode(model: type, field: str, value: Any) -> Any:
    return decode(model.__table__.c[field].type, value, field)  # type: ignore[attr-defined]


REFUSED = [
    (Election, "stage", "zzz"),
    (Election, "kind", "zzz"),
    (CheckpointApproval, "checkpoint", "everything"),
    (CheckpointApproval, "decision", "approved "),
    (AgendaItem, "stage", "LISTEN"),
    (AgendaItem, "category", "停车"),  # a district key is ASCII: a label is not a key
    (Ballot, "channel", "pigeon"),
    (Compound, "lifecycle_stage", "永生期"),
    (Unit, "area_m2", "1e100000000"),
    (Unit, "area_m2", "-1e-100000000"),
    (Unit, "area_m2", "1" * 5000),
    (Unit, "area_m2", "0." + "0" * 60 + "1"),
    (Unit, "area_m2", "0"),
    (Unit, "area_m2", "-5"),
    (Unit, "area_m2", "100000.01"),
    (Unit, "area_m2", _nested(100_000)),
    (Compound, "building_area_m2", "9" * 31),
    (Compound, "households", -1),
    (Compound, "households", 10**5000),
    (Compound, "households", 2**70),
    (Election, "server_version", 2**70),
    (Election, "seats", 0),
    (AgendaItem, "satisfaction", 6),
    (AgendaItem, "progress", 101),
    (Compound, "name", "第五园\x07"),
    (Compound, "note", "a\x00b"),
    (Compound, "note", "C1 control \x85"),
    (Compound, "name", "第五园\ud800"),
    (Meeting, "held_at", "9999-12-31T23:59-05:00"),
    (Meeting, "held_at", "0001-01-01T00:00+01:00"),
    (Meeting, "held_at", "1066-10-14T09:00:00+00:00"),
    (Election, "applied_on", "9999-12-31"),
    (Election, "applied_on", "0001-01-01"),
]


@pytest.mark.parametrize(("model", "field", "value"), REFUSED,
                         ids=[f"{m.__tablename__}.{f}-{n}" for n, (m, f, _v) in enumerate(REFUSED)])
def test_decode_refuses_values_outside_the_column(model: type, field: str, value: Any) -> None:
    with pytest.raises(FieldValueError, match=f"^field {field}: "):
        _decode(model, field, value)


def test_every_enum_value_decodes_and_nothing_else() -> None:
    assert ENUMS[("elections", "stage")][0] == "application"
    assert ("checkpoint_approvals", "decision") in ENUMS and ("ballots", "channel") in ENUMS
    for (table, column), values in ENUMS.items():
        model = next(m for m in REPLICATED_MODELS if m.__tablename__ == table)
        for value in values:
            assert _decode(model, column, value) == value
        for wrong in (values[0] + "x", values[0].upper(), ""):
            if wrong not in values:
                with pytest.raises(FieldValueError, match=column):
                    _decode(model, column, wrong)


HOSTILE: list[Any] = [
    "1e100000000", "-1E-999999999", "NaN", "sNaN", "9999-12-31T23:59-05:00", "\ud800", "\x07",
    "x" * 100_000, "", " ", 10**5000, -(10**5000), 2**70, 1.5, float("nan"), float("inf"),
    True, {"a": 1}, _nested(100_000), ["1"],
]


def test_decode_raises_nothing_but_field_value_errors_and_accepts_only_storable_values() -> None:
    """Every hostile value against every column of every table: a value or a FieldValueError."""
    for model in REPLICATED_MODELS:
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            for value in HOSTILE:
                try:
                    decoded = decode(column.type, value, column.name)
                except FieldValueError as exc:
                    assert str(exc).startswith(f"field {column.name}: ")
                    assert len(str(exc)) < 400
                    continue
                length = getattr(column.type, "length", None)
                text_form = encode(decoded)
                if isinstance(text_form, str) and length is not None:
                    assert len(text_form) <= length, (model.__tablename__, column.name, value)


def test_ranges_bound_areas_and_counts() -> None:
    assert RANGES[("units", "area_m2")] == (Decimal("0.0001"), Decimal(100_000))
    assert RANGES[("elections", "seats")] == (1, 99)
    assert _decode(Unit, "area_m2", "88.50") == Decimal("88.50")
    assert _decode(Unit, "area_m2", "100000") == Decimal(100_000)
    with pytest.raises(FieldValueError, match="area_m2: below"):
        _decode(Unit, "area_m2", "0.00001")


def test_bounded_decimal_refuses_before_formatting() -> None:
    assert bounded_decimal("1.5", "x", low=Decimal(0), high=Decimal(2)) == Decimal("1.5")
    for text, words in [("1e100000000", "exponent"), ("1" * 31, "significant digits"),
                        ("1" * 100, "longer than"), ("2.5", "above 2"), ("-1", "below 0"),
                        ("abc", "not a number"), ("inf", "finite")]:
        with pytest.raises(FieldValueError, match=f"field x: .*{words}"):
            bounded_decimal(text, "x", low=Decimal(0), high=Decimal(2))


def test_check_text_and_clean_text() -> None:
    text = "第一行\n第二行\t制表\r回车"
    assert check_text(text, "note") == text and clean_text(text) == text
    hostile = "铃\x07声\x00空\x1b转\x7f删\x85下\ud800半"
    with pytest.raises(FieldValueError, match="field note: contains a control character U\\+0007"):
        check_text(hostile, "note")
    with pytest.raises(FieldValueError, match="lone surrogate U\\+DFFF"):
        check_text("a\udfff", "note")
    assert clean_text(hostile) == "铃声空转删下半"


def test_a_huge_decimal_is_refused_before_it_is_written_out(with_compounds: Store) -> None:
    """DecimalText (and the outbox's encode) bound a value before formatting it: an ORM write of
    1e100000 must fail, not store 100,000 characters."""
    with with_compounds.session() as session:
        compound = session.scalars(select(Compound)).first()
        assert compound is not None
        compound.building_area_m2 = Decimal("1e100000")
        with pytest.raises((StatementError, ValueError), match="exponent"):
            session.commit()
    with pytest.raises(ValueError, match="exponent"):
        encode(Decimal("1e100000"))
    connection = raw_store.connect(with_compounds.path)
    try:
        (longest,) = connection.execute("SELECT max(length(building_area_m2)) FROM compounds").fetchone()
        (outbox,) = connection.execute("SELECT max(length(fields_json)) FROM outbox").fetchone()
    finally:
        connection.close()
    assert longest <= 40 and outbox < 2000


BYPASSING = [
    ("UPDATE compounds SET lifecycle_stage = 'zzz'", "ck_compounds_lifecycle_stage_in"),
    ("UPDATE compounds SET name = '" + "长" * 81 + "' WHERE rowid = 1", "ck_compounds_name_len"),
    ("UPDATE compounds SET building_area_m2 = '1" + "0" * 38 + "'", "ck_compounds_building_area_m2_range"),
    ("UPDATE compounds SET households = -3", "ck_compounds_households_range"),
    ("UPDATE compounds SET updated_at = '9999-12-31 23:59:00.000000'", "ck_compounds_updated_at_range"),
    ("INSERT INTO elections (id, compound_id, kind, stage, seats, vote_place, e_vote, note,"
     " updated_at, updated_by, server_version, dirty) SELECT 'e-x', id, 'first', 'zzz', 7, '', 1,"
     " '', '2025-01-01 00:00:00.000000', '', 0, 0 FROM compounds LIMIT 1", "ck_elections_stage_in"),
]


@pytest.mark.parametrize(("sql", "constraint"), BYPASSING, ids=[c for _s, c in BYPASSING])
def test_the_local_store_refuses_bad_values_written_around_the_app(
        with_compounds: Store, sql: str, constraint: str) -> None:
    with_compounds.close()
    before = dump(with_compounds.path.parent)
    connection = raw_store.connect(with_compounds.path)
    try:
        with (pytest.raises(raw_store.IntegrityError, match=f"CHECK constraint failed: {constraint}"),
              connection):
            connection.execute(sql)
    finally:
        connection.close()
    assert dump(with_compounds.path.parent) == before


def _checks_in(path: Path) -> dict[str, set[str]]:
    engine = create_engine("sqlite://", creator=lambda: raw_store.connect(path))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {model.__tablename__: {c["name"] for c in inspector.get_check_constraints(
                model.__tablename__)} for model in REPLICATED_MODELS}
    finally:
        engine.dispose()


def _checks_of_models() -> dict[str, set[str]]:
    return {model.__tablename__: {
        str(c.name) for c in model.__table__.constraints
        if isinstance(c, CheckConstraint) and CHECK_INFO_KEY in c.info}
        for model in REPLICATED_MODELS}


def test_new_and_upgraded_stores_hold_the_models_checks(data_dir: Path, tmp_path: Path) -> None:
    """Alembic's model comparison does not look at CHECK constraints: this does."""
    expected = _checks_of_models()
    assert "ck_elections_stage_in" in expected["elections"]
    assert "ck_units_area_m2_range" in expected["units"]
    assert sum(len(names) for names in expected.values()) > 200
    fresh = open_store(data_dir)
    fresh.close()
    assert _checks_in(fresh.path) == expected
    old = tmp_path / "old" / STORE_FILENAME
    old.parent.mkdir()
    make_store_at(old, "0001")
    upgraded = open_store(old.parent)
    upgraded.close()
    assert _checks_in(old) == expected


def test_an_old_store_with_bad_rows_upgrades_keeping_them_and_check_names_each(
        data_dir: Path) -> None:
    """Rows stored before the rules (by an older app or a hostile server) are neither dropped
    nor a reason for the upgrade to fail; `check` then names table, id, column, value, rule."""
    path = data_dir / STORE_FILENAME
    make_store_at(path, "0005")
    connection = raw_store.connect(path)
    with connection:
        connection.execute("UPDATE units SET area_m2 = '0' WHERE id = 'u-1'")
        connection.execute("UPDATE compounds SET name = ? WHERE id = 'k-1'", ("长" * 100,))
        connection.execute(
            "INSERT INTO elections (id, compound_id, kind, stage, seats, vote_place, e_vote, note,"
            " updated_at, updated_by, server_version, dirty, applicant_owners, applicant_area_m2)"
            " VALUES ('e-1', 'k-1', 'first', 'zzz', 0, '', 1, '', '2025-01-01 00:00:00.000000',"
            " '', 4, 0, 0, '0')")
    connection.close()
    result = run_main("check", data_dir=data_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem: value:")]
    assert sorted(problems) == sorted([
        "problem: value: elections row e-1 column stage = 'zzz' breaks the rule stage IN "
        "('application', 'checkpoint_timing', 'group_formed', 'checkpoint_group', "
        "'candidates_nominated', 'checkpoint_candidates', 'candidate_notice', 'voting', "
        "'tallied', 'seated', 'filed')",  # the model's order (first meeting before 备案)
        "problem: value: elections row e-1 column seats = 0 breaks the rule seats >= 1 AND "
        "seats <= 99",
        "problem: value: units row u-1 column area_m2 = '0' breaks the rule "
        "CAST(area_m2 AS NUMERIC) >= 0.0001 AND CAST(area_m2 AS NUMERIC) <= 100000",
        "problem: value: compounds row k-1 column name = '" + "长" * 56 + "… breaks the rule "
        "length(name) <= 80",
    ]), result.stderr
    assert "integrity_check" not in result.stderr
    store = open_store(data_dir)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            election = session.get(Election, "e-1")
            assert election is not None and election.stage == "zzz" and not election.historical
            unit = session.get(Unit, "u-1")
            assert unit is not None and unit.area_m2 == 0
    finally:
        store.close()


def test_a_json_restore_refuses_bombs_and_bad_values_and_writes_nothing(
        with_compounds: Store, tmp_path: Path) -> None:
    """A restore decodes every value: an area of 1e100000000, an unknown stage or a timestamp
    that overflows is one bad-input line naming the field, and the new store stays empty."""
    export = tmp_path / "export.json"
    export_file(with_compounds, export)
    document = json.loads(export.read_text(encoding="utf-8"))
    compound = document["compounds"][0]
    for field, value in [("building_area_m2", "1e100000000"), ("lifecycle_stage", "zzz"),
                         ("updated_at", "9999-12-31T23:59:00-05:00"), ("households", 10**80)]:
        hostile = tmp_path / f"hostile-{field}.json"
        hostile.write_text(json.dumps({**document, "compounds": [
            {**compound, field: value}, *document["compounds"][1:]]}), encoding="utf-8")
        target = tmp_path / f"restored-{field}"
        result = run_main("import", str(hostile), data_dir=target)
        assert result.returncode == 2, (field, result.stdout, result.stderr)
        assert field in result.stderr and len(result.stderr) < 2000, result.stderr
        assert "Traceback" not in result.stderr
        if (target / STORE_FILENAME).exists():
            connection = raw_store.connect(target / STORE_FILENAME)
            try:
                assert connection.execute("SELECT count(*) FROM compounds").fetchone() == (0,)
            finally:
                connection.close()


def test_text_set_by_the_app_loses_control_characters_before_it_is_stored_or_pushed(
        with_compounds: Store) -> None:
    """A bell, a vertical tab or half an emoji pasted into a field would make a
    change the server refuses forever (and a lone surrogate cannot be written at all)."""
    with with_compounds.transaction() as session:
        compound = session.scalars(select(Compound).order_by(Compound.name)).first()
        assert compound is not None
        compound.note = "第一行\x0b第二行\x07\ud83d"
        compound.address = "\x1b[31m坂雪岗大道\x00"
        row_id = compound.id
    connection = raw_store.connect(with_compounds.path)
    try:
        stored = connection.execute("SELECT note, address FROM compounds WHERE id = ?",
                                    (row_id,)).fetchone()
        pushed = connection.execute("SELECT fields_json FROM outbox WHERE row_id = ? AND op = "
                                    "'update' ORDER BY seq DESC", (row_id,)).fetchone()[0]
    finally:
        connection.close()
    assert stored == ("第一行第二行", "[31m坂雪岗大道")
    assert json.loads(pushed) == {"note": "第一行第二行", "address": "[31m坂雪岗大道"}
