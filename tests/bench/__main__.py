"""Run the benchmarks: `python -m tests.bench` (all) or `python -m tests.bench import tally`."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.common import CACHE_DIR, Figure

# The stores' keys: the tests' keyring (tests/helpers/memory_keyring.py), its key file beside the
# cached benchmark stores, so they open in later runs and in main.py subprocesses alike.
os.environ.setdefault("COMPOUND_DESK_TEST_STORE_KEYS", str(CACHE_DIR / "store-keys.json"))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.helpers.memory_keyring.MemoryKeyring")


def discover(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    return names


def show(figure: Figure) -> str:
    ratio = f"{figure.ratio:.2f}× floor" if figure.ratio is not None else ""
    return f"  {figure.name:<58} {figure.value:>12.3f} {figure.unit:<8} {ratio:<14} {figure.goal}"


def main(argv: list[str]) -> int:
    failures = 0
    for name in discover(argv):
        print(f"{name}:", flush=True)
        try:
            module = importlib.import_module(f"tests.bench.{name}")
            for figure in module.run():
                print(show(figure), flush=True)
        except Exception:  # a broken benchmark is reported, the others still run
            failures += 1
            traceback.print_exc()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
