"""Rules file section `[kinds]`: election kinds, each with its own stage list, organiser, checks and deadlines (首次选举, 换届选举, 补选, 提前换届).

The file's shape is a pydantic model (unknown keys refused, see app/rulesfile.py); `build`
turns it into the frozen dataclass the workflow reads from `Rules.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.rulesfile import RuleModel


class KindRulesModel(RuleModel):
    """The `[kinds]` tables of the rules file."""


@dataclass(frozen=True)
class KindRules:
    """What the workflow reads of `[kinds]`."""


def build(model: KindRulesModel) -> KindRules:
    return KindRules()
