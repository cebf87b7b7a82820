"""Search keys for Chinese names: the text itself, full pinyin and pinyin initials.

Typing `dwy` or `diwuyuan` finds 第五园. Keys are computed once per row and matching is a plain
substring test on the precomputed key.

Readings come from pypinyin's single-character dictionary, without its phrase dictionary and
segmenter (those cost about a second to load at every start). Instead of guessing the one
phrase-correct reading, a polyphonic character contributes every reading: the key holds the text
spelled with each character's most common reading, plus one spelling per other reading of each
character (so 重庆 is found by `chongqing` as well as `zhongqing`).

The readings of the characters seen and the keys of the texts seen are kept in a JSON cache (the
UI keeps one in the data dir), so a later start neither loads the dictionary nor rebuilds the keys
of thousands of names and addresses.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

SEPARATOR = "\x1f"  # never typed, so a query cannot match across two parts of a key
CACHE_VERSION = 2

_lock = threading.Lock()
_known: dict[str, tuple[str, ...]] = {}  # character -> tone-less readings, most common first
_dictionary: dict[str, str] | None = None  # code point (str) -> "dì,de": pypinyin's data
_keys: dict[str, str] = {}  # text -> its key (see text_key)
_used: set[str] = set()  # texts whose key was asked for since start: what the cache keeps
_unsaved = False


def _pypinyin_dictionary() -> dict[str, str]:
    """pypinyin's single-character dictionary, read without importing pypinyin's phrase data."""
    global _dictionary
    if _dictionary is None:
        import importlib.util

        spec = importlib.util.find_spec("pypinyin")
        locations = list(spec.submodule_search_locations or []) if spec else []
        data = Path(locations[0]) / "pinyin_dict.json" if locations else None
        if data is not None and data.is_file():
            _dictionary = json.loads(data.read_text(encoding="utf-8"))
        else:  # a packaging that moved the data file: the module API has it too
            from pypinyin.pinyin_dict import pinyin_dict

            _dictionary = {str(k): v for k, v in pinyin_dict.items()}
    return _dictionary


def _toneless(reading: str) -> str:
    """`lǜ` → `lv`, `zhòng` → `zhong` (pypinyin's NORMAL style writes ü as v)."""
    text = unicodedata.normalize("NFKD", reading.strip().lower()).replace("u\u0308", "v")
    return "".join(c for c in text if not unicodedata.combining(c))


def readings(char: str) -> tuple[str, ...]:
    """The tone-less readings of one character, most common first; () when it has none."""
    found = _known.get(char)
    if found is not None:
        return found
    global _unsaved
    with _lock:
        raw = _pypinyin_dictionary().get(str(ord(char)), "")
        unique = dict.fromkeys(_toneless(r) for r in raw.split(",") if r.strip())
        found = tuple(r for r in unique if r)
        _known[char] = found
        _unsaved = True
    return found


def _segments(text: str) -> list[tuple[bool, str]]:
    """`text` lower-cased and cut into (is Chinese, run) pieces."""
    pieces: list[tuple[bool, str]] = []
    for char in text.lower():
        chinese = ord(char) > 0x2E7F and bool(readings(char))
        if pieces and pieces[-1][0] == chinese:
            pieces[-1] = (chinese, pieces[-1][1] + char)
        else:
            pieces.append((chinese, char))
    return pieces


@lru_cache(maxsize=20_000)
def _run_spellings(run: str) -> tuple[tuple[str, str], ...]:
    """(full, initials) spellings of a run of Chinese characters: the most common reading of
    each first, then one spelling per other reading of each polyphonic character. Cached: road
    and estate names repeat across thousands of addresses."""
    choices = [readings(char) for char in run]
    primary = [options[0] for options in choices]
    spellings = [primary]
    for position, options in enumerate(choices):
        for other in options[1:]:
            spellings.append([*primary[:position], other, *primary[position + 1:]])
    return tuple(("".join(s), "".join(syllable[0] for syllable in s)) for s in spellings)


def pinyin_spellings(text: str) -> list[tuple[str, str]]:
    """(full pinyin, initials) spellings of `text`: the most common reading of every character
    first, then one spelling per other reading of each polyphonic character. Other text (digits,
    Latin letters) is kept as one syllable, spaces dropped."""
    parts: list[tuple[tuple[str, str], ...]] = []
    for chinese, run in _segments(text):
        if chinese:
            parts.append(_run_spellings(run))
        elif run.strip():
            compact = run.replace(" ", "")
            parts.append(((compact, compact[0]),))
    if not parts:
        return []
    primary = [options[0] for options in parts]
    spellings = [primary]
    for position, options in enumerate(parts):
        for other in options[1:]:
            spellings.append([*primary[:position], other, *primary[position + 1:]])
    return [("".join(f for f, _ in s), "".join(i for _, i in s)) for s in spellings]


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of `text` with the most common readings, lower case, no spaces."""
    spellings = pinyin_spellings(text)
    return spellings[0] if spellings else ("", "")


def text_key(text: str) -> str:
    """The key of one text: itself, then its full-pinyin spellings, then their initials."""
    global _unsaved
    _used.add(text)
    key = _keys.get(text)
    if key is None:
        spellings = pinyin_spellings(text)
        parts = [text.lower().replace(" ", "")]
        parts += [full for full, _ in spellings]
        parts += [initials for _, initials in spellings]
        key = _keys[text] = SEPARATOR.join(dict.fromkeys(p for p in parts if p))
        _unsaved = True
    return key


def search_key(*texts: str | None) -> str:
    """One lower-case key holding each text, its pinyin spellings and their initials."""
    return SEPARATOR.join(text_key(text) for text in texts if text)


def normalize_query(query: str) -> str:
    return query.strip().lower().replace(" ", "")


def matches(key: str, query: str) -> bool:
    """True when the normalised query occurs in the key (an empty query matches everything)."""
    needle = normalize_query(query)
    return not needle or needle in key


# ----- the cache ---------------------------------------------------------------------------

def load_cache(path: Path) -> None:
    """Remember the readings and keys cached at `path` (a missing or damaged cache is ignored)."""
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(cached, dict) or cached.get("version") != CACHE_VERSION:
        return
    chars, keys = cached.get("readings"), cached.get("keys")
    with _lock:
        if isinstance(chars, dict):
            for char, known in chars.items():
                if isinstance(char, str) and isinstance(known, list):
                    _known.setdefault(char, tuple(str(r) for r in known))
        if isinstance(keys, dict):
            for text, key in keys.items():
                if isinstance(text, str) and isinstance(key, str):
                    _keys.setdefault(text, key)


def save_cache(path: Path) -> None:
    """Write the cache if something was learnt: every character's readings and the keys of the
    texts asked for since start (so names and addresses no longer used drop out). Best effort:
    it is only a cache."""
    global _unsaved
    with _lock:
        if not _unsaved:
            return
        payload = {"version": CACHE_VERSION,
                   "readings": {c: list(r) for c, r in sorted(_known.items())},
                   "keys": {t: _keys[t] for t in sorted(_used) if t in _keys}}
        _unsaved = False
    if _beside_encrypted_store(path):
        del payload["keys"]  # the texts are names and addresses: not beside an encrypted store
    try:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        temp = path.with_name(path.name + ".tmp")
        descriptor = os.open(temp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        temp.replace(path)
    except OSError:
        pass


def _beside_encrypted_store(path: Path) -> bool:
    """True when the cache sits in an encrypted store's data folder: then it keeps only each
    character's readings (a dictionary, nothing of a person), never the searched texts' keys,
    which are names and addresses. Sealing it instead would load the cryptography library at
    every start."""
    from db.keys import read_marker

    try:
        return read_marker(path.parent) is not None
    except Exception:  # a damaged marker: keep nothing personal either
        return True
