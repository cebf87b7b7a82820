"""Where the command line gets the store's passphrase when there is no usable keyring: a hidden
prompt on a terminal (twice for a new store), or the first line of stdin with --passphrase-stdin
(scripts). Without either, opening such a store says how to give it (db/keys.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from app.errors import WorkFailed


def _from_stdin(_data_dir: Path, _new: bool) -> str | None:
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n") or None


def _from_terminal(data_dir: Path, new: bool) -> str | None:
    from getpass import getpass

    if new:
        first = getpass(f"为 {data_dir} 中的新数据设置口令（至少 8 个字符）：")
        if getpass("再输入一次口令：") != first:
            raise WorkFailed(code="store.passphrase_mismatch")
        return first or None
    return getpass(f"打开 {data_dir} 中的数据的口令：") or None


def install(from_stdin: bool) -> None:
    """Register the passphrase source of this command line (none when stdin is no terminal and
    --passphrase-stdin was not given: a script must say where the passphrase comes from)."""
    from app.store_key import set_passphrase_source

    if from_stdin:
        set_passphrase_source(_from_stdin)
    elif sys.stdin is not None and sys.stdin.isatty():
        set_passphrase_source(_from_terminal)
