"""The load benchmark's server: a throwaway PostgreSQL database and the real `serve` command
(several uvicorn workers) on it, its per-request log kept for server-side timings."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PG_ENV = ("COMPOUND_DESK_BENCH_PG", "COMPOUND_DESK_TEST_PG")
NEEDS = ("the load benchmark needs PostgreSQL: set COMPOUND_DESK_BENCH_PG (or COMPOUND_DESK_TEST_PG) "
         "to postgresql://USER@HOST:PORT/DB, a role that may CREATE DATABASE; it makes a throwaway "
         "database there and drops it afterwards")


def admin_url() -> str:
    for name in PG_ENV:
        if os.environ.get(name):
            return os.environ[name]
    raise RuntimeError(NEEDS)


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new, empty database on the benchmark's PostgreSQL (dropped on exit); yields its URL."""
    import psycopg

    url = admin_url()
    name = f"compound_desk_load_{uuid.uuid4().hex[:10]}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(plain, name)
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SETTINGS = ("server_version", "max_connections", "shared_buffers", "fsync", "synchronous_commit",
            "work_mem")


def postgres_settings() -> dict[str, str]:
    """What the figures depend on (fsync off makes commits far cheaper than in production)."""
    import psycopg

    plain = admin_url().replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        return {name: str(connection.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]
                for name in SETTINGS}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    base_url: str
    log_path: Path


@contextmanager
def serving(database_url: str, workers: int, *, startup_timeout: float = 60.0) -> Iterator[Served]:
    """`main.py serve --workers N` on the database, on a free loopback port, until exit."""
    folder = Path(tempfile.mkdtemp(prefix="compound-desk-load-"))
    port = free_port()
    log_path = folder / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data-dir", str(folder), "serve",
             "--db", database_url, "--workers", str(workers), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path, startup_timeout)
        yield Served(base_url, log_path)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own server's process group
            process.wait(timeout=10)


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], log_path: Path,
                   timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("serve did not answer /healthz in time")


def server_timings(log_path: Path, start: datetime, end: datetime) -> dict[str, list[float]]:
    """Milliseconds the server itself logged per path (server.request_log) between two instants."""
    found: dict[str, list[float]] = {}
    for text in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not text.startswith("{"):
            continue  # uvicorn's own lines
        try:
            entry = json.loads(text)
            at = datetime.fromisoformat(entry["ts"])
        except (ValueError, KeyError):
            continue
        if start <= at <= end:
            found.setdefault(str(entry.get("path")), []).append(float(entry["ms"]))
    return found
