"""`notice KIND ID -o OUT.pdf`: print a notice or form of the local store to a PDF file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "print a notice or form to PDF (KIND: see --help; ID of the election, meeting, item or street)"


def kinds_epilog() -> str:
    """Every kind of the registry with its Chinese name and what its ID refers to, one a line.
    The registry is read, never copied, so a new kind shows up here by itself; app.printing
    does not import reportlab until something is printed, so help stays quick."""
    from app.printing import KINDS

    width = max(len(key) for key in KINDS)
    lines = [f"  {key:<{width}}  {kind.label_zh} — ID: {kind.record}" for key, kind in KINDS.items()]
    return "KIND, its document and what ID refers to:\n" + "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter  # keep the list one kind a line
    parser.epilog = kinds_epilog()
    parser.add_argument("kind", metavar="KIND", help="the kind of document (listed below)")
    parser.add_argument("record_id", metavar="ID",
                        help="id of what the document is about (listed below per KIND)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf",
                        help="the PDF file to write")


def run(args: argparse.Namespace) -> int:
    from app.printing import kind_of, render
    from app.printing.fonts import cache_dir_for, use_cache_dir
    from app.printing.output import check_target, write_pdf
    from app.session import open_local_store

    kind_of(args.kind)  # an unknown kind fails before the store is opened
    output = check_target(args.output)  # and a wrong -o before anything is rendered
    store = open_local_store(args.data_dir)
    use_cache_dir(cache_dir_for(args.data_dir))
    try:
        with store.session() as session:
            pdf = render(session, args.kind, args.record_id)
    finally:
        store.close()
    write_pdf(output, pdf)  # beside the target, then renamed: never half a PDF under the name
    if args.json:
        print(json.dumps({"kind": args.kind, "id": args.record_id, "output": str(output),
                          "bytes": len(pdf)}, ensure_ascii=False))
    else:
        print(f"{args.kind} written to {output} ({len(pdf):,} bytes)")
    return 0
