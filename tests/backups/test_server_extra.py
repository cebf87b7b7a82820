"""The caseworker's bundle leaves the sync server's packages out (pyproject's `server` extra):
there `serve` and `server-user` say to install the server package, with a code, and exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.errors import describe
from tests.helpers.cli import ROOT, run_main

BLOCKER = '''
import sys

class _NoServer:
    """What a desktop bundle is like: the server's packages are not there."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"fastapi", "uvicorn", "psycopg", "argon2"}:
            raise ModuleNotFoundError(name)
        return None

sys.meta_path.insert(0, _NoServer())
'''


@pytest.mark.parametrize("verb", [["serve"], ["server-user", "add", "王主任", "--role", "admin"]])
def test_server_verbs_without_the_server_packages_say_what_to_install(
    tmp_path: Path, verb: list[str],
) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    result = run_main(*verb, data_dir=tmp_path / "data",
                      env={"PYTHONPATH": f"{tmp_path}:{ROOT}"}, input_text="secret-123\n")
    assert result.returncode == 2, result.stderr
    assert "compound-desk[server]" in result.stderr and verb[0] in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_server_packages_are_an_extra_the_tests_install() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {d.split("[")[0].split("=")[0] for d in project["dependencies"]}
    assert not names & {"fastapi", "uvicorn", "psycopg", "argon2-cffi"}
    server = {d.split("[")[0].split("=")[0] for d in project["optional-dependencies"]["server"]}
    assert server == {"fastapi", "uvicorn", "psycopg", "argon2-cffi"}
    assert "compound-desk[server]" in project["optional-dependencies"]["test"]


def test_the_message_is_in_both_languages() -> None:
    from app.errors import BadInput

    error = BadInput(code="server.not_installed", verb="serve")
    assert "服务器版" in describe(error, "zh_CN")
    assert "install the server package" in describe(error, "en")
