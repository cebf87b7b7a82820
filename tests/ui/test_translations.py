"""Every visible string of ui/ has its English translation, and the .ts files hold what the code
says now (a string added to the code without running `scripts/build_translations.py --update`
and translating it would show Chinese in the English UI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


def _lupdate() -> str:
    beside = Path(sys.executable).parent / "pyside6-lupdate"
    return str(beside) if beside.exists() else str(shutil.which("pyside6-lupdate"))


def _messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(context, source, translation type) of every message."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            found.append((name, message.findtext("source") or "", kind))
    return found


def test_the_english_file_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "compound_desk_en.ts"
    shutil.copy(I18N / "compound_desk_en.ts", fresh)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([_lupdate(), *sources, "-source-language", "zh_CN", "-target-language", "en",
                    "-no-obsolete", "-locations", "none", "-ts", str(fresh)],
                   cwd=ROOT, check=True, capture_output=True)
    committed = {(c, s) for c, s, _ in _messages(I18N / "compound_desk_en.ts")}
    extracted = {(c, s) for c, s, _ in _messages(fresh)}
    assert extracted - committed == set(), "run scripts/build_translations.py --update"
    assert len(extracted) > 500


def test_every_string_has_an_english_translation() -> None:
    untranslated = [(c, s) for c, s, kind in _messages(I18N / "compound_desk_en.ts")
                    if kind is not None]
    assert untranslated == []
