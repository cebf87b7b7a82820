"""The sync tests' real server on loopback (SQLite and PostgreSQL storage) and devices, plus
accounts made per test so the profiles one test sets never meet another's."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from server.users import add_user
from tests.sync.conftest import (  # noqa: F401  (the sync tests' fixtures, used here by name)
    OTHER_STREET,
    PASSWORD,
    STREET,
    Device,
    SyncServer,
    make_device,
    open_device,
    server_db,
    sync_server,
)

NewUser = Callable[..., str]


@pytest.fixture
def new_user(request: pytest.FixtureRequest) -> NewUser:
    """new_user(role="caseworker", street=STREET) → the name of a fresh server account."""
    server: SyncServer = request.getfixturevalue("sync_server")

    def make(role: str = "caseworker", street: str | None = STREET) -> str:
        name = f"u{uuid.uuid4().hex[:10]}"
        add_user(server.db_url, name, role, street if role == "caseworker" else None, PASSWORD)
        return name

    return make


@pytest.fixture
def device_of(request: pytest.FixtureRequest, tmp_path: Path
              ) -> Iterator[Callable[[str], Device]]:
    """device_of(user) → a new laptop logged in as `user` (not yet synced)."""
    server: SyncServer = request.getfixturevalue("sync_server")
    made: list[Device] = []
    counter = iter(range(1000))

    def make(user: str) -> Device:
        device = open_device(tmp_path / f"{user}-{next(counter)}", server, user)
        made.append(device)
        return device

    yield make
    for device in made:
        device.store.close()
