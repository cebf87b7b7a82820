"""The app's log: named loggers per layer under `compound_desk` (compound_desk.app.sync, …),
written to a rotating file in the platform's log folder, and a crash file that `faulthandler`
fills when the interpreter itself dies (in the windowed build sys.stderr is None, so without a
file a fatal error would leave no trace).

What goes in: what the app did (synced N rows, imported a file, printed a kind, migrated, signed
off) and every unexpected error with its traceback — never passwords, tokens, keys or owners'
personal data; callers log ids and counts, not names or phone numbers."""

from __future__ import annotations

import atexit
import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import IO

ROOT = "compound_desk"
LOG_DIR_ENV = "COMPOUND_DESK_LOG_DIR"
LOG_FILE = "compound-desk.log"
CRASH_FILE = "crash.log"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_crash_file: IO[str] | None = None


def log_dir() -> Path:
    """The platform's log folder for the app (or COMPOUND_DESK_LOG_DIR)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    from app.paths import APP_NAME

    return Path(user_log_dir(APP_NAME, appauthor=False))


def get(name: str) -> logging.Logger:
    """The logger of one part: get("app.sync") → compound_desk.app.sync."""
    return logging.getLogger(f"{ROOT}.{name}")


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)


def _private_file(path: Path) -> None:
    if not path.exists():
        path.touch()
    if os.name == "posix":
        path.chmod(0o600)


def setup(level: str = "INFO", directory: Path | None = None) -> Path:
    """Send `compound_desk.*` to the rotating log file (once per process; a later call only
    changes the level) and write fatal crashes to crash.log. Returns the log file."""
    global _crash_file
    folder = directory or log_dir()
    root = logging.getLogger(ROOT)
    root.setLevel(level if level in LEVELS else "INFO")
    target = folder / LOG_FILE
    if any(getattr(h, "baseFilename", "") == str(target) for h in root.handlers):
        return target
    for handler in list(root.handlers):  # a new folder (tests, another data dir) replaces the old
        root.removeHandler(handler)
        handler.close()
    _private_dir(folder)
    _private_file(target)
    handler = logging.handlers.RotatingFileHandler(target, maxBytes=MAX_BYTES,
                                                   backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.propagate = False
    crash = folder / CRASH_FILE
    _private_file(crash)
    if _crash_file is None:
        atexit.register(_close_crash_file)
    else:
        _crash_file.close()
    _crash_file = crash.open("a", encoding="utf-8")
    faulthandler.enable(file=_crash_file, all_threads=True)
    return target


def _close_crash_file() -> None:
    """At exit: stop writing fatal errors to the file before it is closed."""
    global _crash_file
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None


def tail(lines: int = 40, directory: Path | None = None) -> str:
    """The last lines of the log, for a crash report's 详细信息."""
    path = (directory or log_dir()) / LOG_FILE
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def log_unexpected(where: str, exc: BaseException) -> None:
    """An error nobody expected, with its traceback, under the part it came from."""
    get(where).error("unexpected %s", type(exc).__name__, exc_info=(type(exc), exc, exc.__traceback__))
    if sys.stderr is not None:  # a console run also shows it; the windowed build has none
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
