"""The rules in force, validated once and then read from a cache: validating the rules file
imports pydantic and builds ~40 schema classes (~0.1 s), which a fresh `main.py notice …` cannot
afford on every start.

A cache entry is used only when its key matches: the rules file's path and exact bytes, the app
version and the source of the rules code. Anything else — another file, an edited rule, a newer
app, a truncated or flipped byte (the payload carries its SHA-256) — and the file is validated
again as if no cache existed, and the entry rewritten. The payload is `marshal` data of plain
values (no pickle: loading it runs no code), rebuilt into the dataclasses of app/rules*.py only;
it is no more trusted than the rules file beside the app.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from app import __version__, rule_source, rules, rules_kinds, rules_procedure, rules_term
from app.messages import problem

CACHE_ENV = "COMPOUND_DESK_CACHE_DIR"  # where caches go instead of the platform's cache folder
MAGIC = b"CDrules1"
_DIGEST = hashlib.sha256().digest_size
# The code that shapes Rules: an edit to any of them (a checkout, not just a release) refuses
# entries made by the code before it.
_CODE = ("rules.py", "rules_cache.py", "rules_kinds.py", "rules_term.py", "rules_procedure.py",
         "rule_source.py", "rules_schema.py", "rules_kinds_schema.py", "rules_term_schema.py",
         "rules_procedure_schema.py", "rulesfile.py", "rules_errors.py")
_CLASSES: dict[str, type] = {
    f"{module.__name__}.{value.__qualname__}": value
    for module in (rules, rules_kinds, rules_term, rules_procedure, rule_source)
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
    and value.__module__ == module.__name__
}
_cache_dir: Path | None = None


class NotCacheable(TypeError):
    """The rules hold a value the cache cannot write (then they are simply not cached)."""


def use_cache_dir(directory: Path | None) -> None:
    """Keep the cache in `directory` (None: the platform's cache folder, or $COMPOUND_DESK_CACHE_DIR)."""
    global _cache_dir
    _cache_dir = directory


def cache_dir() -> Path:
    """The user's cache folder for the app, as platformdirs.user_cache_dir names it (without
    importing platformdirs: ~15 ms of a fresh start)."""
    if _cache_dir is not None:
        return _cache_dir
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / "rules"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "CompoundDesk" / "Cache" / "rules"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "CompoundDesk" / "rules"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "CompoundDesk" / "rules"


def cache_file(path: Path) -> Path:
    """One entry per rules file (by its full path), so two files do not evict each other."""
    name = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:24]
    return cache_dir() / f"{name}.marshal"


def key_of(path: Path, raw: bytes) -> bytes:
    """What an entry must have been made from: the file's path and bytes, the app version and
    the rules code (its source when readable; a frozen bundle changes only with its version)."""
    h = hashlib.sha256()
    h.update(f"{MAGIC!r}\0{__version__}\0{path.resolve()}\0".encode())
    h.update(raw)
    here = Path(__file__).resolve().parent
    for name in _CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.digest()


def encode(value: Any) -> Any:
    """Rules as marshal-able plain values; every tuple in the result is a tag."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Fraction):
        return ("F", value.numerator, value.denominator)
    if isinstance(value, Decimal):
        return ("N", str(value))
    if isinstance(value, Path):
        return ("P", str(value))
    if isinstance(value, tuple):
        return ("T", [encode(item) for item in value])
    if isinstance(value, list):
        return ("L", [encode(item) for item in value])
    if isinstance(value, dict):
        return ("M", [(encode(k), encode(v)) for k, v in value.items()])
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if _CLASSES.get(name) is type(value) and dataclasses.is_dataclass(value):
        fields = [(f.name, encode(getattr(value, f.name))) for f in dataclasses.fields(value)]
        return ("D", name, fields)
    raise NotCacheable(f"cannot cache a {name}")


def decode(data: Any) -> Any:
    """The values `encode` wrote; a class outside app/rules*.py or a wrong field raises."""
    if not isinstance(data, tuple):
        if data is None or isinstance(data, bool | int | float | str):
            return data
        raise ValueError(problem("rules.cache_damaged", what=type(data).__name__))
    tag = data[0]
    if tag == "F":
        return Fraction(data[1], data[2])
    if tag == "N":
        return Decimal(data[1])
    if tag == "P":
        return Path(data[1])
    if tag == "T":
        return tuple(decode(item) for item in data[1])
    if tag == "L":
        return [decode(item) for item in data[1]]
    if tag == "M":
        return {decode(k): decode(v) for k, v in data[1]}
    if tag == "D":
        cls = _CLASSES[data[1]]
        return cls(**{str(name): decode(item) for name, item in data[2]})
    raise ValueError(problem("rules.cache_damaged", what=repr(tag)))


def read(file: Path, key: bytes) -> rules.Rules | None:
    """The cached rules of `key`, or None when missing, stale, corrupt or of another shape."""
    try:
        blob = file.read_bytes()
    except OSError:
        return None
    head, digest, body = blob[:len(MAGIC)], blob[len(MAGIC):len(MAGIC) + _DIGEST], \
        blob[len(MAGIC) + _DIGEST:]
    if head != MAGIC or hashlib.sha256(body).digest() != digest:
        return None
    try:
        stored_key, payload = marshal.loads(body)
        if stored_key != key:
            return None
        loaded = decode(payload)
    except Exception:  # any fault in an entry means: validate the file again
        return None
    return loaded if isinstance(loaded, rules.Rules) else None


def write(file: Path, key: bytes, value: rules.Rules) -> None:
    """Store an entry beside its final name, then rename: a reader never sees half of one.
    A cache that cannot be written (read-only home, full disk) only costs the next start."""
    try:
        body = marshal.dumps((key, encode(value)))
    except (NotCacheable, ValueError):
        return
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(temporary, file)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def load(path: Path, raw: bytes, validate: Callable[[], rules.Rules]) -> rules.Rules:
    """The rules of the file `path` whose bytes are `raw`: from the cache when it holds exactly
    these, else `validate()` (which raises on a broken file: nothing is cached then)."""
    key = key_of(path, raw)
    file = cache_file(path)
    cached = read(file, key)
    if cached is not None:
        return cached
    validated = validate()
    write(file, key, validated)
    return validated
