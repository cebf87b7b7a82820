"""Encryption at rest: the store (pages, WAL, journal), the copies kept before upgrades, evidence
files and the search cache hold no owner's name or phone in their bytes; a wrong key or
passphrase is one message; a plaintext store of an older version is encrypted in place and an
interruption at any step (SIGKILL) leaves a store that opens with every row."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from app.demo import generate
from app.errors import WorkFailed
from app.session import open_local_store
from db import encrypt, keys
from db.models import Unit
from db.store import STORE_FILENAME, open_store
from tests.foundation.conftest import DEMO_DAY
from tests.foundation.test_migrations import make_store_at
from tests.helpers import raw_store
from tests.helpers.cli import ROOT, run_main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file modes")


def personal_strings(data_dir: Path, limit: int = 200) -> list[bytes]:
    """Owners' names and phones of the store, as the bytes a plaintext file would hold."""
    connection = raw_store.connect(data_dir / STORE_FILENAME)
    try:
        names = [r[0] for r in connection.execute(
            "SELECT DISTINCT owner_name FROM units WHERE length(owner_name) >= 2 LIMIT ?", (limit,))]
        phones = [r[0] for r in connection.execute(
            "SELECT DISTINCT phone FROM units WHERE phone IS NOT NULL LIMIT ?", (limit,))]
    finally:
        connection.close()
    assert len(names) > 20 and len(phones) > 20
    return [text.encode("utf-8") for text in names + phones]


def leaks(data_dir: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        content = path.read_bytes()
        found += [f"{path.name}: {needle.decode()}" for needle in needles if needle in content]
    return found


def test_a_new_store_is_encrypted_with_a_random_key_in_the_keyring(data_dir: Path) -> None:
    store = open_store(data_dir)
    store.close()
    head = (data_dir / STORE_FILENAME).read_bytes()[:16]
    assert head != encrypt.SQLITE_HEADER
    marker = json.loads((data_dir / keys.MARKER_FILENAME).read_text("utf-8"))
    assert marker["mode"] == "keyring" and set(marker) == {"format", "mode", "store_id"}
    secret = keyring.get_password(keys.KEYRING_SERVICE, f"store:{marker['store_id']}")
    assert secret is not None and len(bytes.fromhex(secret)) == 32
    assert secret not in (data_dir / keys.MARKER_FILENAME).read_text("utf-8")


@posix_only
def test_demo_leaves_no_owner_name_or_phone_in_any_file_and_files_are_private(
        data_dir: Path) -> None:
    store = open_local_store(data_dir)
    try:
        generate(store, "small", today=DEMO_DAY)
        needles = personal_strings(data_dir)
        with store.session() as session:  # a read while the WAL still holds the demo
            assert session.scalar(select(func.count()).select_from(Unit))
        assert Path(f"{store.path}-wal").exists()
        assert leaks(data_dir, needles) == []  # the WAL too
    finally:
        store.close()
    assert leaks(data_dir, needles) == []
    for path in data_dir.rglob("*"):
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.name}: {oct(mode)}"


def test_a_wrong_key_is_refused_with_one_message(data_dir: Path) -> None:
    open_store(data_dir).close()
    marker = keys.read_marker(data_dir)
    assert marker is not None
    keyring.set_password(keys.KEYRING_SERVICE, marker.account, "11" * 32)
    keys.forget(data_dir)
    with pytest.raises(WorkFailed) as refused:
        open_local_store(data_dir)
    assert refused.value.code == "store.wrong_store_key"
    done = run_main("check", data_dir=data_dir)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "密钥打不开" in done.stderr, done.stderr
    english = run_main("check", "--lang", "en", data_dir=data_dir)
    assert "does not open this data file" in english.stderr and "Traceback" not in english.stderr


def test_a_missing_key_is_refused_with_one_message(data_dir: Path) -> None:
    open_store(data_dir).close()
    marker = keys.read_marker(data_dir)
    assert marker is not None
    keyring.delete_password(keys.KEYRING_SERVICE, marker.account)
    keys.forget(data_dir)
    done = run_main("check", data_dir=data_dir)
    assert done.returncode == 1 and "本机钥匙串中没有" in done.stderr and "Traceback" not in done.stderr


def test_without_a_keyring_the_passphrase_comes_from_stdin(data_dir: Path, tmp_path: Path) -> None:
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    short = run_main("--passphrase-stdin", "export", str(tmp_path / "e.json"), data_dir=data_dir,
                     env=no_keyring, input_text="short\n")
    assert short.returncode == 2 and "至少需要 8 个字符" in short.stderr, short.stderr
    made = run_main("--passphrase-stdin", "export", str(tmp_path / "e.json"), data_dir=data_dir,
                    env=no_keyring, input_text="correct horse battery\n")
    assert made.returncode == 0, made.stderr
    marker = keys.read_marker(data_dir)
    assert marker is not None and marker.mode == "passphrase"
    assert not encrypt.is_plaintext(data_dir / STORE_FILENAME)
    again = run_main("--passphrase-stdin", "check", data_dir=data_dir, env=no_keyring,
                     input_text="correct horse battery\n")
    assert again.returncode == 0, again.stderr
    wrong = run_main("--passphrase-stdin", "check", data_dir=data_dir, env=no_keyring,
                     input_text="wrong horse battery\n")
    # what the person typed is bad input (exit 2), as a wrong backup passphrase is
    assert wrong.returncode == 2 and wrong.stderr.strip() == "错误：口令不正确，数据没有打开"
    silent = run_main("check", data_dir=data_dir, env=no_keyring, input_text="")
    assert silent.returncode == 1 and "--passphrase-stdin" in silent.stderr
    assert "Traceback" not in silent.stderr


def dumped(path: Path) -> list[str]:
    connection = raw_store.connect(path)
    try:
        return raw_store.iterdump(connection)
    finally:
        connection.close()


def plaintext_store(folder: Path) -> int:
    """A plaintext store of an older version holding data, with a WAL; returns its unit count."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STORE_FILENAME
    make_store_at(path, "0001")
    return 1


def test_a_plaintext_store_is_encrypted_in_place_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    plaintext_store(folder)
    before = dumped(folder / STORE_FILENAME)
    heard: list[str] = []
    store = open_store(folder, progress=lambda step, done, total: heard.append(step))
    store.close()
    assert heard == ["settle", "copy", "verify", "swap", "wipe", "done"]
    path = folder / STORE_FILENAME
    assert not encrypt.is_plaintext(path)
    copies = list(folder.glob("*before-upgrade*"))
    assert copies and not any(encrypt.is_plaintext(copy) for copy in copies)
    assert not list(folder.glob("*.encrypting")) and not list(folder.glob("*.plaintext-old"))
    after = dumped(path)
    assert [line for line in before if line.startswith("units ")] == [
        line for line in after if line.startswith("units ")]
    assert b"\xe5\xbc\xa0\xe4\xb8\x89" not in b"".join(p.read_bytes() for p in folder.iterdir())  # 张三


KILL_POINTS = ("key", "settle", "copy", "verify", "swap", "link", "wipe")


@posix_only
@pytest.mark.parametrize("step", KILL_POINTS)
def test_encryption_killed_at_any_step_loses_nothing(tmp_path: Path, step: str) -> None:
    folder = tmp_path / "old"
    plaintext_store(folder)
    expected = [line for line in dumped(folder / STORE_FILENAME)
                if line.startswith(("units ", "compounds "))]
    script = "import sys; from pathlib import Path; from db.store import open_store; " \
             "open_store(Path(sys.argv[1])).close()"
    killed = subprocess.run(
        [sys.executable, "-c", script, str(folder)], cwd=ROOT, capture_output=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), encrypt.KILL_ENV: step}, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    path = folder / STORE_FILENAME
    plain_before = encrypt.is_plaintext(path)
    assert plain_before == (step in ("key", "settle", "copy", "verify", "swap", "link"))
    reopened = open_store(folder)  # whichever it was, it opens, finishes and holds every row
    reopened.close()
    assert not encrypt.is_plaintext(path)
    after = [line for line in dumped(path)
             if line.startswith(("units ", "compounds "))]
    assert after == expected and after
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith((".encrypting", ".plaintext-old"))]
    assert leftovers == []


def test_evidence_is_sealed_read_back_and_old_plaintext_files_are_sealed(data_dir: Path) -> None:
    from app.evidence_files import folder_of, read_evidence, seal_plaintext_evidence, store_evidence

    open_store(data_dir).close()
    secret = "业主王小明 13912345678 的房产证照片".encode()
    digest, path = store_evidence(data_dir, secret, ".JPG")
    assert path.name == f"{digest}.jpg" and secret not in path.read_bytes()
    assert read_evidence(data_dir, path.name) == secret
    old = folder_of(data_dir) / "0123.png"
    old.write_bytes(b"old plaintext evidence " + secret)
    assert seal_plaintext_evidence(data_dir) == 1
    assert secret not in old.read_bytes() and read_evidence(data_dir, old.name).endswith(secret)
    assert sorted(p.name for p in folder_of(data_dir).iterdir()) == sorted([path.name, old.name])
    flipped = bytearray(path.read_bytes())
    flipped[-1] ^= 1
    path.write_bytes(bytes(flipped))
    from app.errors import BadInput

    with pytest.raises(BadInput) as refused:
        read_evidence(data_dir, path.name)
    assert refused.value.code == "store.sealed_damaged"


def test_search_cache_beside_the_store_keeps_no_searched_text(data_dir: Path) -> None:
    """Beside an encrypted store the pinyin cache keeps characters' readings only (a dictionary),
    not the keys of the names and addresses searched; a plaintext folder keeps both."""
    from app import search

    open_store(data_dir).close()
    cache = data_dir / "search-cache.json"
    search.text_key("欧阳娜娜")
    search._unsaved = True
    search.save_cache(cache)
    saved = json.loads(cache.read_text("utf-8"))
    assert "欧阳娜娜" not in cache.read_text("utf-8") and "keys" not in saved
    assert saved["readings"]["娜"]
    assert cache.stat().st_mode & 0o777 == 0o600 or os.name != "posix"


def test_fonts_and_rules_caches_hold_no_personal_data() -> None:
    """The font-metrics cache (numbers per glyph of the shipped/system fonts) and the rules cache
    (the rules file, parsed) are made from program files, never from the store: nothing of an
    owner can reach them. This records that check (issue 17) where a change would be noticed."""
    import inspect

    from app import rules_cache
    from app.printing import fontcache

    for module in (fontcache, rules_cache):
        source = inspect.getsource(module)
        assert "Session" not in source and "db.models" not in source, module.__name__


def test_a_copy_of_the_data_folder_opens_on_the_same_computer(data_dir: Path, tmp_path: Path) -> None:
    store = open_store(data_dir)
    store.close()
    copy = tmp_path / "moved"
    shutil.copytree(data_dir, copy)
    open_store(copy).close()


@posix_only
def test_folders_the_app_makes_in_the_data_dir_are_private(data_dir: Path) -> None:
    from app.evidence_files import store_evidence
    from app.printing.fontcache import write_atomic
    from app.printing.fonts import cache_dir_for

    open_store(data_dir).close()
    write_atomic(cache_dir_for(data_dir) / "probe.metrics", b"numbers only")
    store_evidence(data_dir, b"photo", ".jpg")
    for folder in (data_dir / "cache", cache_dir_for(data_dir), data_dir / "attachments"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    for path in (p for p in data_dir.rglob("*") if p.is_file()):
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_export_says_it_is_not_encrypted(data_dir: Path, tmp_path: Path) -> None:
    open_store(data_dir).close()
    done = run_main("export", str(tmp_path / "out.json"), data_dir=data_dir)
    assert done.returncode == 0 and "导出文件没有加密" in done.stderr, done.stderr
    english = run_main("export", "--lang", "en", str(tmp_path / "out2.json"), data_dir=data_dir)
    assert "not encrypted" in english.stderr and "导出" not in english.stderr


def test_a_new_passphrase_of_spaces_alone_is_refused(data_dir: Path, tmp_path: Path) -> None:
    """Eight spaces are eight characters but protect nothing: too short, nothing made."""
    done = run_main("--passphrase-stdin", "export", str(tmp_path / "e.json"), data_dir=data_dir,
                    env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
                    input_text=" " * 12 + "\n")
    assert done.returncode == 2 and "至少需要 8 个字符" in done.stderr, done.stderr
    assert not (data_dir / STORE_FILENAME).exists()
