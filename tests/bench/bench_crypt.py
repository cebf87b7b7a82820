"""What encryption at rest costs (issue 17): start-up, a search keystroke, an initial pull and the
200,000-row import, each on an encrypted store and on a plaintext one in the same run (the
bench-only switch COMPOUND_DESK_BENCH_PLAINTEXT=1 makes and opens plaintext stores); goal ≤ 1.15×.

Start-up and keystroke use the large demo (2,000 compounds, 200,000 units) in both forms; the
pull brings the small demo district down from a SQLite sync server on loopback into an empty
store; the import is the register of bench_foundation.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bench.common import CACHE_DIR, Figure, fresh_copy, large_demo_dir

GOAL = "≤ 1.15× plaintext"
PASSWORD = "bench-password-1"


@contextmanager
def plaintext(on: bool) -> Iterator[None]:
    from db.store import PLAINTEXT_ENV

    before = os.environ.pop(PLAINTEXT_ENV, None)
    if on:
        os.environ[PLAINTEXT_ENV] = "1"
    try:
        yield
    finally:
        os.environ.pop(PLAINTEXT_ENV, None)
        if before is not None:
            os.environ[PLAINTEXT_ENV] = before


def both_forms(source: Path) -> tuple[Path, Path]:
    """(encrypted, plaintext) copies of the data dir `source`, same rows."""
    from db import encrypt
    from db.store import STORE_FILENAME, open_store, raw_connection

    encrypted = fresh_copy(source)
    open_store(encrypted).close()  # encrypts a plaintext copy in place
    plain = Path(tempfile.mkdtemp(prefix="compound-desk-bench-plain-"))
    connection = raw_connection(encrypted)
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain / STORE_FILENAME),))
        connection.execute("SELECT sqlcipher_export('plain')")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA plain.user_version = {int(version)}")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    assert encrypt.is_plaintext(plain / STORE_FILENAME)
    return encrypted, plain


def startup_figures(encrypted: Path, plain: Path) -> list[Figure]:
    from tests.bench.bench_shell import _env, _launch

    settings = Path(tempfile.mkdtemp()) / "settings.ini"
    env = _env(settings)
    plain_env = {**env, "COMPOUND_DESK_BENCH_PLAINTEXT": "1"}

    def command(folder: Path) -> list[str]:
        return [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py"),
                "--data-dir", str(folder), "--exit-when-ready"]

    _launch(command(encrypted), env)
    _launch(command(plain), plain_env)
    ours, bare = [], []
    for _ in range(5):  # interleaved, so the machine's load falls on both alike
        ours.append(_launch(command(encrypted), env)[0])
        bare.append(_launch(command(plain), plain_env)[0])
    return [Figure("start-up to compound list shown, encrypted (large demo)", min(ours) * 1000,
                   "ms", floor=min(bare) * 1000, goal=GOAL)]


def keystroke_figures(encrypted: Path, plain: Path) -> list[Figure]:
    from tests.bench.bench_shell import keystroke_figure

    with plaintext(True):
        bare = keystroke_figure(plain).value
    ours = keystroke_figure(encrypted).value
    return [Figure("one search keystroke, encrypted (slowest key)", ours, "ms", floor=bare,
                   goal=GOAL)]


def import_figures() -> list[Figure]:
    from tests.bench.bench_foundation import import_seconds, register_xlsx

    path = register_xlsx()
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(2):
        for plain in (True, False):
            folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-cimport-"))
            try:
                with plaintext(plain):
                    times[plain].append(import_seconds(path, folder))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    return [Figure("import 200,000-row register, encrypted", min(times[False]), "s",
                   floor=min(times[True]), goal=GOAL)]


def _upgrade_cached(url: str) -> None:
    """Bring a cached server database to the current server schema. Foreign keys are off while
    migrating: SQLite batch migrations copy and drop tables, which fails with them on once
    tables hold rows (the server's own `upgrade` keeps them on)."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from server.database import alembic_config

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    finally:
        engine.dispose()


def _seeded_server() -> str:
    """A SQLite sync server holding the small demo (pushed once, then cached)."""
    from app.demo import generate
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.engine import sync
    from server.testing import running_server
    from server.users import add_user

    folder = CACHE_DIR / "crypt-sync-server"
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    if (folder / ".complete").exists():
        _upgrade_cached(url)
        return url
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    add_user(url, "bench-sup", "supervisor", None, PASSWORD)
    demo = Path(tempfile.mkdtemp(prefix="compound-desk-bench-seed-"))
    with running_server(url) as base:
        store = open_local_store(demo)
        try:
            generate(store, size="small")
            auth.login(store, base, "bench-sup", PASSWORD)
            sync(store, batch_size=1000, allow_demo=True)
        finally:
            store.close()
    shutil.rmtree(demo, ignore_errors=True)
    (folder / ".complete").touch()
    return url


def pull_figures() -> list[Figure]:
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.engine import sync
    from server.testing import running_server

    url = _seeded_server()
    times: dict[bool, list[float]] = {True: [], False: []}
    pulled = 0
    with running_server(url) as base:
        for _ in range(3):
            for plain in (True, False):
                work = Path(tempfile.mkdtemp(prefix="compound-desk-bench-cpull-"))
                try:
                    with plaintext(plain):
                        store = open_local_store(work)
                        try:
                            auth.login(store, base, "bench-sup", PASSWORD)
                            start = time.perf_counter()
                            pulled = sync(store).pulled
                            times[plain].append(time.perf_counter() - start)
                        finally:
                            store.close()
                finally:
                    shutil.rmtree(work, ignore_errors=True)
    return [Figure(f"initial pull of the small demo ({pulled:,} rows), encrypted",
                   min(times[False]), "s", floor=min(times[True]), goal=GOAL)]


PARTS: dict[str, Callable[[], list[Figure]]] = {
    "import": import_figures,
    "pull": pull_figures,
}


def run() -> list[Figure]:
    only = os.environ.get("COMPOUND_DESK_BENCH_CRYPT_PARTS", "startup,keystroke,pull,import")
    figures: list[Figure] = []
    wanted = only.split(",")
    if "startup" in wanted or "keystroke" in wanted:
        encrypted, plain = both_forms(large_demo_dir())
        try:
            if "startup" in wanted:
                figures += startup_figures(encrypted, plain)
            if "keystroke" in wanted:
                figures += keystroke_figures(encrypted, plain)
        finally:
            shutil.rmtree(encrypted, ignore_errors=True)
            shutil.rmtree(plain, ignore_errors=True)
    for name, part in PARTS.items():
        if name in wanted:
            figures += part()
    return figures
