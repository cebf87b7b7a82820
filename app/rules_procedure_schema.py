"""The shape of the rules file's `[procedure]` tables (pydantic: unknown keys refused, see
app/rulesfile.py), their defaults for an older file without them, and `build`, which turns them
into app/rules_procedure.py's dataclasses. Imported only when a rules file is validated."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, model_validator

from app.rules_procedure import (
    ELECTION_KINDS,
    LIFECYCLE,
    STATUTES,
    UNVERIFIED,
    CandidateCondition,
    DaysRule,
    FirstAssembly,
    Kind,
    LifecycleStage,
    ProcedureRules,
    Statute,
)
from app.rulesfile import (
    Flag,
    Origin,
    RuleModel,
    RuleProblem,
    Text,
    source_of,
)

_Days = Annotated[StrictInt, Field(ge=0, le=365)]


class _DaysModel(Origin):
    days: _Days


class _ConditionModel(Origin):
    """One candidate condition: `mandatory` blocks signing 业委会人选关, else it is a hint."""

    title: Text
    field: Literal["fee_arrears", "works_for_property"]
    mandatory: Flag


class _FirstAssemblyModel(Origin):
    """What the first owners' assembly must adopt besides electing the committee."""

    statute_votes: tuple[Statute, ...]


class _StageModel(Origin):
    """One lifecycle stage: which election kinds may start, and the work the street expects."""

    elections: tuple[Kind, ...]
    expected: tuple[Text, ...] = ()


def _default_days(days: int, what: str) -> _DaysModel:
    return _DaysModel(kind="district", source=f"{what}：{UNVERIFIED}", verified=False, days=days)


def _default_conditions() -> dict[str, _ConditionModel]:
    hint = "提示项：区设置默认值，待区主管部门确认"
    return {
        "arrears": _ConditionModel(kind="district", source=hint, verified=False,
                                       title="未欠缴物业服务费、专项维修资金", field="fee_arrears",
                                       mandatory=False),
        "property_staff": _ConditionModel(kind="district", source=hint, verified=False,
                                          title="非本小区物业服务企业人员",
                                          field="works_for_property", mandatory=False),
    }


def _default_first_assembly() -> _FirstAssemblyModel:
    return _FirstAssemblyModel(kind="law", source="《民法典》第二百七十八条第一款第一项、第二项",
                               verified=True, statute_votes=STATUTES)


def _default_lifecycle() -> dict[str, _StageModel]:
    src = f"小区生命周期分类治理：{UNVERIFIED}"
    every = ELECTION_KINDS
    return {
        "孕育期": _StageModel(kind="district", source=src, verified=False, elections=("first",),
                           expected=("首次业主大会筹备",)),
        "出生期": _StageModel(kind="district", source=src, verified=False, elections=("first",),
                           expected=("首次业主大会筹备",)),
        "过渡期": _StageModel(kind="district", source=src, verified=False, elections=every,
                           expected=("业委会选举或换届",)),
        "成熟期": _StageModel(kind="district", source=src, verified=False, elections=every,
                           expected=("业委会换届", "三方议事")),
        "拆迁改造期": _StageModel(kind="district", source=src, verified=False, elections=(),
                             expected=("配合拆迁改造", "以居代业")),
    }


def _default_standing_in() -> Origin:
    return Origin(kind="district", source=f"以居代业：{UNVERIFIED}", verified=False)


class ProcedureRulesModel(RuleModel):
    """The `[procedure]` tables of the rules file."""

    standing_in: Origin = Field(default_factory=_default_standing_in)

    reps_publication: _DaysModel = Field(
        default_factory=lambda: _default_days(5, "筹备组业主代表公示期"))
    result_objection: _DaysModel = Field(
        default_factory=lambda: _default_days(7, "选举结果公告异议期"))
    candidate_conditions: dict[str, _ConditionModel] = Field(default_factory=_default_conditions)
    first_assembly: _FirstAssemblyModel = Field(default_factory=_default_first_assembly)
    lifecycle: dict[str, _StageModel] = Field(default_factory=_default_lifecycle)

    @model_validator(mode="after")
    def _known_stages(self) -> ProcedureRulesModel:
        for stage in self.lifecycle:
            if stage not in LIFECYCLE:
                raise RuleProblem(f"procedure.lifecycle.{stage}",
                                  f"unknown lifecycle stage: use {', '.join(LIFECYCLE)}")
        for key in self.candidate_conditions:
            if not key.isascii() or not key.replace("_", "").isalnum():
                raise RuleProblem(f"procedure.candidate_conditions.{key}",
                                  "a condition key is ASCII letters, digits and _")
        return self


def build(model: ProcedureRulesModel) -> ProcedureRules:
    return ProcedureRules(
        reps_publication=DaysRule(model.reps_publication.days, source_of(model.reps_publication)),
        result_objection=DaysRule(model.result_objection.days, source_of(model.result_objection)),
        candidate_conditions=tuple(
            CandidateCondition(key, c.title, c.field, c.mandatory, source_of(c))
            for key, c in model.candidate_conditions.items()),
        first_assembly=FirstAssembly(model.first_assembly.statute_votes,
                                     source_of(model.first_assembly)),
        lifecycle=tuple(LifecycleStage(name, s.elections, s.expected, source_of(s))
                        for name, s in model.lifecycle.items()),
        standing_in=source_of(model.standing_in),
    )
