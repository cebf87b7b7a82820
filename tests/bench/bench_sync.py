"""Client sync figures against the server as it is deployed: the real `serve` command (two
uvicorn worker processes) on a throwaway PostgreSQL database, over HTTP on loopback, with the
large demo district:
- a first push of a whole district (the large demo's store, its import outbox expanded, by a
  supervisor into the empty server): ops/s — goal ≥ 10,000 ops/s. This push also fills the
  server for the figures below;
- initial pull of everything into an empty store, as rows/s (goal ≥ 25,000) and as a ratio to
  the floor — one raw executemany of the same rows into an empty store of the same kind as the
  pull writes to (SQLCipher, or plaintext with COMPOUND_DESK_BENCH_PLAINTEXT=1; the figure says
  which), with the store's pragmas — goal ≤ 5×;
- a no-op sync (meta + empty push + empty pull) — goal ≤ 50 ms;
- push of 1,000 offline edits (plus their 1,000 audit entries), with the pull after it that
  does not download them again — goal ≤ 0.5 s.

Client and server are separate processes, as in use (until December 2026 this benchmark ran a
SQLite server on a thread of the client's own process: the two then took turns on one
interpreter). Beside the push and pull figures is the client process's own CPU time.

Needs PostgreSQL: COMPOUND_DESK_BENCH_PG or COMPOUND_DESK_TEST_PG (see tests/bench/load_server.py).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.bench.common import Figure, best_of, fresh_copy, large_demo_dir
from tests.bench.load_server import serving, throwaway_database

PASSWORD = "bench-password-1"
SERVER_WORKERS = 2


# Refusals a supervisor's first push of the demo gets by design: the demo's sign-offs are its
# street signers', which only they may push (app.sync.signing_keys), and the stage moves that
# need them wait for them on the server. Any other refusal fails the benchmark.
EXPECTED_REFUSALS = frozenset({"signer_not_user", "checkpoint_not_approved"})


def _refusal_codes(store: Any) -> Counter[str]:
    """How many ops the server (or the client, for others' sign-offs) refused, by code."""
    import json

    from sqlalchemy import select

    from db.models.local import Conflict

    with store.session() as session:
        texts = session.scalars(select(Conflict.theirs_json).where(Conflict.field == "__refused__"))
        return Counter(str((json.loads(text).get("error") or {}).get("code")) for text in texts)


def _first_push(base: str) -> tuple[int, int, float, float]:
    """(ops taken, ops refused, seconds, client CPU seconds) of a supervisor's first push of the
    whole large demo into the empty server at `base`."""
    from app.progress import NullProgress
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.auth import connect
    from app.sync.engine import SyncReport, expand_bulk_entries, push_outbox

    demo = fresh_copy(large_demo_dir())
    try:
        store = open_local_store(demo)
        try:
            auth.login(store, base, "bench-sup", PASSWORD)
            expand_bulk_entries(store)  # as a sync does first; not part of the pushing
            report = SyncReport()
            with connect(store) as client:
                client.meta()
                start, cpu = time.perf_counter(), time.process_time()
                push_outbox(store, client, NullProgress(), report)
                seconds = time.perf_counter() - start
                cpu = time.process_time() - cpu
            codes = _refusal_codes(store)
        finally:
            store.close()
    finally:
        shutil.rmtree(demo, ignore_errors=True)
    unexpected = {code: n for code, n in codes.items() if code not in EXPECTED_REFUSALS}
    if unexpected or sum(codes.values()) != report.refused:
        raise RuntimeError(f"the first push refused {report.refused} ops: {dict(codes)}")
    return report.pushed, report.refused, seconds, cpu


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
    from server.users import add_user

    work = Path(tempfile.mkdtemp(prefix="compound-desk-bench-sync-"))
    try:
        empty_for_floor = _empty_store(work / "floor")
        with throwaway_database() as url, serving(url, SERVER_WORKERS) as served:
            add_user(url, "bench-sup", "supervisor", None, PASSWORD)
            first_ops, first_refused, first_seconds, first_cpu = _first_push(served.base_url)
            store = open_local_store(work / "client")
            try:
                auth.login(store, served.base_url, "bench-sup", PASSWORD)
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
    return [
        Figure(f"first push of a whole district ({first_ops:,} ops taken, {first_refused:,} "
               f"refused: others' sign-offs and the moves they gate; {SERVER_WORKERS} server "
               "workers, PostgreSQL)", (first_ops + first_refused) / first_seconds, "ops/s",
               goal="≥ 10,000 ops/s"),
        Figure("  per CPU second of the client", (first_ops + first_refused) / first_cpu, "ops/s",
               goal="the client's share of the work"),
        Figure(f"initial pull of the large demo ({report.pulled:,} rows, {kind})", pull_seconds,
               "s", floor=floor_seconds, goal=f"≤ 5× floor (raw executemany, {kind} store)"),
        Figure("initial pull throughput", report.pulled / pull_seconds, "rows/s",
               floor=None, goal=f"≥ 25,000 rows/s; floor {floor_rows / floor_seconds:,.0f} rows/s"),
        Figure("  per CPU second of the client", report.pulled / pull_cpu, "rows/s",
               goal="the client's share of the work"),
        Figure("no-op sync (meta + empty push + empty pull)", noop_seconds * 1000, "ms",
               goal="≤ 50 ms"),
        Figure(f"push of 1,000 offline edits ({pushed.pushed} ops with audit, "
               f"{pushed.pulled} pulled back)", push_seconds, "s", goal="≤ 0.5 s"),
        Figure("  its client CPU time", push_cpu, "s", goal="≤ 0.5 s"),
        Figure("  the same, push and pull steps only", steps_seconds, "s", goal="≤ 0.5 s"),
    ]
