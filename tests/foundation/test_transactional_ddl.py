"""A schema upgrade is one transaction on the local store: the sqlite3 module would otherwise
commit each CREATE TABLE on its own, and a kill half-way left a store no upgrade could finish
("table audit_entries already exists", every later start failing)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect, text

from db.engine import sqlite_engine
from db.store import STORE_FILENAME
from tests.helpers.cli import ROOT, run_main


def test_ddl_rolled_back_leaves_no_table(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "t.sqlite3")
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text("CREATE TABLE half_done (id INTEGER)"))
            transaction.rollback()
        assert "half_done" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_demo_killed_while_the_store_is_made_leaves_a_store_that_opens(tmp_path: Path) -> None:
    """Killed at moments spread over the store's creation and the demo's writes: every time the
    store afterwards either does not exist yet or opens and checks clean."""
    for attempt, delay in enumerate((0.35, 0.45, 0.55, 0.65, 0.8)):
        data = tmp_path / f"d{attempt}"
        child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data),
                                  "demo", "--size", "small"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not (data / STORE_FILENAME).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay - 0.3)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if not (data / STORE_FILENAME).exists():
            continue
        done = run_main("--data-dir", str(data), "check")
        assert done.returncode == 0, (delay, done.stderr)
