"""The shape of the election rules file (resources/rules/shenzhen.toml) as pydantic models, and
`parse`, which validates a parsed document into app/rules.py's Rules. Imported only when a rules
file must be validated (not cached yet, changed, or named on a command line): the rules in force
load from app/rules_cache.py without pydantic, so a printed notice never pays for it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, model_validator

from app import rules_kinds_schema, rules_procedure_schema, rules_term_schema
from app.rules import (
    CommitteeRules,
    Counting,
    GroupRules,
    PartyShareRules,
    Periods,
    Rules,
    RulesError,
    Threshold,
    TriggerRules,
)
from app.rulesfile import (
    Flag,
    Origin,
    RuleModel,
    RuleProblem,
    Share,
    Text,
    source_of,
    validate,
)

_Members = Annotated[StrictInt, Field(ge=1, le=50)]
_Reps = Annotated[StrictInt, Field(ge=0, le=50)]
_Years = Annotated[StrictInt, Field(ge=0, le=50)]
_Size = Annotated[StrictInt, Field(ge=1, le=99)]
_Days = Annotated[StrictInt, Field(ge=1, le=365)]


class _ThresholdModel(Origin):
    share: Share
    inclusive: Flag
    items: tuple[Annotated[StrictInt, Field(ge=1, le=9)], ...] = ()


class _TallyModel(RuleModel):
    quorum: _ThresholdModel
    election: _ThresholdModel
    ordinary: _ThresholdModel
    major: _ThresholdModel

    @model_validator(mode="after")
    def _quorum_includes_bound(self) -> _TallyModel:
        if not self.quorum.inclusive:
            raise RuleProblem("tally.quorum.inclusive",
                              "the quorum is “以上” and includes its bound: must be true")
        return self


class _EVoteModel(Origin):
    electronic_beats_paper: Flag


class _CountingModel(Origin):
    developer_unsold_one_owner: Flag
    several_parts_one_owner: Flag
    co_owners_one_owner: Flag
    electronic_vote: _EVoteModel


class _GroupModel(Origin):
    min_members: _Members
    max_members: _Members
    owner_reps_min: _Reps
    owner_reps_max: _Reps
    leader_role: Text
    required_roles: tuple[Text, ...]
    optional_roles: tuple[Text, ...]
    owner_reps_not_first_candidates: Flag

    @model_validator(mode="after")
    def _consistent(self) -> _GroupModel:
        if self.min_members > self.max_members:
            raise RuleProblem("preparatory_group.min_members", "is more than max_members")
        if self.owner_reps_min > self.owner_reps_max:
            raise RuleProblem("preparatory_group.owner_reps_min", "is more than owner_reps_max")
        if self.leader_role not in self.required_roles:
            raise RuleProblem("preparatory_group.leader_role", "must be one of required_roles")
        return self


class _CommitteeModel(Origin):
    min_size: _Size
    max_size: _Size
    odd: Flag

    @model_validator(mode="after")
    def _consistent(self) -> _CommitteeModel:
        if self.min_size > self.max_size:
            raise RuleProblem("committee.min_size", "is more than max_size")
        return self


class _DaysModel(Origin):
    days: _Days


class _TriggerModel(Origin):
    delivered_area_share: Share
    years_since_first_delivery: _Years
    applicant_share: Share


class _PartyShareModel(Origin):
    owner_reps: Share
    candidates: Share


class _PeriodsModel(Origin):
    candidate_notice_days: _Days
    objection_days: _Days


class _DistrictModel(RuleModel):
    preparation_trigger: _TriggerModel
    party_share: _PartyShareModel
    periods: _PeriodsModel


class _RulesFileModel(RuleModel):
    schema_: Literal[1] = Field(alias="schema")
    name: Text
    tally: _TallyModel
    counting: _CountingModel
    preparatory_group: _GroupModel
    committee: _CommitteeModel
    assembly_notice: _DaysModel
    filing: _DaysModel
    district: _DistrictModel
    kinds: rules_kinds_schema.KindRulesModel
    term: rules_term_schema.TermRulesModel
    procedure: rules_procedure_schema.ProcedureRulesModel = rules_procedure_schema.ProcedureRulesModel()


def _threshold(model: _ThresholdModel) -> Threshold:
    return Threshold(share=model.share, inclusive=model.inclusive, items=model.items,
                     origin=source_of(model))


def parse(data: dict[str, Any], file: Path) -> Rules:
    """Validate a parsed TOML document into Rules; raises RulesError naming the key at fault."""
    m = validate(_RulesFileModel, data, file.name, RulesError)
    t, d = m.tally, m.district
    g, c = m.preparatory_group, m.committee
    return Rules(
        name=m.name, path=file, quorum=_threshold(t.quorum), election=_threshold(t.election),
        ordinary=_threshold(t.ordinary), major=_threshold(t.major),
        counting=Counting(
            developer_unsold_one_owner=m.counting.developer_unsold_one_owner,
            several_parts_one_owner=m.counting.several_parts_one_owner,
            co_owners_one_owner=m.counting.co_owners_one_owner,
            electronic_beats_paper=m.counting.electronic_vote.electronic_beats_paper,
            origin=source_of(m.counting), e_vote_origin=source_of(m.counting.electronic_vote),
        ),
        group=GroupRules(
            min_members=g.min_members, max_members=g.max_members,
            owner_reps_min=g.owner_reps_min, owner_reps_max=g.owner_reps_max,
            leader_role=g.leader_role, required_roles=g.required_roles,
            optional_roles=g.optional_roles,
            owner_reps_not_first_candidates=g.owner_reps_not_first_candidates, origin=source_of(g),
        ),
        committee=CommitteeRules(min_size=c.min_size, max_size=c.max_size, odd=c.odd,
                                 origin=source_of(c)),
        trigger=TriggerRules(
            delivered_area_share=d.preparation_trigger.delivered_area_share,
            years_since_first_delivery=d.preparation_trigger.years_since_first_delivery,
            applicant_share=d.preparation_trigger.applicant_share,
            origin=source_of(d.preparation_trigger),
        ),
        party_share=PartyShareRules(owner_reps=d.party_share.owner_reps,
                                    candidates=d.party_share.candidates,
                                    origin=source_of(d.party_share)),
        periods=Periods(
            candidate_notice_days=d.periods.candidate_notice_days,
            objection_days=d.periods.objection_days, filing_days=m.filing.days,
            origin=source_of(d.periods), filing_origin=source_of(m.filing),
        ),
        assembly_notice_days=m.assembly_notice.days,
        assembly_notice_origin=source_of(m.assembly_notice),
        kinds=rules_kinds_schema.build(m.kinds),
        term=rules_term_schema.build(m.term),
        procedure=rules_procedure_schema.build(m.procedure),
    )
