"""Real clients against the real server: a sign-off made in the app signs exactly what the server
computes from its own rows (whatever the server database's collation), and one signed over rows
a colleague has changed since is refused and moves nothing. SQLite, PostgreSQL, and PostgreSQL
with a Chinese (pinyin) collation, where ORDER BY name differs from the client's order."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import psycopg
import pytest

from app.elections import actions
from app.sync.conflicts import open_conflicts
from db.models import CheckpointApproval, Election, Unit
from tests.sync import conftest as sync_fixtures
from tests.sync.conftest import Device, _plain_dsn
from tests.sync.test_signoffs import RULES, TODAY, approve_timing, election_at_timing_checkpoint

MakeDevice = Callable[[str], Device]
sync_server = sync_fixtures.sync_server  # the sync tests' server and devices, on server_db below
make_device = sync_fixtures.make_device
# Code point order (the client's SQLite) and pinyin order (zh collation) differ for these.
NAMES = ("张伟", "李娜", "王芳", "Zhang Wei", "li na")


@pytest.fixture(scope="module", params=["sqlite", "postgres", "postgres-zh"])
def server_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """The server's database (used by tests.sync.conftest.sync_server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.sqlite3'}"
        return
    pg_url = request.getfixturevalue("pg_url")
    name = f"cd_gate_{uuid.uuid4().hex[:12]}"
    collation = (" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C.UTF-8'"
                 if request.param == "postgres-zh" else "")
    with psycopg.connect(_plain_dsn(pg_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{collation}')
    try:
        yield _plain_dsn(pg_url, name)
    finally:
        with psycopg.connect(_plain_dsn(pg_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stage(device: Device, election_id: str) -> str:
    with device.store.session() as session:
        election = session.get(Election, election_id)
        assert election is not None
        return election.stage


def test_sign_offs_made_in_the_app_sign_what_the_server_holds(make_device: MakeDevice) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    approve_timing(a, election_id)
    for i, name in enumerate(NAMES):
        actions.save_group_member(a.store, election_id, name=name, role="owner_rep",
                                  is_party_member=i % 2 == 0)
    actions.save_group_member(a.store, election_id, name="赵主任", role="street_office",
                              is_leader=True)
    actions.advance(a.store, election_id, "checkpoint_group", RULES, TODAY)
    view = actions.load_view(a.store, election_id, RULES, TODAY)
    assert view.draft is not None
    returned = actions.sign(a.store, election_id, "group", "returned", RULES, TODAY,
                            comment="筹备组人选须补齐", expected_hash=view.draft.content_hash)

    report = a.sync()
    assert report.refused == 0 and report.conflicts == 0, open_conflicts(a.store)
    b = make_device("cw2")
    with b.store.session() as session:
        assert session.get(CheckpointApproval, returned.id) is not None
    assert _stage(b, election_id) == "group_formed"


def test_a_sign_off_over_rows_changed_since_is_refused_and_moves_nothing(
    make_device: MakeDevice,
) -> None:
    a = make_device("cw")
    election_id = election_at_timing_checkpoint(a)
    assert a.sync().refused == 0
    b = make_device("cw2")
    with b.store.transaction() as session:
        election = session.get(Election, election_id)
        assert election is not None
        session.add(Unit(compound_id=election.compound_id, building="2", room="201",
                         owner_name="新业主", owner_key="k-new", area_m2=Decimal("120.00")))
    assert b.sync().refused == 0
    approval_id = approve_timing(a, election_id)  # a has not pulled the new unit

    report = a.sync()
    conflicts = {c.row_id: c for c in open_conflicts(a.store)}
    assert approval_id in conflicts, conflicts
    assert "content_hash does not match" in conflicts[approval_id].reason
    assert _stage(make_device("cw2"), election_id) == "checkpoint_timing"
    assert report.refused == 2  # the approval and the move it would have allowed
