"""Fixtures for sync tests: a real sync server on a loopback port over SQLite or PostgreSQL
storage (each test gets its own database), users, and client devices with their own stores."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.sync import auth
from app.sync.engine import SyncReport, sync
from db.models import Community, Compound, OutboxEntry, Street
from db.store import STORE_FILENAME, Store, open_store
from tests.helpers.memory_keyring import MemoryKeyring
from tests.sync.fault_proxy import FaultProxy

PASSWORD = "correct horse 马"
STREET = "坂田街道"
OTHER_STREET = "布吉街道"


def _plain_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """A fresh, empty server database URL: a SQLite file, or an own PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.sqlite3'}"
        return
    pg_url = request.getfixturevalue("pg_url")
    name = f"cd_sync_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_plain_dsn(pg_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _plain_dsn(pg_url, name)
    finally:
        with psycopg.connect(_plain_dsn(pg_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Device:
    """One caseworker's laptop: its own local store, logged in to the server."""

    user: str
    data_dir: Path
    store: Store

    def sync(self, **options: object) -> SyncReport:
        return sync(self.store, **options)  # type: ignore[arg-type]


@dataclass
class SyncServer:
    url: str
    db_url: str
    street_id: str = ""
    community_id: str = ""
    other_community_id: str = ""


_TEMPLATE: list[Path] = []


def _empty_store_file() -> Path:
    """A migrated empty store made once per test run; devices start from copies (migrating a
    new SQLite file takes a third of a second)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="compound-desk-sync-template-"))
        atexit.register(shutil.rmtree, folder, True)
        open_store(folder).close()
        _TEMPLATE.append(folder / STORE_FILENAME)
    return _TEMPLATE[0]


def open_device(data_dir: Path, server: SyncServer, user: str) -> Device:
    data_dir.mkdir(parents=True, exist_ok=True)
    template = _empty_store_file()
    shutil.copy2(template, data_dir / STORE_FILENAME)
    marker = template.with_name("store-key.json")  # an encrypted store's key marker (db/keys.py)
    if marker.exists():
        shutil.copy2(marker, data_dir / marker.name)
    store = open_store(data_dir, actor=user)
    auth.login(store, server.url, user, PASSWORD)
    return Device(user, data_dir, store)


@pytest.fixture(scope="module")
def sync_server(server_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    """A running server (shared by a test module) with a supervisor `sup`, caseworkers `cw`,
    `cw2` (坂田街道) and `other` (布吉街道); both streets and a community in each, seeded by the
    supervisor's push. Tests add rows with unique names so they do not meet each other."""
    from server.testing import running_server
    from server.users import add_user

    with running_server(server_db) as url:
        server = SyncServer(url=url, db_url=server_db)
        add_user(server_db, "sup", "supervisor", None, PASSWORD)
        previous = keyring.get_keyring()
        keyring.set_keyring(MemoryKeyring())  # module scope: the per-test keyring is not set yet
        seeder = open_device(tmp_path_factory.mktemp("seeder"), server, "sup")
        try:
            with seeder.store.transaction() as session:
                street, other = Street(name=STREET), Street(name=OTHER_STREET)
                session.add_all([street, other])
                session.flush()
                community = Community(street_id=street.id, name="坂田社区")
                other_community = Community(street_id=other.id, name="布吉社区")
                session.add_all([community, other_community])
                session.flush()
                server.street_id, server.community_id = street.id, community.id
                server.other_community_id = other_community.id
            report = seeder.sync()
            assert report.refused == 0
        finally:
            seeder.store.close()
            keyring.set_keyring(previous)
        add_user(server_db, "cw", "caseworker", STREET, PASSWORD)
        add_user(server_db, "cw2", "caseworker", STREET, PASSWORD)
        add_user(server_db, "other", "caseworker", OTHER_STREET, PASSWORD)
        yield server


@pytest.fixture
def make_device(sync_server: SyncServer, tmp_path: Path) -> Iterator[Callable[[str], Device]]:
    """make_device(user) → a new logged-in device that has pulled what the server has."""
    counter = iter(range(1000))
    devices: list[Device] = []

    def make(user: str) -> Device:
        device = open_device(tmp_path / f"{user}-{next(counter)}", sync_server, user)
        devices.append(device)
        device.sync()
        return device

    yield make
    for device in devices:
        device.store.close()


def community_of(device: Device) -> str:
    with device.store.session() as session:
        found = session.scalar(select(Community.id).where(Community.name == "坂田社区"))
    assert found is not None
    return found


def add_compounds(device: Device, count: int, prefix: str = "小区") -> list[str]:
    """`count` new compounds in 坂田社区 (each an insert and an audit entry in the outbox)."""
    names = [f"{prefix}-{uuid.uuid4().hex[:8]}" for _ in range(count)]
    with device.store.transaction() as session:
        for name in names:
            session.add(Compound(community_id=community_of(device), name=name))
    return names


def new_compound(device: Device, name: str, **values: object) -> str:
    """A compound made in 坂田社区, in its own transaction; its id."""
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device), name=name, **values)
        session.add(compound)
        session.flush()
        return compound.id


def edit_row(device: Device, model: type, row_id: str, **values: object) -> None:
    """One local edit of one row, in its own transaction (an op of its own in the outbox)."""
    with device.store.transaction() as session:
        row = session.get(model, row_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def open_reasons(device: Device) -> list[str]:
    """Each open conflict as table:field:kind:reason:mine (for an assertion's message)."""
    from app.sync.conflicts import open_conflicts

    return [f"{c.table_name}:{c.field}:{c.kind}:{c.reason}:{c.mine}"
            for c in open_conflicts(device.store)]


def outbox_size(device: Device) -> int:
    with device.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


@pytest.fixture
def proxy(sync_server: SyncServer) -> Iterator[FaultProxy]:
    """A loopback proxy in front of the module's server that can break one exchange on purpose
    (tests/sync/fault_proxy.py)."""
    running = FaultProxy(sync_server.url)
    yield running
    running.close()
