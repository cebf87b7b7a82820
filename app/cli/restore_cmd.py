"""`restore FILE [--replace]`: put a backup made by `backup` (or the app) back into the data dir.
A data dir holding data is refused unless --replace, which first keeps it as a backup. A damaged
or foreign file is refused with one line and nothing is written (app/backups/restoring.py)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "restore a backup into the data dir (--replace to replace data already there)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the backup file")
    parser.add_argument("--replace", action="store_true",
                        help="replace the data already in the data dir (kept as a backup first)")


def run(args: argparse.Namespace) -> int:
    from app.backups.restoring import restore

    done = restore(args.file, args.data_dir, replace=args.replace)
    if args.json:
        print(json.dumps({"file": str(args.file), "created": done.created, "counts": done.counts,
                          "previous_kept_as": str(done.kept_as) if done.kept_as else None},
                         ensure_ascii=False))
        return 0
    counts = ", ".join(f"{v} {k}" for k, v in done.counts.items())
    print(f"restored the backup of {done.created} into {args.data_dir} ({counts})")
    if done.kept_as is not None:
        print(f"the data it replaced is kept as {done.kept_as}")
    print("the next sync pulls everything from the server again; unsynced changes are kept")
    return 0
