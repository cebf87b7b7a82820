"""`notice -o`: a wrong target is one Chinese message and exit 2 before anything is rendered; a
device or folder is never replaced; a replaced PDF keeps its permissions."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from db.store import Store
from tests.printing.conftest import PrintData

ROOT = Path(__file__).resolve().parents[2]


def notice(data_dir: Path, record: str, output: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(data_dir), "notice", "result-notice", record,
         "-o", output], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)


@pytest.fixture
def ready(store: Store, printed: PrintData, data_dir: Path) -> tuple[Path, str]:
    store.close()
    return data_dir, printed.election_id


def test_a_fifo_a_folder_or_no_name_is_refused_and_left_alone(
        ready: tuple[Path, str], tmp_path: Path) -> None:
    data_dir, election = ready
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "公告"
    folder.mkdir()
    for target, words in ((fifo, "不是普通文件"), (folder, "是一个文件夹"), (Path(""), "文件名"),
                          (tmp_path / "缺少" / "x.pdf", "不存在")):
        done = notice(data_dir, election, str(target))
        assert done.returncode == 2, (target, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and folder.is_dir()
    assert not list(tmp_path.glob(".print-*")) and not list(folder.iterdir())


def test_a_replaced_pdf_keeps_its_permissions_and_a_new_one_gets_the_usual(
        ready: tuple[Path, str], tmp_path: Path) -> None:
    data_dir, election = ready
    shared = tmp_path / "结果公告.pdf"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    done = notice(data_dir, election, str(shared))
    assert done.returncode == 0, done.stderr
    assert shared.read_bytes().startswith(b"%PDF") and stat.S_IMODE(shared.stat().st_mode) == 0o644
    fresh = tmp_path / "新.pdf"
    assert notice(data_dir, election, str(fresh)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
