"""`export FILE`: the whole local store as .json (restorable) or .xlsx (one sheet per table)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "export the local store to .json or .xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="target .json or .xlsx file")


def run(args: argparse.Namespace) -> int:
    from app.exporting import export_file
    from app.session import open_local_store

    store = open_local_store(args.data_dir)
    try:
        counts = export_file(store, args.file)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"file": str(args.file), "counts": counts}, ensure_ascii=False))
    else:
        print(f"exported {sum(counts.values())} rows of {len(counts)} tables to {args.file}")
    return 0
