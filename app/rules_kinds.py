"""Rules file section `[kinds]`: election kinds, each with its own stage list, organiser, checks and deadlines (首次选举, 换届选举, 补选, 提前换届).

The frozen dataclasses the workflow reads from `Rules.kinds`. The file's shape (pydantic, unknown
keys refused) and `build` live in app/rules_kinds_schema.py, imported only when the rules file is
validated. A kind's stage list is a subsequence of db.models.elections.ELECTION_STAGES in that
order, so every stage keeps one place in the order whatever the kind (the server and sync compare
positions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from app.rule_source import Source
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES

# Every kind passes these; the optional stages are the timing checkpoint and the group.
REQUIRED_STAGES = ("application", "candidates_nominated", "checkpoint_candidates",
                   "candidate_notice", "voting", "tallied", "seated", "filed")
# Their deadlines are set by law from the day the committee was elected, not by the district:
# tallied → the first meeting ([term].first_meeting), seated → filing ([filing]).
LAW_TIMED = ("tallied", "seated")
FINAL_STAGE = ELECTION_STAGES[-1]
# What makes a by-election or an early re-election lawful; the workflow knows how to test each.
CONDITIONS = ("vacancies", "too_few", "inactive", "removal")
# A committee below half its members after the alternates moved up is re-elected early (深圳条例
# 第四十一条): a by-election cannot stand for it.
EARLY_ONLY = ("too_few",)

Stage = Literal[
    "application", "checkpoint_timing", "group_formed", "checkpoint_group",
    "candidates_nominated", "checkpoint_candidates", "candidate_notice", "voting", "tallied",
    "seated", "filed",
]


@dataclass(frozen=True)
class Trigger:
    key: str
    title: str
    condition: str
    months: int | None
    origin: Source


@dataclass(frozen=True)
class KindFlow:
    """One election kind as the workflow runs it."""

    kind: str
    name: str
    organiser: str
    stages: tuple[str, ...]
    stage_names: Mapping[str, str]  # every stage of this kind, with this kind's names
    stage_days: Mapping[str, int]
    origin: Source
    preparation: bool
    party_origin: Source | None  # set: 筹备时机关 checks the party organisation is ready
    group_checks: tuple[str, ...] | None
    report_months: int | None
    report_origin: Source | None
    triggers: tuple[Trigger, ...] = field(default=())

    def stage_name(self, stage: str) -> str:
        return self.stage_names.get(stage, stage)

    def trigger(self, key: str | None) -> Trigger | None:
        return next((t for t in self.triggers if t.key == key), None)

    def next_stage(self, stage: str) -> str | None:
        at = self.stages.index(stage)
        return self.stages[at + 1] if at + 1 < len(self.stages) else None

    def previous_stage(self, stage: str) -> str | None:
        at = self.stages.index(stage)
        return self.stages[at - 1] if at > 0 else None


@dataclass(frozen=True)
class KindRules:
    """What the workflow reads of `[kinds]`: the default stage names and each kind's flow."""

    stage_names: Mapping[str, str]
    flows: Mapping[str, KindFlow]

    def of(self, kind: str) -> KindFlow | None:
        return self.flows.get(kind)

    def names(self) -> dict[str, str]:
        """kind → display name, in the order of db.models.elections.ELECTION_KINDS."""
        return {k: self.flows[k].name for k in ELECTION_KINDS if k in self.flows}
