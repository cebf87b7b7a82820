"""The app never starts half-ruled: a rules file with a wrong key stops the start with one message
naming the key (exit 2), before any store is opened; a start whose rules files were already
validated (the stamp in the settings matches) loads no pydantic, so start-up stays lean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.rules import DEFAULT_RULES
from tests.helpers.cli import ROOT

SCRIPT = """
import sys
from pathlib import Path
import app.rules_stamp as stamp
if sys.argv[2]:
    stamp.SHENZHEN = Path(sys.argv[2])
from ui.application import run
code = run(Path(sys.argv[1]), exit_when_ready=True)
print("pydantic" in sys.modules, code)
"""


def _start(data_dir: Path, settings: Path, rules: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COMPOUND_DESK_SETTINGS": str(settings),
           "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", SCRIPT, str(data_dir), str(rules or "")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                          check=False)


def test_a_wrong_rules_file_stops_the_start_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "shenzhen.toml"
    bad.write_text(DEFAULT_RULES.read_text(encoding="utf-8").replace(
        '[kinds.first]\nname = "首次选举"', '[kinds.first]\nname = "首次选举"\nbogus = 1'),
        encoding="utf-8")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    started = _start(data_dir, tmp_path / "settings.ini", bad)
    assert started.stdout.strip().splitlines()[-1] == "True 2", started.stdout + started.stderr
    assert "键 kinds.first.bogus：未知的键" in started.stderr
    assert "Traceback" not in started.stderr
    assert not list(data_dir.iterdir())  # no store was made or opened


def test_validated_rules_are_not_read_again_at_start(tmp_path: Path) -> None:
    data_dir, settings = tmp_path / "data", tmp_path / "settings.ini"
    data_dir.mkdir()
    first = _start(data_dir, settings)
    assert first.stdout.strip().splitlines()[-1] == "True 0", first.stdout + first.stderr
    again = _start(data_dir, settings)
    assert again.stdout.strip().splitlines()[-1] == "False 0", again.stdout + again.stderr
