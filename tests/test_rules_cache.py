"""The rules in force come from a cache once validated (a fresh `main.py notice …` must not import
pydantic), and the cache is never believed over the file: an edited rule, a broken edit, another
app version or a damaged entry all lead back to validating the file itself."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import rules_cache
from app.rules import DEFAULT_RULES, RulesError, load_rules, load_rules_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of its own, and no rules remembered in this process."""
    monkeypatch.setenv(rules_cache.CACHE_ENV, str(tmp_path / "cache"))
    load_rules.cache_clear()
    yield tmp_path / "cache" / "rules"
    load_rules.cache_clear()


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    copy = tmp_path / "district.toml"
    copy.write_bytes(DEFAULT_RULES.read_bytes())
    return copy


def _fresh() -> None:
    load_rules.cache_clear()  # forget the process's copy: the next load goes to the disk cache


def test_cached_rules_equal_the_validated_file(cache: Path, rules_file: Path) -> None:
    first = load_rules(rules_file)
    assert rules_cache.cache_file(rules_file).is_file()
    _fresh()
    again = load_rules(rules_file)
    assert again is not first  # rebuilt from the cache entry…
    assert again == first == load_rules_file(rules_file)  # …to exactly the validated rules
    assert again.path == rules_file


def test_an_edited_rules_file_is_validated_again(cache: Path, rules_file: Path) -> None:
    assert load_rules(rules_file).committee.max_size != 13
    text = rules_file.read_text(encoding="utf-8")
    edited = text.replace("max_size = ", "max_size = 13 #", 1)
    assert edited != text
    rules_file.write_text(edited, encoding="utf-8")
    _fresh()
    assert load_rules(rules_file).committee.max_size == 13


def test_a_broken_edit_is_refused_not_hidden_by_the_cache(cache: Path, rules_file: Path) -> None:
    load_rules(rules_file)
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(text.replace("odd = ", "odd = 7 #", 1), encoding="utf-8")
    _fresh()
    with pytest.raises(RulesError, match=r"committee\.odd"):
        load_rules(rules_file)


def test_a_missing_rules_file_is_an_error_even_with_a_cache(cache: Path, rules_file: Path) -> None:
    load_rules(rules_file)
    rules_file.unlink()
    _fresh()
    with pytest.raises(RulesError, match="找不到"):
        load_rules(rules_file)


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_entry_is_rebuilt(cache: Path, rules_file: Path, damage: str) -> None:
    good = load_rules(rules_file)
    entry = rules_cache.cache_file(rules_file)
    blob = bytearray(entry.read_bytes())
    if damage == "flip":
        blob[len(blob) // 2] ^= 0x40
    elif damage == "truncate":
        del blob[len(blob) // 3:]
    elif damage == "garbage":
        blob = bytearray(b"\x00\xff" * 100)
    else:
        blob = bytearray()
    entry.write_bytes(bytes(blob))
    key = rules_cache.key_of(rules_file, rules_file.read_bytes())
    assert rules_cache.read(entry, key) is None  # the damaged entry is not believed
    _fresh()
    assert load_rules(rules_file) == good
    assert rules_cache.read(entry, key) == good  # and it was written again, whole


def test_an_entry_of_another_app_version_is_refused(cache: Path, rules_file: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    raw = rules_file.read_bytes()
    load_rules(rules_file)
    entry = rules_cache.cache_file(rules_file)
    before = rules_cache.key_of(rules_file, raw)
    monkeypatch.setattr(rules_cache, "__version__", "99.0")
    after = rules_cache.key_of(rules_file, raw)
    assert after != before
    assert rules_cache.read(entry, after) is None


def test_an_entry_naming_a_class_outside_the_rules_is_refused(cache: Path,
                                                              rules_file: Path) -> None:
    """The payload is data: it can only rebuild the rules' own dataclasses."""
    import hashlib
    import marshal

    key = rules_cache.key_of(rules_file, rules_file.read_bytes())
    body = marshal.dumps((key, ("D", "subprocess.Popen", [("args", "true")])))
    entry = rules_cache.cache_file(rules_file)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(rules_cache.MAGIC + hashlib.sha256(body).digest() + body)
    assert rules_cache.read(entry, key) is None
    assert load_rules(rules_file) == load_rules_file(rules_file)


def test_an_unwritable_cache_folder_still_loads(tmp_path: Path, rules_file: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(rules_cache.CACHE_ENV, str(blocker))
    load_rules.cache_clear()
    try:
        assert load_rules(rules_file) == load_rules_file(rules_file)
    finally:
        load_rules.cache_clear()


def test_a_fresh_process_reads_the_rules_without_pydantic(tmp_path: Path) -> None:
    """What the printing path pays: after one validation, the rules load from the cache and
    pydantic is never imported."""
    env = {**os.environ, rules_cache.CACHE_ENV: str(tmp_path)}
    probe = ("import sys; from app.rules import load_rules; r = load_rules(); "
             "print(r.name, 'pydantic' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(2)]
    assert runs[0][-1] == "True"  # the first run validated the file
    assert runs[1][-1] == "False" and runs[1][0] == runs[0][0]
