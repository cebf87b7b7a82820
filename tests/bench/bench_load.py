"""The server under a district's load (`python -m tests.bench load`): the real `serve` command
with several uvicorn workers on a throwaway PostgreSQL database, 500 simulated caseworkers each
syncing every 3 minutes with a few edits (steady state), then a "Monday morning" burst of 200
of them syncing at the same instant with a weekend's edits. Afterwards the server's tables are
counted: every edit must be there exactly once.

Time is compressed: the 3-minute period is divided by LOAD_SPEEDUP (default 6: a sync every 30 s
per client, six times the real request rate), so the steady phase of LOAD_PERIODS periods (default
3, i.e. 9 simulated minutes) takes 90 s. The load generator runs on the same machine as the
server and PostgreSQL and takes CPU from them: its latencies are what a client on the machine
sees; the server's own per-request log gives the server-side figures beside them.

Needs PostgreSQL (COMPOUND_DESK_BENCH_PG or COMPOUND_DESK_TEST_PG). Knobs (environment):
COMPOUND_DESK_LOAD_WORKERS (uvicorn workers, default 4), _CLIENTS (500), _BURST (200),
_SPEEDUP (6), _PERIODS (3).
"""

from __future__ import annotations

import asyncio
import os
import random
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from tests.bench.common import Figure
from tests.bench.load_clients import (
    LOAD_BUILDING,
    Failed,
    Stats,
    new_edits,
    percentile,
    pull,
    sync,
    watch_lag,
)
from tests.bench.load_district import Caseworker, District, seed
from tests.bench.load_server import postgres_settings, server_timings, serving, throwaway_database

REAL_PERIOD_S = 180.0
STREETS = 10
UNITS_EACH = 10
STEADY_EDITS = (1, 2)  # inserts, updates per sync
WEEKEND_EDITS = (4, 6)
BURST_GOAL_S = 60.0
P99_GOAL_MS = 300.0


def knob(name: str, default: float) -> float:
    return float(os.environ.get(f"COMPOUND_DESK_LOAD_{name}", default))


def run() -> list[Figure]:
    workers = int(knob("WORKERS", 4))
    clients, burst = int(knob("CLIENTS", 500)), int(knob("BURST", 200))
    period = REAL_PERIOD_S / knob("SPEEDUP", 6)
    duration = period * knob("PERIODS", 3)
    random.seed(19)
    print("    PostgreSQL: " + ", ".join(f"{k}={v}" for k, v in postgres_settings().items()))
    with throwaway_database() as url, serving(url, workers) as served:
        district = seed(url, served.base_url, caseworkers=clients, streets=STREETS,
                        units_each=UNITS_EACH)
        steady_stats, burst_stats = Stats(), Stats()
        steady_from = datetime.now(UTC)
        syncs = asyncio.run(steady(served.base_url, district.caseworkers, period, duration,
                                   steady_stats))
        steady_to = datetime.now(UTC)
        load = os.getloadavg()[0]  # the last minute of the steady phase
        burst_from = datetime.now(UTC)
        converged_s, unconverged = asyncio.run(
            monday_morning(served.base_url, district.caseworkers[:burst], burst_stats))
        burst_to = datetime.now(UTC)
        lost, duplicated = exactly_once(url, district)
        server_steady = server_timings(served.log_path, steady_from, steady_to)
        server_burst = server_timings(served.log_path, burst_from, burst_to)
    label = f"{workers} workers, {clients} clients, 1/{REAL_PERIOD_S / period:g} time"
    figures = [Figure(f"steady syncs/s ({label})", syncs / duration, "syncs/s",
                      goal=f"= {clients}/{period:g} s")]
    figures += latency_figures("steady", steady_stats, server_steady, goal=f"p99 ≤ {P99_GOAL_MS:g} ms")
    figures.append(Figure("steady: generator loop lag p99 (its own CPU wait)",
                          percentile(steady_stats.latencies["loop lag"], 0.99) * 1000, "ms"))
    figures.append(Figure("machine load average during the run (2 cores)", load, "procs"))
    figures.append(Figure("steady errors (failed attempts, refused ops)", steady_stats.error_count,
                          "errors", goal="0"))
    figures.append(Figure(f"burst: {burst} clients all converged after", converged_s, "s",
                          goal=f"≤ {BURST_GOAL_S:g} s"))
    figures.append(Figure("burst clients not converged", unconverged, "clients", goal="0"))
    figures += latency_figures("burst", burst_stats, server_burst, goal="")
    figures.append(Figure("burst: generator loop lag p99 (its own CPU wait)",
                          percentile(burst_stats.latencies["loop lag"], 0.99) * 1000, "ms"))
    figures.append(Figure("burst errors (failed attempts, refused ops)", burst_stats.error_count,
                          "errors", goal="0"))
    figures.append(Figure("edits lost (pushed, applied, not on the server)", lost, "edits", goal="0"))
    figures.append(Figure("edits duplicated on the server", duplicated, "edits", goal="0"))
    for what, count in sorted({**steady_stats.errors, **burst_stats.errors}.items()):
        print(f"    error: {what} × {count}")
    return figures


def latency_figures(phase: str, stats: Stats, server: dict[str, list[float]], goal: str
                    ) -> list[Figure]:
    figures = []
    for kind in ("push", "pull", "meta"):
        seen = stats.latencies.get(kind, [])
        logged = server.get(f"/api/v1/{kind}", [])
        if not seen:
            continue
        for share in (0.50, 0.95, 0.99):
            name = f"{phase} {kind} p{share * 100:.0f} (client; server log)"
            figures.append(Figure(
                name, percentile(seen, share) * 1000, "ms",
                goal=f"server {percentile(logged, share):.0f} ms" + (f"; {goal}" if share == 0.99 and goal else "")
                if logged else goal))
    return figures


@asynccontextmanager
async def laptops(base_url: str, workers: list[Caseworker]) -> AsyncIterator[dict[int, httpx.AsyncClient]]:
    """One HTTP client per laptop, each with its own connection (a shared pool of hundreds of
    connections costs the generator more CPU than the requests). Keep-alive is shorter than
    uvicorn's 5 s, so an idle connection is never reused as the server closes it."""
    tls = ssl.create_default_context()  # made once: a context per client would cost seconds
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=3)
    async with AsyncExitStack() as stack:
        yield {w.index: await stack.enter_async_context(httpx.AsyncClient(
            base_url=base_url, timeout=120, limits=limits, verify=tls)) for w in workers}


async def steady(base_url: str, workers: list[Caseworker], period: float, duration: float,
                 stats: Stats) -> int:
    """Each caseworker syncs every `period` (±10 %), starting at a random point of the first;
    returns the number of syncs done."""
    done = 0
    async with laptops(base_url, workers) as http:
        end = time.monotonic() + duration

        async def laptop(worker: Caseworker) -> None:
            nonlocal done
            await asyncio.sleep(random.uniform(0, period))
            while time.monotonic() < end:
                started = time.monotonic()
                try:
                    await sync(http[worker.index], stats, worker, new_edits(worker, *STEADY_EDITS))
                    done += 1
                except Failed as exc:
                    stats.error(str(exc)[:80])
                await asyncio.sleep(max(0.0, period * random.uniform(0.9, 1.1)
                                        - (time.monotonic() - started)))

        watcher = asyncio.create_task(watch_lag(stats))
        await asyncio.gather(*(laptop(w) for w in workers))
        watcher.cancel()
    return done


async def monday_morning(base_url: str, workers: list[Caseworker], stats: Stats
                         ) -> tuple[float, int]:
    """All `workers` sync at once with a weekend's edits; once every push is in, each pulls
    again. Returns (seconds until the last one holds every burst edit of its street, how many
    do not)."""
    offline = {w.index: new_edits(w, *WEEKEND_EDITS) for w in workers}
    seen: dict[int, set[str]] = {w.index: set() for w in workers}
    pushed = asyncio.Event()
    remaining = len(workers)
    async with laptops(base_url, workers) as http:
        started = time.monotonic()

        async def laptop(worker: Caseworker) -> None:
            nonlocal remaining
            try:
                await sync(http[worker.index], stats, worker, offline[worker.index], seen[worker.index])
            except Failed as exc:
                stats.error(str(exc)[:80])
            remaining -= 1
            if remaining == 0:
                pushed.set()
            await pushed.wait()
            try:
                await pull(http[worker.index], stats, worker, seen[worker.index])
            except Failed as exc:
                stats.error(str(exc)[:80])

        watcher = asyncio.create_task(watch_lag(stats))
        await asyncio.gather(*(laptop(w) for w in workers))
        elapsed = time.monotonic() - started
        watcher.cancel()
    return elapsed, unconverged(workers, offline, seen)


def unconverged(workers: list[Caseworker], offline: dict[int, list[dict[str, Any]]],
                seen: dict[int, set[str]]) -> int:
    """Burst clients missing a burst insert another burst client of their street pushed."""
    inserted: dict[str, set[str]] = {}
    for worker in workers:
        rows = {o["row_id"] for o in offline[worker.index] if o["op"] == "insert"}
        inserted.setdefault(worker.street_id, set()).update(rows)
    missing = 0
    for worker in workers:
        own = {o["row_id"] for o in offline[worker.index]}
        if inserted[worker.street_id] - own - seen[worker.index]:
            missing += 1
    return missing


def exactly_once(url: str, district: District) -> tuple[int, int]:
    """(edits lost, edits duplicated), counted in the server's tables: every applied op has
    its one record, every inserted unit is there once, every unit holds its last owner."""
    from sqlalchemy import func, select

    from db.models import Unit
    from server.database import make_engine
    from server.schema import AppliedOp

    workers = district.caseworkers
    applied = {op_id for w in workers for op_id, status in w.results.items() if status == "applied"}
    sent = {o["op_id"] for w in workers for o in w.sent}
    rooms: set[str] = set()
    owners: dict[str, str] = {}  # unit → owner of its last applied update
    for o in (o for w in workers for o in w.sent if o["op_id"] in applied):
        if o["op"] == "insert":
            rooms.add(o["fields"]["room"])
        else:
            owners[o["row_id"]] = o["fields"]["owner_name"]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            recorded = set(connection.scalars(select(AppliedOp.op_id).where(
                AppliedOp.user_id.in_([w.user_id for w in workers]))))
            counts = dict(connection.execute(
                select(Unit.room, func.count()).where(Unit.building == LOAD_BUILDING)
                .group_by(Unit.room)).all())
            held = dict(connection.execute(select(Unit.id, Unit.owner_name).where(
                Unit.id.in_(list(owners)))).all())
    finally:
        engine.dispose()
    lost = len(applied - recorded) + len(rooms - set(counts))
    lost += sum(1 for unit, owner in owners.items() if held.get(unit) != owner)
    duplicated = len(recorded - sent) + sum(n - 1 for n in counts.values() if n > 1)
    duplicated += len(set(counts) - {o["fields"]["room"] for w in workers for o in w.sent
                                     if o["op"] == "insert"})
    return lost, duplicated
