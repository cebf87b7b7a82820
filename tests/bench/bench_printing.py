"""Printing speed: one election notice in a warm process; the first notice of a fresh process as a
caseworker waits for it (`python main.py notice election-notice ID -o out.pdf`, end to end, and
the printing part inside that process: imports, fonts, render); the very first notice of a data
dir (with the shipped font's prepared metrics, as set-up and the bundle provide them) and with no
font metrics anywhere (reportlab parses the font); a batch of 100 result notices.

Fresh processes run as a caseworker's interpreter does: Python keeps the compiled bytecode of
every module and reuses it (the bundle ships it compiled; a source install writes it on first
run). A shell with PYTHONDONTWRITEBYTECODE set would compile ~100 of our modules again on every
start; the bench writes its bytecode to a folder of its own instead (PYTHONPYCACHEPREFIX, nothing
in the working tree) and reports the figure without any bytecode as well when that is set."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import Figure, best_of

ROOT = Path(__file__).resolve().parents[2]

# The printing part of `notice_cmd.run` after the store is open (same font cache as the verb).
FRESH = """
import sys, time
from pathlib import Path
from app.session import open_local_store
store = open_local_store(Path(sys.argv[1]))
t = time.perf_counter()
from app.printing import render
from app.printing.fonts import cache_dir_for, use_cache_dir
use_cache_dir(cache_dir_for(Path(sys.argv[1])))
with store.session() as s:
    render(s, "election-notice", sys.argv[2])
print(time.perf_counter() - t)
"""


# `main.py` with the shipped font's prepared metrics ignored: reportlab parses the font.
WITHOUT_PREPARED = """
import sys
from pathlib import Path
from app.printing.fonts import cache_dir_for, register_fonts, use_cache_dir
use_cache_dir(cache_dir_for(Path(sys.argv[2])))
register_fonts(use_prepared=False)
from main import main
sys.exit(main(sys.argv[1:]))
"""


_WORK: Path | None = None  # set by run(): the bench's folder (bytecode, the user's cache)


def _installed_env(bytecode: bool = True) -> dict[str, str]:
    """The environment of a fresh process: bytecode kept in the bench's folder and reused, as any
    interpreter does by default (False: PYTHONDONTWRITEBYTECODE as the shell has it), and a
    user cache folder of its own (the validated rules: app/rules_cache.py)."""
    from app.rules_cache import CACHE_ENV

    assert _WORK is not None
    env = {**os.environ, CACHE_ENV: str(_WORK / "user-cache")}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_WORK / "bytecode")
    return env


def _end_to_end(data_dir: str, election_id: str, out: Path, use_prepared: bool = True,
                bytecode: bool = True) -> float:
    """Wall time of the notice verb in a new interpreter, start-up to PDF written."""
    program = ["main.py"] if use_prepared else ["-c", WITHOUT_PREPARED]
    env = _installed_env(bytecode)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *program, "--data-dir", data_dir, "notice", "election-notice",
         election_id, "-o", str(out)], cwd=ROOT, capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def _first_of_data_dir(data_dir: str, election_id: str, out: Path, use_prepared: bool) -> float:
    """Best of three notices, each with the data dir's font metrics cache emptied first."""
    from app.printing.fonts import cache_dir_for

    times = []
    for _ in range(3):
        shutil.rmtree(cache_dir_for(Path(data_dir)), ignore_errors=True)
        times.append(_end_to_end(data_dir, election_id, out, use_prepared))
    return min(times)


def _fresh_printing(data_dir: str, election_id: str) -> float:
    done = subprocess.run([sys.executable, "-c", FRESH, data_dir, election_id], cwd=ROOT,
                          capture_output=True, text=True, check=True,
                          env=_installed_env())
    return float(done.stdout.split()[-1])


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
    global _WORK
    from app.printing import render

    store, data_dir, election_id = _store()
    _WORK = Path(data_dir)
    with store.session() as session:  # type: ignore[attr-defined]
        render(session, "election-notice", election_id)  # warm up: fonts, imports
        warm = best_of(5, lambda: render(session, "election-notice", election_id))
        start = time.perf_counter()
        for _ in range(100):
            render(session, "result-notice", election_id)
        batch = time.perf_counter() - start
    store.close()  # type: ignore[attr-defined]
    out = Path(data_dir) / "notice.pdf"
    from app.printing.fonts import prepare_shipped

    prepare_shipped()  # what scripts/setup.sh and the bundle provide (a no-op when up to date)
    first_of_data_dir = _first_of_data_dir(data_dir, election_id, out, use_prepared=True)
    no_metrics = _first_of_data_dir(data_dir, election_id, out, use_prepared=False)
    end_to_end = min(_end_to_end(data_dir, election_id, out) for _ in range(3))
    fresh_printing = min(_fresh_printing(data_dir, election_id) for _ in range(3))
    uncompiled = (min(_end_to_end(data_dir, election_id, out, bytecode=False) for _ in range(3))
                  if os.environ.get("PYTHONDONTWRITEBYTECODE") else None)
    shutil.rmtree(data_dir, ignore_errors=True)
    compiled_note = [] if uncompiled is None else [
        Figure("  the same with PYTHONDONTWRITEBYTECODE (every module compiled again)",
               uncompiled * 1000, "ms", 800, "not how the app runs")]
    return [
        Figure("election notice, warm process", warm * 1000, "ms", 50, "goal ≤ 50 ms (issue 15)"),
        Figure("first notice, fresh process: `main.py notice …` end to end", end_to_end * 1000,
               "ms", 800, "goal ≤ 0.8 s (issue 15)"),
        *compiled_note,
        Figure("  of which printing (imports, fonts, render)", fresh_printing * 1000, "ms", 1000,
               "goal ≤ 1 s"),
        Figure("  very first notice of a data dir (prepared font metrics)",
               first_of_data_dir * 1000, "ms", 1000, "goal ≤ 1 s"),
        Figure("  font parse with no metrics anywhere (first notice)", no_metrics * 1000, "ms",
               1000, "once per font per machine"),
        Figure("batch of 100 result notices", 100 / batch, "notices/s", None, ""),
    ]
