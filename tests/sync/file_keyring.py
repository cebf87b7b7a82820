"""TEST ONLY: a keyring backend in a JSON file, so a token saved by one `main.py` subprocess can
be read by the next (the in-memory test keyring does not cross processes). The app itself never
writes secrets to disk; tests point PYTHON_KEYRING_BACKEND here with the file in a tmp dir.
Store keys go where every test keyring keeps them (tests/helpers/memory_keyring.py), so the test
process opens the stores its subprocesses made."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.helpers.memory_keyring import MemoryKeyring, is_store_key

FILE_ENV = "COMPOUND_DESK_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1

    def _path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def _save(self, data: dict[str, str]) -> None:
        self._path().write_text(json.dumps(data), "utf-8")

    @staticmethod
    def _shared(service: str, username: str) -> MemoryKeyring | None:
        return MemoryKeyring() if is_store_key(service, username) else None

    def get_password(self, service: str, username: str) -> str | None:
        if (shared := self._shared(service, username)) is not None:
            return shared.get_password(service, username)
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        if (shared := self._shared(service, username)) is not None:
            shared.set_password(service, username, password)
            return
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        if (shared := self._shared(service, username)) is not None:
            shared.delete_password(service, username)
            return
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(data)
