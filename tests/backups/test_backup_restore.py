"""Backups made and restored for real: the CLI as a subprocess, real encrypted stores, real files.
Each refusal writes nothing; a restore gives back exactly what was backed up."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring
import pytest

from app.backups import container
from app.backups.making import list_backups, make_backup
from app.backups.restoring import RESTORED_SETTING, restore
from app.errors import BadInput
from app.ratings import attachments_dir
from app.session import get_setting, set_setting
from app.sync import settings as sync_keys
from db import keys
from db.store import STORE_FILENAME, Store, open_store
from tests.backups.conftest import EVIDENCE, fill
from tests.helpers.cli import run_main


def exported(data_dir: Path, target: Path) -> dict[str, object]:
    result = run_main("export", str(target), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    document.pop("exported_at", None)
    return document


def snapshot_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what "nothing written" is checked against."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_backup_then_restore_into_an_empty_folder_exports_the_same(
    filled: Store, data_dir: Path, tmp_path: Path,
) -> None:
    filled.close()
    made = run_main("backup", "--json", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    backup = Path(json.loads(made.stdout)["file"])
    assert backup.parent == data_dir / "backups"
    assert json.loads(made.stdout)["counts"] == {"compounds": 3, "elections": 0, "items": 0}

    target = tmp_path / "restored"
    restored = run_main("restore", str(backup), data_dir=target)
    assert restored.returncode == 0, restored.stderr
    assert exported(target, tmp_path / "b.json") == exported(data_dir, tmp_path / "a.json")
    # The evidence file comes back byte for byte as the store keeps it (sealed at rest, app/store_key).
    evidence = next(attachments_dir(target).iterdir())
    assert evidence.read_bytes() == (attachments_dir(data_dir) / evidence.name).read_bytes()
    assert len(evidence.read_bytes()) >= len(EVIDENCE)
    # The backup holds no owner data in the clear: neither the store nor the names are readable.
    raw = backup.read_bytes()
    assert "万科城".encode() not in raw and b"SQLite format 3" not in raw and EVIDENCE[:20] not in raw


def test_the_backup_list_reads_headers_without_the_key(filled: Store, data_dir: Path) -> None:
    first = make_backup(filled, data_dir, kind="auto")
    fill_more(filled)
    second = make_backup(filled, data_dir, kind="manual")
    listed = list_backups(data_dir)
    assert [b.path for b in listed] == [second.path, first.path]
    assert listed[0].counts["compounds"] == 4 and listed[1].counts["compounds"] == 3
    assert listed[0].kind == "manual" and listed[0].size == second.path.stat().st_size
    assert all(b.problem is None for b in listed)
    if os.name == "posix":
        assert (data_dir / "backups").stat().st_mode & 0o777 == 0o700
        assert second.path.stat().st_mode & 0o777 == 0o600


def fill_more(store: Store) -> None:
    from sqlalchemy import select

    from db.models import Community, Compound

    with store.transaction() as session:
        community = session.scalars(select(Community)).first()
        assert community is not None
        session.add(Compound(community_id=community.id, name="新小区"))


@pytest.mark.parametrize("damage", ["flip_body", "flip_header", "flip_trailer", "truncate",
                                    "truncate_at_chunk", "append"])
def test_a_damaged_backup_is_refused_and_nothing_is_written(
    filled: Store, data_dir: Path, tmp_path: Path, damage: str,
) -> None:
    backup = make_backup(filled, data_dir).path
    filled.close()
    data = bytearray(backup.read_bytes())
    opened = container.read_header(backup)
    if damage == "flip_body":
        data[opened.body_start + len(data) // 3] ^= 0x01
    elif damage == "flip_header":
        data[opened.body_start - 5] ^= 0x01
    elif damage == "flip_trailer":
        data[-1] ^= 0x80
    elif damage == "truncate":
        del data[len(data) // 2:]
    elif damage == "truncate_at_chunk":
        del data[opened.body_start + container.PREFIX + container.CHUNK + container.TAG:]
    else:
        data += b"\x00"
    bad = tmp_path / "bad.cdbackup"
    bad.write_bytes(bytes(data))
    target = tmp_path / "target"
    result = run_main("restore", str(bad), data_dir=target)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "没有恢复任何内容" in result.stderr, result.stderr
    assert not target.exists() or snapshot_of(target) == {}


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 a zip file", os.urandom(5000),
                                     container.MAGIC],
                         ids=["empty", "zip", "random", "magic-only"])
def test_a_foreign_file_is_refused(tmp_path: Path, content: bytes) -> None:
    foreign = tmp_path / "foreign.cdbackup"
    foreign.write_bytes(content)
    result = run_main("restore", str(foreign), data_dir=tmp_path / "target")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "没有恢复任何内容" in result.stderr, result.stderr
    assert not (tmp_path / "target" / STORE_FILENAME).exists()


def test_a_backup_sealed_with_a_key_this_computer_lacks_is_refused(
    filled: Store, data_dir: Path, tmp_path: Path,
) -> None:
    backup = make_backup(filled, data_dir).path
    filled.close()
    marker = keys.read_marker(data_dir)
    assert marker is not None
    # The backup travels to a computer whose keyring never held that store's key.
    keyring.delete_password(keys.KEYRING_SERVICE, marker.account)
    target = tmp_path / "elsewhere"
    with pytest.raises(BadInput, match="另一台电脑"):
        restore(backup, target)
    assert not (target / STORE_FILENAME).exists()


def test_a_backup_whose_key_id_differs_is_refused(filled: Store, data_dir: Path,
                                                  tmp_path: Path) -> None:
    """A file re-sealed with another key but the same store id: the header's key id tells."""
    backup = make_backup(filled, data_dir).path
    filled.close()
    opened = container.read_header(backup)
    forged = tmp_path / "forged.cdbackup"
    with forged.open("wb") as out:
        header = {k: v for k, v in opened.header.items() if k not in ("format", "key_id", "chunk")}
        writer = container.SealingWriter(out, os.urandom(32), header)
        writer.write(b"Z")
        writer.finish()
    with pytest.raises(BadInput, match="另一份数据的密钥"):
        restore(forged, data_dir, replace=True)


def test_restore_refuses_a_folder_with_data_unless_replace(
    filled: Store, data_dir: Path, tmp_path: Path,
) -> None:
    backup = make_backup(filled, data_dir).path
    fill_more(filled)
    filled.close()
    before = snapshot_of(data_dir)
    refused = run_main("restore", str(backup), data_dir=data_dir)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    assert snapshot_of(data_dir) == before

    replaced = run_main("restore", str(backup), "--replace", "--json", data_dir=data_dir)
    assert replaced.returncode == 0, replaced.stderr
    kept = Path(json.loads(replaced.stdout)["previous_kept_as"])
    assert kept.parent == data_dir / "backups"
    listed = {b.path: b for b in list_backups(data_dir)}
    assert listed[kept].kind == "before_restore" and listed[kept].counts["compounds"] == 4
    store = open_store(data_dir)
    try:
        assert counts_of(store) == 3
    finally:
        store.close()
    # The replaced data comes back from the backup kept of it.
    again = run_main("restore", str(kept), "--replace", data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    store = open_store(data_dir)
    try:
        assert counts_of(store) == 4
    finally:
        store.close()


def counts_of(store: Store) -> int:
    from sqlalchemy import func, select

    from db.models import Compound

    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Compound)) or 0)


def test_a_restored_store_pulls_everything_again(filled: Store, data_dir: Path) -> None:
    with filled.transaction() as session:
        set_setting(session, sync_keys.CURSOR, "4711")
    backup = make_backup(filled, data_dir).path
    filled.close()
    done = restore(backup, data_dir, replace=True)
    store = open_store(data_dir)
    try:
        with store.session() as session:
            assert get_setting(session, sync_keys.CURSOR) == "0"
            assert get_setting(session, RESTORED_SETTING) == done.created
    finally:
        store.close()


def test_backup_to_a_named_file_and_refusals_of_the_target(filled: Store, data_dir: Path,
                                                           tmp_path: Path) -> None:
    filled.close()
    target = tmp_path / "copy.cdbackup"
    assert run_main("backup", "-o", str(target), data_dir=data_dir).returncode == 0
    assert container.read_header(target).header["kind"] == "manual"
    again = run_main("backup", "-o", str(target), data_dir=data_dir)
    assert again.returncode == 2 and "已存在" in again.stderr
    missing = run_main("backup", "-o", str(tmp_path / "no" / "x.cdbackup"), data_dir=data_dir)
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_two_backups_in_one_second_are_both_kept(filled: Store, data_dir: Path) -> None:
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 3, 9, 30, 5, tzinfo=UTC)
    first = make_backup(filled, data_dir, kind="auto", now=moment)
    second = make_backup(filled, data_dir, kind="auto", now=moment)
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_a_passphrase_store_restores_into_a_new_folder_with_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No keyring on this computer: the store is keyed by a passphrase; its backup restores into
    another folder when that passphrase is given, and a wrong one is refused, nothing written."""
    from keyring.backends import fail

    from app.store_key import set_passphrase_source

    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the test keyring back
    typed = ["richtige Passphrase 8"]
    set_passphrase_source(lambda _folder, _new: typed[0])
    try:
        store = open_store(tmp_path / "laptop", actor="tester")
        fill(store, ["万科城"])
        backup = make_backup(store, tmp_path / "laptop").path
        store.close()
        assert container.read_header(backup).header["key_mode"] == keys.MODE_PASSPHRASE

        typed[0] = "a wrong passphrase"
        with pytest.raises(BadInput, match="口令不对"):
            restore(backup, tmp_path / "wrong")
        assert not (tmp_path / "wrong" / STORE_FILENAME).exists()

        typed[0] = "richtige Passphrase 8"
        restore(backup, tmp_path / "new")
        keys.forget(tmp_path / "new")  # a later start asks for the passphrase again
        again = open_store(tmp_path / "new")
        try:
            assert counts_of(again) == 1
        finally:
            again.close()
    finally:
        set_passphrase_source(None)


def test_any_flipped_bit_anywhere_is_refused(filled: Store, data_dir: Path, tmp_path: Path) -> None:
    """Every byte of the file is covered: magic, header, nonce prefix, chunks, tags, checksum."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.backups.keys import backup_key
    from app.backups.restoring import check

    backup = make_backup(filled, data_dir).path
    good = backup.read_bytes()
    key = backup_key(data_dir)
    check(backup, key)  # the intact file passes
    bad = tmp_path / "bad.cdbackup"

    @settings(max_examples=60, deadline=None)
    @given(st.integers(0, len(good) - 1), st.integers(0, 7))
    def flipped(index: int, bit: int) -> None:
        data = bytearray(good)
        data[index] ^= 1 << bit
        bad.write_bytes(bytes(data))
        with pytest.raises(BadInput):
            check(bad, key)

    flipped()


def test_a_store_that_no_longer_opens_is_replaced_and_kept_aside(
    filled: Store, data_dir: Path, tmp_path: Path,
) -> None:
    """What a restore is for: the store file is damaged. Without --replace nothing happens; with
    it the damaged file is renamed (never deleted) and the backup restored."""
    backup = make_backup(filled, data_dir).path
    filled.close()
    store_file = data_dir / STORE_FILENAME
    damaged = os.urandom(store_file.stat().st_size)
    store_file.write_bytes(damaged)
    refused = run_main("restore", str(backup), data_dir=data_dir)
    assert refused.returncode == 2 and "--replace" in refused.stderr, refused.stderr
    assert store_file.read_bytes() == damaged

    done = run_main("restore", str(backup), "--replace", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    kept = Path(json.loads(done.stdout)["previous_kept_as"])
    assert kept.name.startswith(f"{STORE_FILENAME}.unopenable-") and kept.read_bytes() == damaged
    store = open_store(data_dir)
    try:
        assert counts_of(store) == 3
    finally:
        store.close()


def test_replace_without_the_current_stores_passphrase_refuses_and_sets_nothing_aside(
    tmp_path: Path,
) -> None:
    """`restore --replace` asks the backup's passphrase, then the current store's (to keep it as
    a backup first). Not typing or mistyping the second is the person's slip, not a damaged
    store: refused, the current store left where it is, nothing renamed, no marker replaced."""
    from keyring.backends import fail

    from app.store_key import set_passphrase_source

    keyring.set_keyring(fail.Keyring())  # the autouse fixture puts the test keyring back
    answers: list[str] = []
    set_passphrase_source(lambda _folder, _new: answers.pop(0) if answers else "")
    try:
        answers[:] = ["current store passphrase"]
        current = open_store(tmp_path / "laptop", actor="tester")
        fill(current, ["万科城"])
        current.close()
        answers[:] = ["other store passphrase"]
        other = open_store(tmp_path / "other", actor="tester")
        fill(other, ["中央花园"])
        backup = make_backup(other, tmp_path / "other").path
        other.close()
        for folder in (tmp_path / "laptop", tmp_path / "other"):
            keys.forget(folder)
        before = snapshot_of(tmp_path / "laptop")

        for second in ("", "a mistyped passphrase"):
            answers[:] = ["other store passphrase", second]
            with pytest.raises(keys.StoreKeyError) as refused:
                restore(backup, tmp_path / "laptop", replace=True)
            assert refused.value.code in keys.PASSPHRASE_REFUSALS
            assert snapshot_of(tmp_path / "laptop") == before
            assert not list((tmp_path / "laptop").glob("*.unopenable-*"))
            keys.forget(tmp_path / "laptop")
    finally:
        set_passphrase_source(None)


def test_a_folder_given_as_the_backup_is_named_as_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as refused:
        restore(tmp_path, tmp_path / "new")
    assert refused.value.code == "backup.not_a_file"
    assert not (tmp_path / "new").exists()
