"""The shape of the rules file's `[kinds]` tables (pydantic: unknown keys refused, see
app/rulesfile.py) and `build`, which turns it into app/rules_kinds.py's dataclasses. Imported only
when a rules file is validated, never on the way to a printed notice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, StrictInt, model_validator

from app.rules_kinds import (
    EARLY_ONLY,
    FINAL_STAGE,
    LAW_TIMED,
    REQUIRED_STAGES,
    KindFlow,
    KindRules,
    Stage,
    Trigger,
)
from app.rulesfile import (
    Flag,
    Origin,
    RuleModel,
    RuleProblem,
    Text,
    source_of,
)
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES

_StageDays = Annotated[StrictInt, Field(ge=1, le=3650)]
_Months = Annotated[StrictInt, Field(ge=1, le=24)]
_Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,19}$")]  # fits Election.trigger


class _TriggerModel(Origin):
    """Why an election of this kind may be held (Election.trigger holds the key)."""

    title: Text
    condition: Literal["vacancies", "too_few", "inactive", "removal"]
    months: _Months | None = None  # inactive: no committee meeting recorded for this long


class _ReportModel(Origin):
    """Re-election: the sitting committee reports to the street office this many months before
    its term ends, and the election completes before the term ends."""

    months_before: _Months


class _ReadinessModel(Origin):
    """First election: 筹备时机关 also checks the party organisation is ready (先建支部): a branch
    covers the compound, party members living there were found (双找), and the community party
    committee's opinion is on file."""


class _KindModel(Origin):
    name: Text
    organiser: Text  # who runs it: 筹备组 / 换届小组 / 业主委员会 (named so on every notice)
    stages: tuple[Stage, ...]
    stage_names: dict[Stage, Text] = Field(default_factory=dict)  # where this kind differs
    stage_days: dict[Stage, _StageDays]
    preparation: Flag = False  # 筹备时机关 checks [district.preparation_trigger]
    party_readiness: _ReadinessModel | None = None
    group_checks: tuple[Text, ...] | None = None  # the group checks that apply (None: all)
    report: _ReportModel | None = None
    triggers: dict[_Key, _TriggerModel] = Field(default_factory=dict)


def _stage_problem(key: str, model: _KindModel) -> RuleProblem | None:
    """What is wrong with one kind's stages, names, deadlines and triggers (keys named in full)."""
    at = [ELECTION_STAGES.index(s) for s in model.stages]
    if at != sorted(set(at)):
        return RuleProblem(f"{key}.stages", "must follow the order of the election stages, each once")
    missing = [s for s in REQUIRED_STAGES if s not in model.stages]
    if missing:
        return RuleProblem(f"{key}.stages", f"missing {', '.join(missing)}")
    if ("group_formed" in model.stages) != ("checkpoint_group" in model.stages):
        return RuleProblem(f"{key}.stages", "group_formed and checkpoint_group go together")
    needs_timing = model.report is not None or model.triggers or model.preparation \
        or model.party_readiness is not None
    if needs_timing and "checkpoint_timing" not in model.stages:
        return RuleProblem(f"{key}.stages", "its timing checks need checkpoint_timing")
    for stage in model.stage_names:
        if stage not in model.stages:
            return RuleProblem(f"{key}.stage_names.{stage}", "is not one of this kind's stages")
    wanted = [s for s in model.stages if s not in LAW_TIMED and s != FINAL_STAGE]
    for stage in model.stage_days:
        if stage not in wanted:
            return RuleProblem(f"{key}.stage_days.{stage}",
                               "has no district deadline here (not a stage of this kind, the last "
                               "stage, or timed by law)")
    absent = [s for s in wanted if s not in model.stage_days]
    if absent:
        return RuleProblem(f"{key}.stage_days", f"missing {', '.join(absent)}")
    for name, trigger in model.triggers.items():
        if (trigger.condition == "inactive") != (trigger.months is not None):
            return RuleProblem(f"{key}.triggers.{name}.months",
                               "is given for the inactive condition, and only for it")
    return None


class KindRulesModel(RuleModel):
    """The `[kinds]` tables of the rules file."""

    stage_names: dict[Stage, Text]
    first: _KindModel
    reelection: _KindModel
    by_election: _KindModel
    early: _KindModel

    @model_validator(mode="after")
    def _consistent(self) -> KindRulesModel:
        missing = [s for s in ELECTION_STAGES if s not in self.stage_names]
        if missing:
            raise RuleProblem("kinds.stage_names", f"missing {', '.join(missing)}")
        for kind in ELECTION_KINDS:
            problem = _stage_problem(f"kinds.{kind}", getattr(self, kind))
            if problem is not None:
                raise problem
        for kind in ("first", "reelection"):
            if getattr(self, kind).triggers:
                raise RuleProblem(f"kinds.{kind}.triggers", "only by_election and early have triggers")
        for kind in ("by_election", "early"):
            if not getattr(self, kind).triggers:
                raise RuleProblem(f"kinds.{kind}.triggers", "name at least one trigger")
        for name, trigger in self.by_election.triggers.items():
            if trigger.condition in EARLY_ONLY:
                raise RuleProblem(f"kinds.by_election.triggers.{name}.condition",
                                  f"{trigger.condition} is a reason for an early re-election, not a "
                                  "by-election (深圳条例第四十一条: below half the members, re-elect)")
        return self


def _flow(kind: str, model: _KindModel, default_names: Mapping[str, str]) -> KindFlow:
    report = model.report
    return KindFlow(
        kind=kind, name=model.name, organiser=model.organiser, stages=tuple(model.stages),
        stage_names={s: model.stage_names.get(s, default_names[s]) for s in model.stages},
        stage_days={str(s): d for s, d in model.stage_days.items()}, origin=source_of(model),
        preparation=model.preparation,
        party_origin=source_of(model.party_readiness) if model.party_readiness else None,
        group_checks=model.group_checks,
        report_months=report.months_before if report else None,
        report_origin=source_of(report) if report else None,
        triggers=tuple(Trigger(key, t.title, t.condition, t.months, source_of(t))
                       for key, t in model.triggers.items()),
    )


def build(model: KindRulesModel) -> KindRules:
    names: dict[str, str] = {str(s): n for s, n in model.stage_names.items()}
    return KindRules(
        stage_names=names,
        flows={kind: _flow(kind, getattr(model, kind), names) for kind in ELECTION_KINDS},
    )
