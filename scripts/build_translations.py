"""Build the UI translations: compile resources/i18n/*.ts to .qm (what set-up runs), and with
--update first extract the tr() strings of ui/ into the .ts files (pyside6-lupdate keeps the
translations already made). Source strings are Chinese (zh_CN); English is compound_desk_en.ts.

    python scripts/build_translations.py            # compile .ts -> .qm
    python scripts/build_translations.py --update   # extract strings, then compile
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = {"zh_CN": "zh_CN", "en": "en"}


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the venv that runs this script, else PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (scripts/setup.sh)")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def update() -> None:
    files = sources()
    for language, target in LANGUAGES.items():
        ts = I18N / f"compound_desk_{language}.ts"
        subprocess.run(
            [tool("pyside6-lupdate"), *files, "-source-language", "zh_CN",
             "-target-language", target, "-no-obsolete", "-locations", "none", "-ts", str(ts)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )


def compile_all() -> list[Path]:
    built = []
    for ts in sorted(I18N.glob("compound_desk_*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                       cwd=ROOT, check=True)
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="extract strings from ui/ into the .ts files first")
    args = parser.parse_args(argv)
    I18N.mkdir(parents=True, exist_ok=True)
    if args.update:
        update()
    for qm in compile_all():
        print(f"built {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
