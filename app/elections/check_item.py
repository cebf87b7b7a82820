"""One checkpoint condition (Check), on its own so the modules that compute checks
(app/elections/checks.py, app/elections/procedure.py) import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from app.rule_source import Source


@dataclass(frozen=True)
class Check:
    """One condition of a checkpoint. `flag_only` checks are shown but never block signing."""

    code: str
    title: str
    passed: bool
    detail: str
    origin: Source
    flag_only: bool = False

    @property
    def blocks(self) -> bool:
        return not self.passed and not self.flag_only
