"""Benchmarks: `python -m tests.bench [name…]` prints each figure and its ratio to the issue's floor.

Each module `tests/bench/bench_<area>.py` defines `run() -> list[Figure]`. Benchmarks are never
timed asserts and never fail CI on speed.
"""
