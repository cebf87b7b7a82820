"""Render every printed document KIND to PDF and PNG pages, for reading the pages as the
caseworker posting them would (issue 15, page-image review).

    python scripts/render_all_notices.py OUT_DIR [--demo] [--dpi 70] [--kind KIND ...]

Prints from the fixture district of the golden texts (tests/printing/fixture_store.py) and, with
--demo, from a fresh small demo district too. Writes OUT_DIR/<source>/<kind>--<label>.pdf and
its pages as <kind>--<label>-<page>.png (pdftoppm), and OUT_DIR/index.txt listing each document
with its title, page count and why it is a draft. A document that cannot print is listed with
the reason; the script goes on.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _pngs(pdf: Path, dpi: int) -> int:
    """The pages of `pdf` as PNGs beside it; returns how many."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit("pdftoppm is not installed (poppler-utils)")
    subprocess.run([tool, "-r", str(dpi), "-png", str(pdf), str(pdf.with_suffix(""))], check=True,
                   timeout=120)
    return len(list(pdf.parent.glob(f"{pdf.stem}-*.png")))


def render_source(source: str, folder: Path, records: dict[str, list[tuple[str, str]]],
                  out: Path, dpi: int, kinds: list[str]) -> list[str]:
    """Print every wanted kind's records of one store; returns the index lines."""
    from app.errors import BadInput
    from app.printing import KINDS, build
    from app.printing.layout import render_pdf
    from db.store import open_store

    target = out / source
    target.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    store = open_store(folder, actor="render")
    try:
        for kind in kinds:
            pairs = records.get(kind, [])
            if not pairs:
                lines.append(f"{source}\t{kind}\t-\tno record to print ({KINDS[kind].record})")
            for label, record_id in pairs:
                name = f"{kind}--{label}" if label else kind
                with store.session() as session:
                    try:
                        spec = build(session, kind, record_id)
                    except BadInput as exc:
                        lines.append(f"{source}\t{name}\t-\tdoes not print: {exc}")
                        continue
                    data = render_pdf(spec)
                pdf = target / f"{name}.pdf"
                pdf.write_bytes(data)
                pages = _pngs(pdf, dpi)
                draft = "；".join(spec.draft_reasons) if spec.draft_reasons else ""
                lines.append(f"{source}\t{name}\t{pages}页\t{spec.title}"
                             + (f"\t草稿：{draft}" if draft else ""))
    finally:
        store.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PDFs and PNGs")
    parser.add_argument("--demo", action="store_true", help="also print from a small demo")
    parser.add_argument("--dpi", type=int, default=70)
    parser.add_argument("--kind", action="append", default=[], help="only these kinds")
    args = parser.parse_args(argv)

    from app.printing import KINDS
    from tests.printing.fixture_store import build_store, demo_records, records

    kinds = args.kind or sorted(KINDS)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kind(s): {', '.join(unknown)}; known: {', '.join(KINDS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    from db.store import open_store

    index: list[str] = []
    with tempfile.TemporaryDirectory(prefix="render-all-") as scratch:
        fixture = Path(scratch) / "fixture"
        fixture.mkdir()
        built = build_store(fixture)
        store = open_store(fixture, actor="render")
        try:
            fixture_records = records(store, built)
        finally:
            store.close()
        index += render_source("fixture", fixture, fixture_records, args.out, args.dpi, kinds)
        if args.demo:
            from app.demo import generate

            demo = Path(scratch) / "demo"
            demo.mkdir()
            store = open_store(demo, actor="render")
            try:
                generate(store, "small")
                demo_found = demo_records(store)
            finally:
                store.close()
            index += render_source("demo", demo, demo_found, args.out, args.dpi, kinds)
    (args.out / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    print("\n".join(index))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
