"""Ending the process when a read-only worker is still running at quit.

A worker left running is a daemon thread, often inside SQLCipher (opening a connection derives
its key with OpenSSL's PBKDF2, without the interpreter lock). A normal exit runs the C exit
handlers, OpenSSL's clean-up among them, while that thread still uses it: the key derivation
fails or the process dies of a segmentation fault after the window has closed. Such a reader
holds nothing worth keeping, so once what matters is saved (settings, logs, output) the
process leaves at once, without those handlers."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from typing import NoReturn

from PySide6.QtCore import QSettings


def lingering_workers() -> list[threading.Thread]:
    """Daemon threads other than this one that are still running."""
    here = threading.current_thread()
    return [t for t in threading.enumerate() if t is not here and t.daemon and t.is_alive()]


def leave_now(code: int, settings: QSettings) -> NoReturn:
    """Save the settings, flush the logs and the output, and end the process with `code`."""
    settings.sync()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
