"""Test configuration: offscreen Qt, an in-memory keyring, fresh stores, the test PostgreSQL."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")
if "COMPOUND_DESK_LOG_DIR" not in os.environ:  # a test run never writes the user's own log
    import tempfile

    os.environ["COMPOUND_DESK_LOG_DIR"] = tempfile.mkdtemp(prefix="compound-desk-test-logs-")

if "COMPOUND_DESK_TEST_STORE_KEYS" not in os.environ:  # store keys of this run (memory_keyring.py)
    import tempfile

    os.environ["COMPOUND_DESK_TEST_STORE_KEYS"] = str(
        Path(tempfile.mkdtemp(prefix="compound-desk-test-keys-")) / "store-keys.json")
# main.py subprocesses use the same test keyring (and so find the stores' keys), never the OS one.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.helpers.memory_keyring.MemoryKeyring")

import keyring
import pytest

from db.store import Store, open_store
from tests.helpers.memory_keyring import MemoryKeyring

keyring.set_keyring(MemoryKeyring())  # for stores made by session- and module-wide fixtures

PG_ENV = "COMPOUND_DESK_TEST_PG"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keyring through the real keyring API."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def chinese_after_each_test() -> Iterator[None]:
    """A test that switched the UI to English leaves Chinese (the default) behind it, whether it
    passed or not, so the next test's texts read as a caseworker's would."""
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QLocale

    app = QCoreApplication.instance()
    if app is not None and QLocale().language() != QLocale.Language.Chinese:
        from ui.i18n import install_translators

        install_translators(app, "zh_CN")


@pytest.fixture
def english(qapp: Any) -> Iterator[None]:
    """The UI in English for one test (its translators removed after it; see
    chinese_after_each_test for the rest)."""
    from ui import i18n

    i18n.install_translators(qapp, "en")
    yield
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's log written to a folder of this test (app.logs)."""
    from app import logs

    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    logs.setup("INFO")
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A new, migrated local store in a temp folder, acting as 'tester'."""
    opened = open_store(data_dir, actor="tester")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of the PostgreSQL server started by scripts/test.sh (and so by CI).

    Missing it is a failure, not a skip: the suite must run every server test.
    """
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.fail(f"{PG_ENV} is not set: run the tests through scripts/test.sh")
    return url
