"""What keeps the first notice of a fresh process quick without changing what it does: the runner
imports only the verb being run (help still lists them all, and `notice --help` every document
kind of the registry without importing reportlab), and reportlab's slow URL pattern is compiled on
first use yet matches exactly as reportlab's own."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VERB_MODULES = """
import json, sys
from main import VERBS, main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in VERBS.values() if m in sys.modules)}))
"""

NOTICE_HELP = """
import contextlib, io, json, sys
from main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["notice", "--help"])
print(json.dumps({"code": code, "help": out.getvalue(),
                  "reportlab": sorted(m for m in sys.modules if m.startswith("reportlab"))}))
"""

LAZY_URI = """
import json, sys
from app.printing.reportlab_import import LazyPattern, import_paragraph
import_paragraph()
from reportlab.platypus import paragraph
pat = paragraph.uri_pat
print(json.dumps({"lazy": isinstance(pat, LazyPattern), "pattern": pat.pattern,
                  "flags": int(pat.flags),
                  "matches": [bool(pat.match(u)) for u in json.loads(sys.argv[1])]}))
"""

URIS = ["https://www.example.com/notice?id=1", "http://192.168.1.10:8080/a", "mailto:x",
        "https://深圳.中国/公告", "not a uri", "ftp://-bad-.com"]


def python(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_verb_run_imports_only_its_own_module(tmp_path: Path) -> None:
    out = python(VERB_MODULES, "--data-dir", str(tmp_path), "notice", "poster", "x",
                 "-o", str(tmp_path / "x.pdf"))
    assert out["code"] == 2  # unknown kind: the notice verb itself ran
    assert out["loaded"] == ["app.cli.notice_cmd"]


def test_help_still_lists_every_verb_with_its_help() -> None:
    done = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert "print a notice or form to PDF" in done.stdout
    assert "integrity check of the local store" in done.stdout
    verb_help = subprocess.run([sys.executable, "main.py", "notice", "--help"], cwd=ROOT,
                               capture_output=True, text=True, check=True)
    assert "OUT.pdf" in verb_help.stdout and "KIND" in verb_help.stdout


def test_notice_help_lists_every_kind_of_the_registry_with_its_chinese_name() -> None:
    from app.printing import KINDS

    done = subprocess.run([sys.executable, "main.py", "notice", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    listed = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("  ")}
    for key, kind in KINDS.items():
        assert key in listed, f"notice --help does not list {key}"
        assert kind.label_zh in listed[key]
    assert "rating-report" in listed


def test_notice_help_does_not_import_reportlab() -> None:
    out = python(NOTICE_HELP)
    assert out["code"] == 0 and "rating-report" in out["help"]
    assert out["reportlab"] == []


def test_reportlab_uri_pattern_is_lazy_and_matches_the_same() -> None:
    out = python(LAZY_URI, json.dumps(URIS))
    assert out["lazy"], "reportlab's URL pattern is compiled at import again (reportlab changed?)"
    real = re.compile(out["pattern"], out["flags"])
    assert out["matches"] == [bool(real.match(u)) for u in URIS]
    assert any(out["matches"]) and not all(out["matches"])
