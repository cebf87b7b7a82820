"""`python main.py server-user add NAME --role ... [--street NAME] --db URL`: server accounts
(also `disable NAME` — revokes every device token of the user — `enable NAME`, and
`profile NAME --display-name 张三 --title 党建指导员 --office 龙城街道办事处`, the profile printed
for the user as a signer, which the user otherwise sets in the app's settings).

The password comes from stdin when it is not a terminal (first line), else from a prompt asked
twice. A caseworker's street must already be on the server (pushed by a supervisor) unless
`--create-street` creates it by name.
"""

from __future__ import annotations

import argparse

HELP = "manage sync-server accounts (add, disable, enable, profile)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["add", "disable", "enable", "profile"], help="what to do")
    parser.add_argument("name", help="user name (what the user types to log in)")
    parser.add_argument("--role", choices=["caseworker", "supervisor", "admin"],
                        help="role of a new user (required for add)")
    parser.add_argument("--street", help="street name (required for a caseworker)")
    parser.add_argument("--create-street", action="store_true",
                        help="create the street on the server if it is not there yet")
    parser.add_argument("--display-name", help="profile: the user's name as printed (姓名)")
    parser.add_argument("--title", default="", help="profile: the user's title (职务)")
    parser.add_argument("--office", default="", help="profile: the user's office (单位)")
    parser.add_argument("--db", help="server database URL (default: server.sqlite3 in the data dir)")


def read_password() -> str:
    import getpass
    import sys

    from app.errors import BadInput

    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("密码 / password: ")
    second = getpass.getpass("再次输入 / again: ")
    if first != second:
        raise BadInput("the two passwords differ; nothing was changed")
    return first


def run(args: argparse.Namespace) -> int:
    from server.installed import require_server

    require_server("server-user")
    import json

    from app.errors import BadInput
    from server.cli_serve import default_db_url
    from server.database import DatabaseUrlError, normalise_url
    from server.users import UserError, add_user, set_disabled

    try:
        url = normalise_url(args.db or default_db_url(args))
    except DatabaseUrlError as exc:
        raise BadInput(f"--db: {exc}") from None
    if args.action in ("disable", "enable"):
        try:
            set_disabled(url, args.name, args.action == "disable")
        except UserError as exc:
            raise BadInput(str(exc)) from None
        print(f"{args.action}d {args.name}")
        return 0
    if args.action == "profile":
        from server.profiles import set_profile

        if not args.display_name:
            raise BadInput("server-user profile needs --display-name (the name printed for the user)")
        try:
            set_profile(url, args.name, args.display_name, args.title, args.office)
        except UserError as exc:
            raise BadInput(str(exc)) from None
        print(f"profile of {args.name} set")
        return 0
    if args.role is None:
        raise BadInput("server-user add needs --role caseworker|supervisor|admin")
    if args.role == "caseworker" and not args.street:
        raise BadInput("a caseworker needs --street (the street they work in)")
    password = read_password()
    try:
        user_id = add_user(url, args.name, args.role, args.street, password,
                           create_street=args.create_street)
    except UserError as exc:
        raise BadInput(str(exc)) from None
    if args.json:
        print(json.dumps({"id": user_id, "name": args.name, "role": args.role,
                          "street": args.street}, ensure_ascii=False))
    else:
        print(f"added {args.role} {args.name}" + (f" ({args.street})" if args.street else ""))
    return 0
