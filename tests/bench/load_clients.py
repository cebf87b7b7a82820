"""Simulated caseworkers' laptops for the load benchmark: one sync is meta, a push of the
laptop's new edits, and pull pages until the server has no more — as app/sync/engine.py does.

Every request's latency is recorded per endpoint; a failed attempt (transport error, 5xx, 429)
counts as an error and is retried with the same op ids after a jittered back-off (honouring
Retry-After), so the exactly-once check afterwards sees what a retrying client leaves behind.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.bench.load_district import Caseworker, new_id, op

PULL_LIMIT = 5000
ATTEMPTS = 6
LOAD_BUILDING = "负载"


@dataclass
class Stats:
    """Latencies (seconds) per endpoint, and errors by kind."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class Failed(Exception):
    """A request that kept failing after every retry."""


async def call(http: httpx.AsyncClient, stats: Stats, kind: str, method: str, path: str,
               token: str, **kwargs: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    for attempt in range(ATTEMPTS):
        started = time.perf_counter()
        try:
            response = await http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            stats.error(f"{kind}: {type(exc).__name__}")
            await asyncio.sleep(_backoff(attempt, None))
            continue
        stats.record(kind, time.perf_counter() - started)
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        stats.error(f"{kind}: HTTP {response.status_code}")
        if response.status_code < 500 and response.status_code != 429:
            raise Failed(f"{kind} answered {response.status_code}: {response.text[:300]}")
        await asyncio.sleep(_backoff(attempt, response.headers.get("Retry-After")))
    raise Failed(f"{kind} failed {ATTEMPTS} times")


def _backoff(attempt: int, retry_after: str | None) -> float:
    base = float(retry_after) if retry_after and retry_after.isdigit() else 0.25 * 2**attempt
    return base * random.uniform(0.8, 1.2)


def new_edits(worker: Caseworker, inserts: int, updates: int) -> list[dict[str, Any]]:
    """Ops a caseworker made since the last sync: new units (the room is the edit's tag) and
    owner changes on the laptop's own units (the owner is the edit's tag)."""
    ops = []
    for _ in range(inserts):
        worker.edits += 1
        ops.append(op("units", new_id(), compound_id=worker.compound_id, building=LOAD_BUILDING,
                      room=f"c{worker.index}e{worker.edits}", area_m2="66.60", owner_name="新业主"))
    for unit in random.sample(sorted(worker.units), updates):
        worker.edits += 1
        ops.append(op("units", unit, "update", worker.units[unit],
                      owner_name=f"业主c{worker.index}e{worker.edits}"))
    return ops


async def sync(http: httpx.AsyncClient, stats: Stats, worker: Caseworker,
               ops: list[dict[str, Any]], seen: set[str] | None = None) -> None:
    """One sync: meta, push `ops`, pull to the end. Row ids pulled go into `seen` if given."""
    await call(http, stats, "meta", "GET", "/api/v1/meta", worker.token)
    if ops:
        worker.sent += ops  # before the call: a push that fails may still have been applied
        answer = await call(http, stats, "push", "POST", "/api/v1/push", worker.token,
                            json={"ops": ops})
        for sent, result in zip(ops, answer["results"], strict=True):
            worker.results[sent["op_id"]] = result["status"]
            if result["status"] != "applied":
                stats.error(f"push: op {result['status']}")
            elif sent["row_id"] in worker.units:
                worker.units[sent["row_id"]] = result["version"]
    await pull(http, stats, worker, seen)


async def pull(http: httpx.AsyncClient, stats: Stats, worker: Caseworker,
               seen: set[str] | None = None) -> None:
    while True:
        page = await call(http, stats, "pull", "GET", "/api/v1/pull", worker.token,
                          params={"since": worker.cursor, "limit": PULL_LIMIT})
        for change in page["changes"]:
            if change["id"] in worker.units:
                worker.units[change["id"]] = max(worker.units[change["id"]], change["version"])
            if seen is not None:
                seen.add(change["id"])
        worker.cursor = page["next"]
        if not page["more"]:
            return


async def watch_lag(stats: Stats, tick: float = 0.05) -> None:
    """Record how late the generator's event loop wakes from a short sleep ("loop lag"): when the
    generator is starved of CPU, its latencies include this wait, the server's do not."""
    while True:
        started = time.perf_counter()
        await asyncio.sleep(tick)
        stats.record("loop lag", time.perf_counter() - started - tick)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]
