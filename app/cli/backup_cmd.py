"""`backup [-o FILE]`: one encrypted file holding a consistent snapshot of the store and the
evidence attachments — into the data dir's backups/ folder unless -o names the file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.errors import BadInput

HELP = "back up the local store and its attachments to one encrypted file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="the backup file to write (default: a new file in DATA_DIR/backups)")


def run(args: argparse.Namespace) -> int:
    from app.backups.making import make_backup
    from app.session import open_local_store

    target: Path | None = args.output
    if target is not None:
        if target.is_dir():
            raise BadInput(code="backup.output_is_folder", file=str(target))
        if not target.parent.is_dir():
            raise BadInput(code="backup.output_folder_missing", folder=str(target.parent))
        if target.exists():
            raise BadInput(code="backup.output_exists", file=str(target))
    store = open_local_store(args.data_dir)
    try:
        made = make_backup(store, args.data_dir, kind="manual", target=target)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"file": str(made.path), "size": made.size, "counts": made.counts},
                         ensure_ascii=False))
    else:
        counts = ", ".join(f"{v} {k}" for k, v in made.counts.items())
        print(f"backed up to {made.path} ({made.size / 1048576:.1f} MB; {counts})")
    return 0
