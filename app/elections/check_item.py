"""One checkpoint condition (Check), on its own so the modules that compute checks
(app/elections/checks.py, app/elections/procedure.py) import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from app.messages import Problem
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
    # the title and the finding as catalogue codes, for a screen in another language (the
    # Chinese `title`/`detail` above are what is stored and signed)
    title_msg: Problem | None = None
    detail_msg: Problem | None = None

    @property
    def blocks(self) -> bool:
        return not self.passed and not self.flag_only
