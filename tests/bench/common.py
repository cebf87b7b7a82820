"""What every benchmark shares: the Figure it reports, a timer, and the cached large demo store."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = Path(tempfile.gettempdir()) / "compound-desk-bench"


@dataclass
class Figure:
    """One measured figure; `floor` (same unit) gives the ratio, `goal` says what the issue asks."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    goal: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return self.value / self.floor  # type: ignore[operator]


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """`with stopwatch() as elapsed:` … `elapsed()` gives seconds since entry."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """Fastest of several runs, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def large_demo_dir() -> Path:
    """A data dir holding the large demo district, generated once and reused by every benchmark.

    Callers that modify the store must copy it first (`fresh_copy`).
    """
    from app.demo import generate
    from app.session import open_local_store

    target = CACHE_DIR / "large"
    marker = target / ".complete"
    if not marker.exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        store = open_local_store(target)
        try:
            generate(store, size="large")
        finally:
            store.close()
        marker.touch()
    return target


def fresh_copy(source: Path) -> Path:
    """A throwaway copy of a data dir, for benchmarks that write."""
    target = Path(tempfile.mkdtemp(prefix="compound-desk-bench-"))
    for item in source.iterdir():
        if item.is_file() and not item.name.startswith("."):
            shutil.copy2(item, target / item.name)
    return target
