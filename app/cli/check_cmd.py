"""`check`: integrity check of the local store; exit 1 with the findings when anything is wrong."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "integrity check of the local store (exit 1 when anything is wrong)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    return None


def run(args: argparse.Namespace) -> int:
    from app.errors import BadInput
    from app.integrity import check_store
    from app.session import open_local_store
    from db.store import STORE_FILENAME

    if not (args.data_dir / STORE_FILENAME).is_file():
        raise BadInput(code="cli.no_store", data_dir=args.data_dir)
    store = open_local_store(args.data_dir)
    try:
        report = check_store(store.engine)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True))
    else:
        for finding in report.findings:
            print(f"problem: {finding}", file=sys.stderr)
        if report.ok:
            print(f"store is sound ({report.outbox_entries} changes waiting to sync)")
            for table, count in report.counts.items():
                if count or report.tombstones[table]:
                    print(f"  {table:<24} {count:>8}  (+{report.tombstones[table]} deleted)")
    return 0 if report.ok else 1
