"""`python main.py login` and `python main.py sync` as real subprocesses against a real server.

The token crosses processes through a test-only file keyring (tests/sync/file_keyring.py) that
PYTHON_KEYRING_BACKEND selects; the app itself never writes a secret to disk.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Community, Compound
from db.store import open_store
from tests.helpers.cli import run_main
from tests.sync.conftest import PASSWORD, SyncServer, community_of, open_device
from tests.sync.file_keyring import FILE_ENV

# Subprocesses are slow to start; the PostgreSQL path is covered by the in-process tests.
pytestmark = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "tests.sync.file_keyring.FileKeyring",
            FILE_ENV: str(tmp_path / "keyring.json")}


def test_login_then_sync_pushes_and_pulls_and_keeps_the_token_out_of_the_data_dir(
    sync_server: SyncServer, tmp_path: Path, cli_env: dict[str, str],
) -> None:
    data_dir = tmp_path / "laptop"
    done = run_main("login", sync_server.url, "cw", data_dir=data_dir,
                    input_text=PASSWORD + "\n", env=cli_env)
    assert done.returncode == 0, done.stderr
    assert "logged in as cw" in done.stdout
    token = next(iter(json.loads(Path(cli_env[FILE_ENV]).read_text("utf-8")).values()))
    assert len(token) >= 16

    first = run_main("sync", "--json", data_dir=data_dir, env=cli_env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["pulled"] >= 2
    store = open_store(data_dir, actor="cw")
    with store.transaction() as session:
        community = session.scalar(select(Community.id).where(Community.name == "坂田社区"))
        session.add(Compound(community_id=community, name="命令行花园"))
    store.close()
    second = run_main("sync", data_dir=data_dir, env=cli_env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("pushed ")
    assert "conflicts 0 (open 0)" in second.stdout
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
            assert PASSWORD.encode() not in path.read_bytes(), path
    check = open_device(tmp_path / "check", sync_server, "cw2")
    try:
        check.sync()
        with check.store.session() as session:
            names = session.scalars(select(Compound.name)).all()
        assert "命令行花园" in names
    finally:
        check.store.close()


def test_sync_exits_1_while_conflicts_remain(
    sync_server: SyncServer, tmp_path: Path, cli_env: dict[str, str],
) -> None:
    data_dir = tmp_path / "laptop"
    assert run_main("login", sync_server.url, "cw", data_dir=data_dir,
                    input_text=PASSWORD + "\n", env=cli_env).returncode == 0
    assert run_main("sync", data_dir=data_dir, env=cli_env).returncode == 0
    other = open_device(tmp_path / "other", sync_server, "cw2")
    try:
        other.sync()
        with other.store.transaction() as session:
            compound = Compound(community_id=community_of(other), name="冲突花园")
            session.add(compound)
        other.sync()
        assert run_main("sync", data_dir=data_dir, env=cli_env).returncode == 0
        with other.store.transaction() as session:
            row = session.get(Compound, compound.id)
            assert row is not None
            row.note = "对方的备注"
        other.sync()
    finally:
        other.store.close()
    store = open_store(data_dir, actor="cw")
    with store.transaction() as session:
        row = session.get(Compound, compound.id)
        assert row is not None
        row.note = "我的备注"
    store.close()
    result = run_main("sync", "--json", data_dir=data_dir, env=cli_env)
    assert result.returncode == 1
    assert json.loads(result.stdout)["conflicts"] == 1
    assert "conflicts remain" in result.stderr


def test_login_and_sync_failures_have_clear_messages_and_exit_codes(
    sync_server: SyncServer, tmp_path: Path, cli_env: dict[str, str],
) -> None:
    data_dir = tmp_path / "laptop"
    wrong = run_main("login", sync_server.url, "cw", data_dir=data_dir,
                     input_text="not the password\n", env=cli_env)
    assert wrong.returncode == 1 and "用户名或密码错误" in wrong.stderr  # sync.bad_credentials
    not_logged_in = run_main("sync", data_dir=data_dir, env=cli_env)
    assert not_logged_in.returncode == 1 and "尚未登录同步服务器" in not_logged_in.stderr
    unreachable = run_main("login", "http://127.0.0.1:9", "cw", data_dir=data_dir,
                           input_text=PASSWORD + "\n", env=cli_env)
    assert unreachable.returncode == 1 and "无法连接同步服务器" in unreachable.stderr
    bad_url = run_main("login", "ftp://example.org", "cw", data_dir=data_dir, env=cli_env)
    assert bad_url.returncode == 2 and "http://" in bad_url.stderr
    missing = run_main("login", data_dir=data_dir, env=cli_env)
    assert missing.returncode == 2


def test_without_a_usable_keyring_the_password_is_asked_each_session(
    sync_server: SyncServer, tmp_path: Path,
) -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    data_dir = tmp_path / "laptop"
    unlock = "data passphrase 1\n"  # no keyring: the store's passphrase comes first on stdin
    login = run_main("--passphrase-stdin", "login", sync_server.url, "cw", data_dir=data_dir,
                     input_text=unlock + PASSWORD + "\n", env=env)
    assert login.returncode == 0, login.stderr
    assert "no usable system keyring" in login.stderr
    synced = run_main("--passphrase-stdin", "sync", data_dir=data_dir,
                      input_text=unlock + PASSWORD + "\n", env=env)
    assert synced.returncode == 0, synced.stderr
    assert "no usable system keyring" in synced.stderr
    assert synced.stdout.startswith("pushed ")
