"""Compound Desk (小区治理工作台): the desktop app by default, command-line verbs otherwise.

Thin on purpose: the verb table below maps each verb of DESIGN.md's CLI contract to the module
that implements it; the logic lives in app/ (and server/ for the server verbs).
"""

from __future__ import annotations

import argparse
import sys

VERBS = {
    "demo": "app.cli.demo_cmd",
    "import": "app.cli.import_cmd",
    "export": "app.cli.export_cmd",
    "check": "app.cli.check_cmd",
    "audit": "app.cli.audit_cmd",
    "tally": "app.cli.tally_cmd",
    "notice": "app.cli.notice_cmd",
    "verify": "app.cli.verify_cmd",
    "serve": "server.cli_serve",
    "server-user": "server.cli_users",
    "login": "app.cli.login_cmd",
    "sync": "app.cli.sync_cmd",
    "backup": "app.cli.backup_cmd",
    "restore": "app.cli.restore_cmd",
}


def run_gui(args: argparse.Namespace) -> int:
    from ui.application import run

    return run(data_dir=args.data_dir, exit_when_ready=args.exit_when_ready)


def main(argv: list[str] | None = None) -> int:
    from app.cli.runner import dispatch

    return dispatch(sys.argv[1:] if argv is None else argv, VERBS, run_gui)


if __name__ == "__main__":
    sys.exit(main())
