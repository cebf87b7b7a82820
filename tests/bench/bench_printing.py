"""Printing speed: one election notice in a warm process, the first notice of a fresh process
(imports and font loading included), and a batch of 100 result notices."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import Figure, best_of

ROOT = Path(__file__).resolve().parents[2]

FRESH = """
import time, sys
t = time.perf_counter()
from db.store import open_store
from pathlib import Path
store = open_store(Path(sys.argv[1]), actor="bench")
opened = time.perf_counter()
from app.printing import render
with store.session() as s:
    render(s, "election-notice", sys.argv[2])
done = time.perf_counter()
print(done - t, done - opened)
"""


def _store() -> tuple[object, str, str]:
    import keyring

    from db.store import open_store
    from tests.helpers.memory_keyring import MemoryKeyring
    from tests.printing.conftest import build

    keyring.set_keyring(MemoryKeyring())
    data_dir = Path(tempfile.mkdtemp(prefix="bench-printing-"))
    store = open_store(data_dir, actor="bench")
    ids = build(store)
    return store, str(data_dir), ids.election_id


def run() -> list[Figure]:
    from app.printing import render

    store, data_dir, election_id = _store()
    with store.session() as session:  # type: ignore[attr-defined]
        render(session, "election-notice", election_id)  # warm up: fonts, imports
        warm = best_of(5, lambda: render(session, "election-notice", election_id))
        start = time.perf_counter()
        for _ in range(100):
            render(session, "result-notice", election_id)
        batch = time.perf_counter() - start
    store.close()  # type: ignore[attr-defined]
    runs = [
        [float(x) for x in subprocess.run(
            [sys.executable, "-c", FRESH, data_dir, election_id], cwd=ROOT, capture_output=True,
            text=True, check=True).stdout.split()]
        for _ in range(3)
    ]
    fresh_total = min(r[0] for r in runs)
    fresh_printing = min(r[1] for r in runs)
    return [
        Figure("election notice, warm process", warm * 1000, "ms", 150, "goal ≤ 150 ms"),
        Figure("first notice, fresh process: printing (imports, fonts, render)",
               fresh_printing * 1000, "ms", 1000, "goal ≤ 1 s"),
        Figure("first notice, fresh process: total incl. opening the store", fresh_total * 1000,
               "ms", 1000, "goal ≤ 1 s"),
        Figure("batch of 100 result notices", 100 / batch, "notices/s", None, ""),
    ]
