"""Server-side figures on loopback (SQLite server): push of 1,000 inserts and of 1,000 edits,
pull throughput, and an empty push + pull round trip (what a no-op sync costs the server)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.bench.common import Figure, best_of, stopwatch


def run() -> list[Figure]:
    from server.testing import running_server
    from tests.server.helpers import STREET_A, ServerHandle, new_id, op, seed_district

    folder = Path(tempfile.mkdtemp(prefix="compound-desk-bench-server-"))
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    with running_server(url) as base_url:
        handle = ServerHandle(base_url, url)
        district = seed_district(handle)
        client = handle.user("caseworker", STREET_A)
        compound = district.compounds[STREET_A]
        inserts = [op("units", new_id(), compound_id=compound, building=str(i // 100),
                      room=str(i), area_m2="88.50", owner_name="业主") for i in range(1000)]
        with stopwatch() as elapsed:
            results = client.push(*inserts)
        insert_seconds = elapsed()
        edits = [op("units", o["row_id"], "update", r["version"], owner_name="新业主")
                 for o, r in zip(inserts, results, strict=True)]
        with stopwatch() as elapsed:
            client.push(*edits)
        edit_seconds = elapsed()
        with stopwatch() as elapsed:
            pulled = len(client.pull_all(limit=5000))
        pull_seconds = elapsed()
        cursor = client.pull_all()[-1]["version"]

        def noop() -> None:
            client.push()
            client.http.get("/api/v1/pull", params={"since": cursor, "limit": 1000})

        noop_seconds = best_of(20, noop)
        handle.close()
    return [
        Figure("push 1,000 inserts (server, loopback)", insert_seconds * 1000, "ms", goal="≤ 1000 ms"),
        Figure("push 1,000 edits (server, loopback)", edit_seconds * 1000, "ms", goal="≤ 1000 ms"),
        Figure("pull rows/s (server, loopback)", pulled / pull_seconds, "rows/s"),
        Figure("empty push + empty pull round trip", noop_seconds * 1000, "ms", goal="≤ 50 ms"),
    ]
