"""`python main.py login URL USER`: exchange the password for a device token kept in the keyring."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "log in to the district sync server (password from a prompt or stdin)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", nargs="?", help="server address, e.g. https://sync.example.org")
    parser.add_argument("user", nargs="?", help="user name on the server")
    parser.add_argument("--logout", action="store_true",
                        help="revoke this device's token and forget it")


def read_password(prompt: str) -> str:
    """From a hidden prompt on a terminal, else the first line of stdin (scripts, tests)."""
    from app.errors import BadInput

    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
    else:
        password = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    if not password:
        raise BadInput(code="login.no_password")
    return password


def run(args: argparse.Namespace) -> int:
    from app.errors import BadInput
    from app.session import open_local_store
    from app.sync import auth
    from app.sync.urls import normalize_url

    store = open_local_store(args.data_dir)
    try:
        if args.logout:
            account = auth.current_account(store)
            auth.logout(store)
            print("logged out" if account else "not logged in")
            return 0
        if not args.url or not args.user:
            raise BadInput(code="login.usage")
        try:
            url = normalize_url(args.url)
        except ValueError:
            raise BadInput(code="login.bad_url", url=args.url) from None
        password = read_password(f"password for {args.user} at {url}: ")
        outcome = auth.login(store, url, args.user, password)
    finally:
        store.close()
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    user = outcome.user
    if args.json:
        print(json.dumps({
            "url": outcome.account.url, "user": outcome.account.user, "role": user.get("role"),
            "street_name": user.get("street_name"), "keyring": outcome.in_keyring,
        }, ensure_ascii=False))
    else:
        where = f", {user['street_name']}" if user.get("street_name") else ""
        print(f"logged in as {outcome.account.user} ({user.get('role', '')}{where}) "
              f"at {outcome.account.url}")
    return 0
