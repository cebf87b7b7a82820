"""The server verbs as a caseworker's administrator runs them: `server-user add` and `serve`."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers.cli import ROOT, run_main
from tests.server.helpers import Client


def test_server_user_cli_adds_a_user_who_can_log_in(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    result = run_main("server-user", "add", "cli-caseworker", "--role", "caseworker", "--street",
                      "新街道", "--db", db, data_dir=tmp_path, input_text="secret pass 9\n")
    assert result.returncode == 2 and "新街道 is not on the server" in result.stderr
    result = run_main("server-user", "add", "cli-caseworker", "--role", "caseworker", "--street",
                      "新街道", "--create-street", "--db", db, data_dir=tmp_path,
                      input_text="secret pass 9\n")
    assert result.returncode == 0, result.stderr
    result = run_main("server-user", "add", "cli-caseworker", "--role", "supervisor", "--db", db,
                      data_dir=tmp_path, input_text="secret pass 9\n")
    assert result.returncode == 2 and "already exists" in result.stderr

    port_probe = httpx.Client(timeout=2)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "serve", "--db", db,
         "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("serving on"), line
        base_url = _wait_for_port(process)
        client = Client(base_url, "cli-caseworker", "secret pass 9")
        assert client.user["street_name"] == "新街道"
        streets = [c["fields"]["name"] for c in client.pull_all() if c["table"] == "streets"]
        assert streets == ["新街道"]
        result = run_main("server-user", "disable", "cli-caseworker", "--db", db, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr
        assert client.http.get("/api/v1/pull").status_code == 401
        client.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()
        port_probe.close()


def _wait_for_port(process: subprocess.Popen[str]) -> str:
    """uvicorn prints the port it bound ("--port 0" picks a free one)."""
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "Uvicorn running on" in line:
            return line.split("running on ")[1].split()[0]
    raise AssertionError("serve did not start")
