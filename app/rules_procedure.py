"""Rules file section `[procedure]`: the steps around the vote: owner representatives published, result objection period, candidate conditions, the first assembly's statute votes, lifecycle stages.

The frozen dataclasses the workflow reads from `Rules.procedure`; the file's shape (pydantic)
and `build` are in app/rules_procedure_schema.py, imported only when the rules file is validated.

Every table has a default so an older rules file without `[procedure]` still loads; the
defaults are district settings marked unverified (待核实), never law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.rule_source import Source

UNVERIFIED = "区设置默认值，待区主管部门确认"
LIFECYCLE = ("孕育期", "出生期", "过渡期", "成熟期", "拆迁改造期")  # db.models.geo.LIFECYCLE_STAGES
Kind = Literal["first", "reelection", "by_election", "early"]  # db.models.elections.ELECTION_KINDS
Statute = Literal["management_statute", "procedure_rules"]
ELECTION_KINDS: tuple[Kind, ...] = ("first", "reelection", "by_election", "early")
STATUTES: tuple[Statute, ...] = ("management_statute", "procedure_rules")
# Which candidate fact a condition reads: each names a Candidate column that is True when the
# candidate FAILS the condition (db.models.elections.Candidate).
CONDITION_FIELDS = ("fee_arrears", "works_for_property")


@dataclass(frozen=True)
class DaysRule:
    days: int
    origin: Source


@dataclass(frozen=True)
class CandidateCondition:
    """A candidate condition; `field` is the Candidate column that is True when it fails."""

    key: str
    title: str
    field: str
    mandatory: bool
    origin: Source


@dataclass(frozen=True)
class FirstAssembly:
    statute_votes: tuple[str, ...]
    origin: Source


@dataclass(frozen=True)
class LifecycleStage:
    stage: str
    elections: tuple[str, ...]
    expected: tuple[str, ...]
    origin: Source


@dataclass(frozen=True)
class ProcedureRules:
    """What the workflow reads of `[procedure]`."""

    reps_publication: DaysRule
    result_objection: DaysRule
    candidate_conditions: tuple[CandidateCondition, ...]
    first_assembly: FirstAssembly
    lifecycle: tuple[LifecycleStage, ...]
    # 以居代业: where the compound has no committee the residents' committee stands in its place
    standing_in: Source

    def stage(self, name: str) -> LifecycleStage | None:
        return next((s for s in self.lifecycle if s.stage == name), None)
