"""Planner statistics that keep up with a first push.

A district's first push grows the row index and the content tables from nothing to hundreds of
thousands of rows in about a minute. Autovacuum analyzes a table at most once a minute per
database (`autovacuum_naptime`), so meanwhile PostgreSQL plans the push's look-ups with the
statistics of a near-empty table: a hash join over a read of every row of the row index (10 ms
and growing per look-up of 500 ids, against 0.3 ms by the primary key). PostgreSQL's manual
says to run ANALYZE after bulk loading ("Populating a Database: Run ANALYZE Afterwards"); this
does it for the tables a push copied many rows into, each time a table has doubled since its
last ANALYZE here, on a thread of its own so no push waits for it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

ANALYZE_AFTER_ROWS = 5_000  # fewer new rows than this: autovacuum's own pace is good enough
LOCK_TIMEOUT_MS = 1_000
STATEMENT_TIMEOUT_MS = 60_000

log = logging.getLogger(__name__)


class _Growth:
    """Rows copied into each table by this process, and their count at its last ANALYZE."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.copied: Counter[str] = Counter()
        self.at_last_analyze: Counter[str] = Counter()
        self.queued: set[str] = set()
        self.waiting: queue.SimpleQueue[tuple[Engine, str]] = queue.SimpleQueue()
        self.runner: threading.Thread | None = None

    def due(self) -> list[str]:
        """Tables grown by at least as many rows as they had when last analyzed (and by at
        least ANALYZE_AFTER_ROWS), now marked as queued."""
        with self.lock:
            tables = [table for table, rows in self.copied.items()
                      if table not in self.queued
                      and rows - self.at_last_analyze[table]
                      >= max(ANALYZE_AFTER_ROWS, self.at_last_analyze[table])]
            for table in tables:
                self.queued.add(table)
                self.at_last_analyze[table] = self.copied[table]
            return tables


_growth = _Growth()
_own_engines: dict[str, Engine] = {}


def note_copied(table: str, rows: int) -> None:
    """`rows` new rows went into `table` by COPY (server.copying, PostgreSQL only)."""
    with _growth.lock:
        _growth.copied[table] += rows


def analyze_grown_tables(engine: Engine) -> None:
    """After a push has committed: ANALYZE, in the background, the tables it doubled."""
    tables = _growth.due()
    if not tables:
        return
    growth = _growth
    with growth.lock:
        for table in tables:
            growth.waiting.put((engine, table))
        if growth.runner is None or not growth.runner.is_alive():
            # A daemon thread: a process that is leaving never waits for statistics.
            growth.runner = threading.Thread(target=_run, args=(growth,), daemon=True,
                                             name="analyze")
            growth.runner.start()


def _run(growth: _Growth) -> None:
    while True:
        engine, table = growth.waiting.get()
        try:
            _analyze(engine, table)
        finally:
            with growth.lock:
                growth.queued.discard(table)


def _own_engine(engine: Engine) -> Engine:
    """A connection of its own, outside the requests' pool: the admission control counts on
    every pooled connection being free for a request (server.admission)."""
    key = engine.url.render_as_string(hide_password=False)
    found = _own_engines.get(key)
    if found is None:
        found = _own_engines[key] = create_engine(engine.url, poolclass=NullPool)
    return found


def _analyze(engine: Engine, table: str) -> None:
    try:
        with _own_engine(engine).connect() as connection:
            # A table another transaction holds (a schema change, a VACUUM FULL) is left to
            # autovacuum rather than waited for; a slow ANALYZE is given up.
            connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
            connection.exec_driver_sql(f"SET statement_timeout = '{STATEMENT_TIMEOUT_MS}ms'")
            connection.exec_driver_sql(f'ANALYZE "{table}"')
            connection.commit()
    except Exception:  # statistics only help the planner; a failure changes no data
        log.warning("ANALYZE %s failed", table, exc_info=True)
