"""An in-memory keyring backend, so tests use the real `keyring` API without the OS keyring.

Store keys (service `compound-desk`, account `store:<id>`) are the exception: like the OS keyring they outlive one
test and one process, because stores are made once per module or session and opened again by
`main.py` subprocesses. They live in a JSON file of this test run (STORE_KEYS_ENV, a temporary
folder that conftest names); every other secret stays in the per-test dict `secrets`.
PYTHON_KEYRING_BACKEND points subprocesses at this class.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: one test process at a time there
    fcntl = None  # type: ignore[assignment]

from keyring.backend import KeyringBackend

STORE_KEYS_ENV = "COMPOUND_DESK_TEST_STORE_KEYS"
STORE_SERVICE = "compound-desk"


def is_store_key(service: str, username: str) -> bool:
    """A store's key (db/keys.py), not the sync token that shares its service."""
    return service == STORE_SERVICE and username.startswith("store:") and bool(
        os.environ.get(STORE_KEYS_ENV))


class MemoryKeyring(KeyringBackend):
    """Secrets kept in a dict for the life of the process (store keys: in the run's file)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    @staticmethod
    def _store_keys_file() -> Path | None:
        name = os.environ.get(STORE_KEYS_ENV)
        return Path(name) if name else None

    def store_keys(self) -> dict[str, str]:
        path = self._store_keys_file()
        if path is None or not path.exists():
            return {}
        data: dict[str, str] = json.loads(path.read_text("utf-8") or "{}")
        return data

    def _save_store_keys(self, data: dict[str, str]) -> None:
        path = self._store_keys_file()
        assert path is not None
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), "utf-8")
        os.replace(temporary, path)

    def get_password(self, service: str, username: str) -> str | None:
        if is_store_key(service, username):
            return self.store_keys().get(username)
        return self.secrets.get((service, username))

    @contextmanager
    def _store_keys_locked(self) -> Iterator[None]:
        """Read-modify-write of the run's file by one process at a time: the test workers
        (pytest-xdist) share it, and two of them writing at once lost one's key (79 tests of
        one run then met a store whose key was gone)."""
        path = self._store_keys_file()
        assert path is not None
        with open(path.with_name(f"{path.name}.lock"), "a") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def set_password(self, service: str, username: str, password: str) -> None:
        if is_store_key(service, username):
            with self._store_keys_locked():
                self._save_store_keys({**self.store_keys(), username: password})
            return
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if is_store_key(service, username):
            with self._store_keys_locked():
                data = self.store_keys()
                if data.pop(username, None) is None:
                    raise PasswordDeleteError("no such password")
                self._save_store_keys(data)
            return
        if (service, username) not in self.secrets:
            raise PasswordDeleteError("no such password")
        del self.secrets[(service, username)]
