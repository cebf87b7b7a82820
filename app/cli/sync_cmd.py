"""`python main.py sync`: push the outbox (and the evidence files the server lacks), then pull
pages until caught up and fetch the evidence files this folder lacks; prints the counts.

Exit 1 when the server is unreachable or conflicts remain open (resolve them in the 同步 page).
"""

from __future__ import annotations

import argparse
import json
import sys

HELP = "push local changes to the sync server, then pull until caught up"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", type=int, default=1000, help="ops per push request (1..1000)")


def run(args: argparse.Namespace) -> int:
    from app.cli.login_cmd import read_password
    from app.errors import BadInput
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.blobs import fetch_after_sync
    from app.sync.engine import sync

    if not 1 <= args.batch <= 1000:
        raise BadInput(code="cli.sync_batch_range", batch=args.batch)
    store = open_local_store(args.data_dir)
    try:
        account = auth.current_account(store)
        if account is not None and not auth.keyring_usable() and not auth.load_token(account):
            # No keyring: the password is asked for each session and the token kept in memory.
            print(f"warning: {auth.NO_KEYRING_MESSAGE}", file=sys.stderr)
            password = read_password(f"password for {account.user} at {account.url}: ")
            auth.login(store, account.url, account.user, password)
        report = sync(store, batch_size=args.batch)
        report.warnings.extend(fetch_after_sync(store).failed)  # what failed stays 未下载
    finally:
        store.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(f"pushed {report.pushed}, pulled {report.pulled}, merged {report.merged}, "
              f"conflicts {report.conflicts} (open {report.open_conflicts}), "
              f"refused {report.refused}")
    if report.open_conflicts:
        print(f"failed: {report.open_conflicts} conflicts remain: resolve them in the 同步 (sync) "
              "page", file=sys.stderr)
        return 1
    return 0
