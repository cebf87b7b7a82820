"""What work a compound's lifecycle stage calls for ([procedure.lifecycle] in the rules file):
孕育期/出生期 the first assembly is prepared; 拆迁改造期 no election is started. The election
service refuses a kind the stage does not allow; the compound page and audit show the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.messages import Problem, problem
from db.models import Compound

if TYPE_CHECKING:  # app.rules loads pydantic: only when an election is started or audited
    from app.rules import Rules
    from app.rules_procedure import LifecycleStage

KIND_NAMES = {"first": "首次选举", "reelection": "换届选举", "by_election": "补选", "early": "提前换届"}


def stage_rules(compound: Compound, rules: Rules | None = None) -> LifecycleStage | None:
    if rules is None:
        from app.rules import load_rules

        rules = load_rules()
    return rules.procedure.stage(compound.lifecycle_stage)


def expected_work(compound: Compound, rules: Rules | None = None) -> tuple[str, ...]:
    """The work the street office expects at this compound's stage (empty when the rules say none)."""
    stage = stage_rules(compound, rules)
    return stage.expected if stage else ()


def election_start_problem(compound: Compound, kind: str, rules: Rules | None = None
                           ) -> Problem | None:
    """Why an election of `kind` may not start at this compound's lifecycle stage, or None."""
    stage = stage_rules(compound, rules)
    if stage is None or kind in stage.elections:
        return None
    if not stage.elections:
        return problem("lifecycle.no_elections", stage=stage.stage, source=stage.origin.source)
    return problem("lifecycle.kind_not_allowed", stage=stage.stage,
                   allowed=[KIND_NAMES.get(k, k) for k in stage.elections],
                   kind=KIND_NAMES.get(kind, kind), source=stage.origin.source)
