"""Rules file section `[term]`: the committee after the vote: term, first meeting, alternates and vacancies, the 换届 countdown, filing materials.

The file's shape is a pydantic model (unknown keys refused, see app/rulesfile.py); `build`
turns it into the frozen dataclass the workflow reads from `Rules.term`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.rulesfile import RuleModel


class TermRulesModel(RuleModel):
    """The `[term]` tables of the rules file."""


@dataclass(frozen=True)
class TermRules:
    """What the workflow reads of `[term]`."""


def build(model: TermRulesModel) -> TermRules:
    return TermRules()
