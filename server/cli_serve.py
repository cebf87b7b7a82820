"""`python main.py serve`: run the sync server (upgrading its schema first)."""

from __future__ import annotations

import argparse

HELP = "run the district sync server (default: a SQLite file in the data dir)"
DEFAULT_PORT = 8765
SERVER_DB_FILENAME = "server.sqlite3"
BLOBS_FOLDER = "server-blobs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="postgresql://USER@HOST:PORT/DB or sqlite:///PATH "
                        "(default: server.sqlite3 in the data dir)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    parser.add_argument("--workers", type=int, default=1, help="worker processes")
    parser.add_argument("--pull-db", help="postgresql://… of a hot standby (streaming replica) of "
                        "--db that answers pulls; everything else uses --db")
    parser.add_argument("--blobs", help="folder for evidence files (default: server-blobs in the "
                        "data dir); back it up with the database")


def default_db_url(args: argparse.Namespace) -> str:
    path = args.data_dir / SERVER_DB_FILENAME
    return f"sqlite:///{path}"


def run(args: argparse.Namespace) -> int:
    from server.installed import require_server

    require_server("serve")
    import os
    from pathlib import Path

    import uvicorn
    from sqlalchemy.exc import OperationalError

    from app.errors import BadInput, WorkFailed
    from server.app import BLOBS_ENV, DATABASE_ENV, PULL_DATABASE_ENV
    from server.database import DatabaseUrlError, make_engine, normalise_url, upgrade
    from server.nodelay import PROTOCOL as NODELAY_PROTOCOL

    if args.workers < 1:
        raise BadInput("--workers must be at least 1")
    if not 0 <= args.port < 65536:
        raise BadInput(f"--port {args.port} is not a port number")
    try:
        url = normalise_url(args.db or default_db_url(args))
    except DatabaseUrlError as exc:
        raise BadInput(f"--db: {exc}") from None
    try:
        pull_url = normalise_url(args.pull_db) if args.pull_db else None
    except DatabaseUrlError as exc:
        raise BadInput(f"--pull-db: {exc}") from None
    engine = make_engine(url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        raise WorkFailed(f"cannot open the database {args.db or url}: {exc.orig}") from None
    finally:
        engine.dispose()
    os.environ[DATABASE_ENV] = url
    if pull_url:
        os.environ[PULL_DATABASE_ENV] = pull_url
    os.environ[BLOBS_ENV] = str(Path(args.blobs) if args.blobs else args.data_dir / BLOBS_FOLDER)
    print(f"serving on http://{args.host}:{args.port} (database: {url.split('@')[-1]})", flush=True)
    uvicorn.run(
        "server.app:app_from_env", factory=True, host=args.host, port=args.port,
        workers=args.workers, proxy_headers=True, log_level="info", http=NODELAY_PROTOCOL,
    )
    return 0
