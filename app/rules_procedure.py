"""Rules file section `[procedure]`: the steps around the vote: owner representatives published, result objection period, candidate conditions, the first assembly's statute votes, lifecycle stages.

The file's shape is a pydantic model (unknown keys refused, see app/rulesfile.py); `build`
turns it into the frozen dataclass the workflow reads from `Rules.procedure`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.rulesfile import RuleModel


class ProcedureRulesModel(RuleModel):
    """The `[procedure]` tables of the rules file."""


@dataclass(frozen=True)
class ProcedureRules:
    """What the workflow reads of `[procedure]`."""


def build(model: ProcedureRulesModel) -> ProcedureRules:
    return ProcedureRules()
