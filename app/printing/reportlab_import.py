"""Importing reportlab's paragraph module without its slowest line.

`reportlab.platypus.paragraph` compiles, when imported, a case-insensitive URL pattern with
`\\xa1-\\uffff` character ranges; CPython's regex compiler case-folds every one of those 65 000
characters, which takes 60–170 ms — the largest single cost of importing reportlab, paid before
the first notice of every process. The pattern is only used to split long URLs at a line end.
`import_paragraph()` imports the module with such patterns compiled on first use instead; every
other pattern, and every `re.compile` after the import, is left alone.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from typing import Any

PARAGRAPH_MODULE = "reportlab.platypus.paragraph"
_WIDE_RANGE = "\xa1-\uffff"


class LazyPattern:
    """A compiled pattern that is compiled the first time it is used."""

    def __init__(self, pattern: str, flags: int, compile_: Callable[[str, int], re.Pattern[str]]):
        self.pattern = pattern
        self.flags = flags
        self._compile = compile_
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def compiled(self) -> re.Pattern[str]:
        with self._lock:
            if self._compiled is None:
                self._compiled = self._compile(self.pattern, self.flags)
            return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def _is_slow(pattern: object, flags: int) -> bool:
    return isinstance(pattern, str) and bool(flags & re.IGNORECASE) and _WIDE_RANGE in pattern


_import_lock = threading.Lock()


def import_paragraph() -> None:
    """Import reportlab's paragraph module (once) with its slow patterns compiled lazily."""
    if PARAGRAPH_MODULE in sys.modules:
        return
    with _import_lock:
        if PARAGRAPH_MODULE in sys.modules:
            return
        original = re.compile

        def compile_lazily(pattern: Any, flags: int = 0) -> Any:
            if _is_slow(pattern, flags):
                return LazyPattern(pattern, flags, original)
            return original(pattern, flags)

        re.compile = compile_lazily
        try:
            __import__(PARAGRAPH_MODULE)
        finally:
            re.compile = original
