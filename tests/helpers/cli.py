"""Run `main.py` as a real subprocess, the way a caseworker or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, data_dir: Path | None = None, input_text: str | None = None,
             env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "main.py")]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    command += list(args)
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        command, capture_output=True, text=True, input=input_text, env=full_env,
        timeout=timeout, cwd=ROOT, check=False,
    )
