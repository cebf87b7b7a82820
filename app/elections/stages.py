"""Each election kind's stages and names, read from the rules file ([kinds.*], app/rules_kinds.py).

Everything that shows or compares stages asks here, so the state machine, the timeline, the
countdowns, the server's gates, sync and the audit all follow the same per-kind lists. Stage
keys keep one order (db.models.elections.ELECTION_STAGES); each kind passes a subsequence.
`rules` defaults to the rules in force (app.rules.load_rules) for callers without their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date

from app.rules import Rules, load_rules
from app.rules_kinds import KindFlow
from db.models import Election
from db.models.elections import ELECTION_STAGES

CHECKPOINT_STAGE = {
    "timing": "checkpoint_timing", "group": "checkpoint_group", "candidates": "checkpoint_candidates",
}
STAGE_CHECKPOINT = {stage: cp for cp, stage in CHECKPOINT_STAGE.items()}
FINAL_STAGE = ELECTION_STAGES[-1]  # every kind ends filed (备案)


def _rules(rules: Rules | None) -> Rules:
    return rules if rules is not None else load_rules()


def flow(kind: str, rules: Rules | None = None) -> KindFlow | None:
    """The rules' flow of this kind, None for a kind the rules do not know."""
    return _rules(rules).kinds.of(kind)


def stages_for(kind: str, rules: Rules | None = None) -> tuple[str, ...]:
    """The stages an election of this kind passes through, in order (every stage for a kind
    the rules do not know: callers flag such a kind themselves)."""
    found = flow(kind, rules)
    return found.stages if found is not None else ELECTION_STAGES


def stage_name(stage: str, kind: str | None = None, rules: Rules | None = None) -> str:
    """The stage's name for this kind (换届: 成立换届小组), else its default name; an unknown
    stage is returned as stored."""
    found = flow(kind, rules) if kind is not None else None
    if found is not None and stage in found.stage_names:
        return found.stage_names[stage]
    return _rules(rules).kinds.stage_names.get(stage, stage)


def checkpoint_name(checkpoint: str, kind: str | None = None, rules: Rules | None = None) -> str:
    return stage_name(CHECKPOINT_STAGE.get(checkpoint, checkpoint), kind, rules)


def kind_name(kind: str, rules: Rules | None = None) -> str:
    found = flow(kind, rules)
    return found.name if found is not None else kind


def organiser(kind: str, rules: Rules | None = None) -> str:
    """Who runs an election of this kind, as every notice names it (筹备组 / 换届小组 / 业主委员会)."""
    found = flow(kind, rules)
    return found.organiser if found is not None else "筹备组"


def approved_next(kind: str, checkpoint: str, rules: Rules | None = None) -> str:
    """Where an approval of this checkpoint leads for this kind: the next stage in its list."""
    stages = stages_for(kind, rules)
    return stages[stages.index(CHECKPOINT_STAGE[checkpoint]) + 1]


def returned_to(kind: str, checkpoint: str, rules: Rules | None = None) -> str:
    """Where a return sends the election back to: the work stage before the checkpoint."""
    stages = stages_for(kind, rules)
    return stages[stages.index(CHECKPOINT_STAGE[checkpoint]) - 1]


def checkpoints_for(kind: str, rules: Rules | None = None) -> list[str]:
    """The checkpoints of this kind, in order."""
    return [STAGE_CHECKPOINT[s] for s in stages_for(kind, rules) if s in STAGE_CHECKPOINT]


def set_stage(election: Election, stage: str, today: date) -> None:
    election.stage = stage
    election.stage_since = today


class _Names(Mapping[str, str]):
    """A name table read from the rules in force when asked (not when imported), so a broken
    rules file is reported where the app reports it, not as an import error."""

    def __init__(self, pick: Callable[[Rules], Mapping[str, str]]) -> None:
        self._pick = pick

    def __getitem__(self, key: str) -> str:
        return self._pick(load_rules())[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pick(load_rules()))

    def __len__(self) -> int:
        return len(self._pick(load_rules()))


# The default stage names ([kinds.stage_names]) and the kinds' names, for code that shows one
# name per stage whatever the kind (lists, sync messages); per kind, use stage_name.
STAGE_NAMES: Mapping[str, str] = _Names(lambda r: r.kinds.stage_names)
KIND_NAMES: Mapping[str, str] = _Names(lambda r: r.kinds.names())
