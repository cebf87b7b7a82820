"""The tests' keyring keeps every store key when several test processes write at once (the
pytest-xdist workers and main.py subprocesses share the run's key file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WRITER = """
import sys
from tests.helpers.memory_keyring import MemoryKeyring
ring = MemoryKeyring()
for i in range(40):
    ring.set_password("compound-desk", f"store:{sys.argv[1]}-{i}", "k")
"""


def test_concurrent_writers_lose_no_store_key(tmp_path: Path, monkeypatch) -> None:
    keys = tmp_path / "store-keys.json"
    monkeypatch.setenv("COMPOUND_DESK_TEST_STORE_KEYS", str(keys))
    root = Path(__file__).resolve().parents[1]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(n)], cwd=root)
               for n in range(4)]
    assert [w.wait(60) for w in writers] == [0, 0, 0, 0]
    from tests.helpers.memory_keyring import MemoryKeyring

    assert len(MemoryKeyring().store_keys()) == 4 * 40
