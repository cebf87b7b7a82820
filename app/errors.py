"""The two kinds of failure the CLI and the UI tell apart (DESIGN.md's exit codes).

A failure carries a stable `code` and its parameters: the message catalogue
(resources/i18n/errors.toml, app/messages.py) words it in Chinese or English, so each screen
shows it in its own language. `str(error)` is always the Chinese text, for logs and old callers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.messages import Problem, catalogue, render

Term = Callable[[str], str]


class Coded(Exception):
    """A failure raised as `X(code="ballot.duplicate_paper", owner=…)` or `X(problem)`.

    A bare `X("中文")` still works for a caller outside app/ (code None: shown as given).
    """

    code: str | None = None
    params: Mapping[str, Any] = {}

    def __init__(self, message: object = None, /, *, code: str | None = None,
                 **params: Any) -> None:
        if code is None and isinstance(message, Problem):
            code, params = message.code, dict(message.params)
        if code is None:
            super().__init__(*(() if message is None else (message,)))
            return
        self.code = code
        self.params = params
        super().__init__(render(code, params, "zh_CN"))

    def __reduce__(self) -> str | tuple[Any, ...]:
        """Picklable with its code (a worker process hands it back whole)."""
        if self.code is None or type(self).__init__ is not Coded.__init__:
            return super().__reduce__()
        return (_rebuild, (type(self), self.code, dict(self.params)))


def _rebuild(kind: type[Coded], code: str, params: dict[str, Any]) -> Coded:
    return kind(code=code, **params)


class BadInput(Coded):
    """The user's file, field or request is wrong; nothing was changed. CLI exit code 2."""


class WorkFailed(Coded):
    """The work could not be done (server unreachable, conflicts left, store damaged). Exit 1."""


class Cancelled(Exception):
    """The user cancelled a long task; whatever it had not committed is discarded."""


def describe(error: BaseException, locale: str = "zh_CN", term: Term | None = None) -> str:
    """The error's message in `locale` ("zh_CN" or "en"): a coded error through the catalogue
    (domain words through `term` when the catalogue has no English for them), anything else as
    str() — its Chinese text."""
    code = getattr(error, "code", None)
    params = getattr(error, "params", None)
    if isinstance(code, str) and isinstance(params, Mapping) and code in catalogue():
        return render(code, params, locale, term)
    if error.args and isinstance(error.args[0], Problem):  # e.g. ValueError(problem(…))
        return error.args[0].text(locale, term)
    return str(error)


def user_errors() -> tuple[type[Exception], ...]:
    """Failures the person is told in one plain line (no traceback): ours, and the store's own
    file faults (disk full, read-only folder) which db/ raises as StoreFault."""
    from db.engine import StoreFault

    return (BadInput, WorkFailed, StoreFault)
