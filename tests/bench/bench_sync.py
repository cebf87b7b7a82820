"""Client sync figures on loopback with the large demo district on a SQLite server (in this
process, on a thread: client and server share the interpreter):
- initial pull of everything into an empty store, as rows/s (goal ≥ 25,000) and as a ratio to
  the floor — one raw executemany of the same rows into an empty store of the same kind as the
  pull writes to (SQLCipher, or plaintext with COMPOUND_DESK_BENCH_PLAINTEXT=1; the figure says
  which), with the store's pragmas — goal ≤ 5×;
- a first push of a whole district (the large demo's store, its import outbox expanded): ops/s
  over its first FIRST_PUSH_OPS ops into an empty server — goal ≥ 10,000 ops/s;
- a no-op sync (meta + empty push + empty pull) — goal ≤ 50 ms;
- push of 1,000 offline edits (plus their 1,000 audit entries), with the pull after it that
  does not download them again — goal ≤ 0.5 s.

This machine is shared: each wall-clock figure of the pull and of the edits' push has beside it
the process's CPU time (client and server run in this one process), which the load of other
programs changes much less.

The server database is filled once, by a supervisor client pushing a copy of the large demo
(its outbox holds every row), and cached beside the large demo for later runs.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench.common import CACHE_DIR, Figure, best_of, fresh_copy, large_demo_dir

PASSWORD = "bench-password-1"


def _server_db(report: list[str]) -> str:
    """A SQLite server database holding the large demo (pushed once, then cached)."""
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.engine import sync
    from server.testing import running_server
    from server.users import add_user

    folder = CACHE_DIR / "sync-server"
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    if (folder / ".complete").exists():
        _upgrade_cached(url)
        return url
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    add_user(url, "bench-sup", "supervisor", None, PASSWORD)
    demo = fresh_copy(large_demo_dir())
    with running_server(url) as base:
        store = open_local_store(demo)
        try:
            auth.login(store, base, "bench-sup", PASSWORD)
            start = time.perf_counter()
            result = sync(store, batch_size=1000, allow_demo=True)
            seconds = time.perf_counter() - start
        finally:
            store.close()
    shutil.rmtree(demo, ignore_errors=True)
    report.append(f"seeded the server by pushing {result.pushed} ops in {seconds:.1f} s "
                  f"({result.refused} refused)")
    (folder / ".complete").touch()
    return url


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


FIRST_PUSH_OPS = 60_000


class _StopAfter:
    """Progress that asks to stop once `ops` ops are pushed (the push settles batch by batch)."""

    def __init__(self, ops: int) -> None:
        self.ops, self.done = ops, 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.done = done

    @property
    def cancelled(self) -> bool:
        return self.done >= self.ops


def _first_push() -> tuple[int, float, float]:
    """(ops, seconds, CPU seconds) of the first FIRST_PUSH_OPS ops of a whole district's first
    push."""
    from app.errors import Cancelled
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.auth import connect
    from app.sync.engine import SyncReport, expand_bulk_entries, push_outbox
    from server.testing import running_server
    from server.users import add_user

    folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-first-push-"))
    demo = fresh_copy(large_demo_dir())
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    try:
        add_user(url, "bench-sup", "supervisor", None, PASSWORD)
        with running_server(url) as base:
            store = open_local_store(demo)
            try:
                auth.login(store, base, "bench-sup", PASSWORD)
                expand_bulk_entries(store)  # as a sync does first; not part of the pushing
                report = SyncReport()
                progress = _StopAfter(FIRST_PUSH_OPS)
                with connect(store, should_stop=lambda: progress.cancelled) as client:
                    client.meta()
                    start, cpu = time.perf_counter(), time.process_time()
                    with contextlib.suppress(Cancelled):
                        push_outbox(store, client, progress, report)
                    seconds = time.perf_counter() - start
                    cpu = time.process_time() - cpu
            finally:
                store.close()
    finally:
        shutil.rmtree(demo, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return report.pushed, seconds, cpu


def _edits_push_and_pull(store: Any, units: Sequence[Any]) -> float:
    """Seconds of the push and pull steps alone (no meta, evidence files or profiles) for
    another 1,000 offline edits of the same rows."""
    from sqlalchemy import select

    from app.progress import NullProgress
    from app.sync.auth import connect
    from app.sync.engine import SyncReport, pull_all, push_outbox
    from db.models import Unit

    with store.transaction() as session:
        ids = [unit.id for unit in units]
        for unit in session.scalars(select(Unit).where(Unit.id.in_(ids))):
            unit.owner_name = f"{unit.owner_name}·再改"
    with connect(store) as client:
        start = time.perf_counter()
        push_outbox(store, client, NullProgress(), SyncReport())
        pull_all(store, client, NullProgress(), SyncReport())
        return time.perf_counter() - start


def _store_kind(path: Path) -> str:
    from db import encrypt

    return "plaintext" if encrypt.is_plaintext(path) else "SQLCipher"


def _empty_store(folder: Path) -> Path:
    from db.store import STORE_FILENAME, open_store

    open_store(folder).close()
    return folder / STORE_FILENAME


def _floor_seconds(pulled_store: Path, empty_file: Path) -> tuple[float, int]:
    """Raw sqlite3 executemany of every replicated row the pull wrote, into an empty copy."""
    from db.models import REPLICATED_MODELS
    from db.store import raw_connection

    source = raw_connection(pulled_store.parent, pulled_store)  # keyed: the stores are encrypted
    tables = {m.__tablename__: source.execute(f'SELECT * FROM "{m.__tablename__}"').fetchall()
              for m in REPLICATED_MODELS}
    source.close()
    target = raw_connection(empty_file.parent, empty_file)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    rows = 0
    with target:
        for table, values in tables.items():
            if values:
                marks = ",".join("?" * len(values[0]))
                target.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)
                rows += len(values)
    seconds = time.perf_counter() - start
    target.close()
    return seconds, rows


def run() -> list[Figure]:
    from sqlalchemy import select

    from app.session import open_local_store
    from app.sync import auth
    from app.sync.engine import sync
    from db.models import Unit
    from server.testing import running_server

    notes: list[str] = []
    url = _server_db(notes)
    for note in notes:
        print("  " + note)
    work = Path(tempfile.mkdtemp(prefix="compound-desk-bench-sync-"))
    try:
        empty_for_floor = _empty_store(work / "floor")
        with running_server(url) as base:
            store = open_local_store(work / "client")
            try:
                auth.login(store, base, "bench-sup", PASSWORD)
                start, cpu = time.perf_counter(), time.process_time()
                report = sync(store)
                pull_seconds = time.perf_counter() - start
                pull_cpu = time.process_time() - cpu
                noop_seconds = best_of(10, lambda: sync(store))
                with store.transaction() as session:
                    units = session.scalars(select(Unit).limit(1000)).all()
                    for unit in units:
                        unit.owner_name = f"{unit.owner_name}·改"
                start, cpu = time.perf_counter(), time.process_time()
                pushed = sync(store)
                push_seconds = time.perf_counter() - start
                push_cpu = time.process_time() - cpu
                steps_seconds = _edits_push_and_pull(store, units)
            finally:
                store.close()
            kind = _store_kind(store.path)
            floor_seconds, floor_rows = _floor_seconds(store.path, empty_for_floor)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    first_ops, first_seconds, first_cpu = _first_push()
    return [
        Figure(f"initial pull of the large demo ({report.pulled:,} rows, {kind})", pull_seconds,
               "s", floor=floor_seconds, goal=f"≤ 5× floor (raw executemany, {kind} store)"),
        Figure("initial pull throughput", report.pulled / pull_seconds, "rows/s",
               floor=None, goal=f"≥ 25,000 rows/s; floor {floor_rows / floor_seconds:,.0f} rows/s"),
        Figure("  per CPU second (client and server together)", report.pulled / pull_cpu,
               "rows/s", goal="what a quiet machine would give, at most"),
        Figure(f"first push of a whole district (first {first_ops:,} ops)",
               first_ops / first_seconds, "ops/s", goal="≥ 10,000 ops/s"),
        Figure("  per CPU second (client and server together)", first_ops / first_cpu, "ops/s",
               goal="what a quiet machine would give, at most"),
        Figure("no-op sync (meta + empty push + empty pull)", noop_seconds * 1000, "ms",
               goal="≤ 50 ms"),
        Figure(f"push of 1,000 offline edits ({pushed.pushed} ops with audit, "
               f"{pushed.pulled} pulled back)", push_seconds, "s", goal="≤ 0.5 s"),
        Figure("  its CPU time (client and server together)", push_cpu, "s", goal="≤ 0.5 s"),
        Figure("  the same, push and pull steps only", steps_seconds, "s", goal="≤ 0.5 s"),
    ]
