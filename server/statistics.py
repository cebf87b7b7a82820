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
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

ANALYZE_AFTER_ROWS = 5_000  # fewer new rows than this: autovacuum's own pace is good enough

log = logging.getLogger(__name__)


class _Growth:
    """Rows copied into each table by this process, and their count at its last ANALYZE."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.copied: Counter[str] = Counter()
        self.at_last_analyze: Counter[str] = Counter()
        self.queued: set[str] = set()
        self.runner: ThreadPoolExecutor | None = None

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


def note_copied(table: str, rows: int) -> None:
    """`rows` new rows went into `table` by COPY (server.copying, PostgreSQL only)."""
    with _growth.lock:
        _growth.copied[table] += rows


def analyze_grown_tables(engine: Engine) -> None:
    """After a push has committed: ANALYZE, in the background, the tables it doubled."""
    tables = _growth.due()
    if not tables:
        return
    with _growth.lock:
        if _growth.runner is None:
            _growth.runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyze")
        runner = _growth.runner
    for table in tables:
        runner.submit(_analyze, engine, table)


def _analyze(engine: Engine, table: str) -> None:
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'ANALYZE "{table}"')
            connection.commit()
    except Exception:  # statistics only help the planner; a failure changes no data
        log.warning("ANALYZE %s failed", table, exc_info=True)
    finally:
        with _growth.lock:
            _growth.queued.discard(table)
