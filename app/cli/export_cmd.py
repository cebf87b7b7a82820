"""`export FILE`: the whole local store as .json (restorable) or .xlsx (one sheet per table)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# The store is encrypted; an export is plaintext by the person's choice (issue 17): say so.
PLAINTEXT_NOTE = {
    "zh_CN": "注意：导出文件没有加密，含业主姓名、电话等个人信息，请妥善保管，用完删除",
    "en": "Note: the export is not encrypted and holds owners' names, phones and other personal "
          "data; keep it safe and delete it after use",
}

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
    print(PLAINTEXT_NOTE["en" if getattr(args, "lang", None) == "en" else "zh_CN"], file=sys.stderr)
    if args.json:
        print(json.dumps({"file": str(args.file), "counts": counts}, ensure_ascii=False))
    else:
        print(f"exported {sum(counts.values())} rows of {len(counts)} tables to {args.file}")
    return 0
