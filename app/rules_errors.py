"""The two errors of every rules file, apart from the pydantic models that validate it: the
rules in force load from a cache without pydantic (app/rules_cache.py), yet still raise these."""

from __future__ import annotations

from app.errors import BadInput


class RulesFileError(BadInput):
    """A rules file is missing, unreadable or wrong; the message names the file and the key."""


class RuleProblem(Exception):
    """Raised inside a validator for a check that spans keys; carries the key to name.

    Not a ValueError on purpose: pydantic passes it through unwrapped, so the key stays exact.
    """

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem
