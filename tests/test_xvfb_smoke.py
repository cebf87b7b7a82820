"""`main.py --exit-when-ready` on the real xcb platform under Xvfb: the window appears, the list
(or, on an empty store, the welcome page) shows, the milliseconds are printed, exit code 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_under_xvfb(data_dir: Path, settings: Path) -> subprocess.CompletedProcess[str]:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run, "xvfb-run is missing: apt-get install xvfb xauth"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", COMPOUND_DESK_SETTINGS=str(settings))
    return subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1440x900x24", sys.executable,
         str(ROOT / "main.py"), "--data-dir", str(data_dir), "--exit-when-ready"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def printed_ms(result: subprocess.CompletedProcess[str]) -> int:
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines and lines[-1].isdigit(), result.stdout + result.stderr
    return int(lines[-1])


@pytest.mark.xvfb
def test_window_appears_with_the_compound_list(tmp_path: Path) -> None:
    from app.demo import generate
    from db.store import open_store

    store = open_store(tmp_path / "demo", actor="tester")
    try:
        generate(store, size="small")
    finally:
        store.close()
    result = run_under_xvfb(tmp_path / "demo", tmp_path / "settings.ini")
    assert printed_ms(result) > 0
    assert "xcb" not in result.stderr.lower() or "could not" not in result.stderr.lower()


@pytest.mark.xvfb
def test_empty_store_shows_the_welcome_page(tmp_path: Path) -> None:
    result = run_under_xvfb(tmp_path / "empty", tmp_path / "settings.ini")
    assert printed_ms(result) > 0
    assert (tmp_path / "empty" / "compound-desk.sqlite3").exists()
