"""The shape of the rules file's `[term]` tables (pydantic: unknown keys refused, see
app/rulesfile.py) and `build`, which turns it into app/rules_term.py's dataclasses. Imported only
when a rules file is validated."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt, model_validator

from app.rules_term import (
    ELECTION_KINDS,
    MAX_TERM_YEARS,
    CommitteeCheck,
    CrossServingCheck,
    ElectionKind,
    Material,
    PartyShareCheck,
    TermRules,
)
from app.rulesfile import (
    Flag,
    Origin,
    RuleModel,
    RuleProblem,
    Share,
    Text,
    source_of,
)

_Years = Annotated[StrictInt, Field(ge=1, le=MAX_TERM_YEARS)]
_Days = Annotated[StrictInt, Field(ge=1, le=365)]
_Months = Annotated[StrictInt, Field(ge=1, le=24)]
_Count = Annotated[StrictInt, Field(ge=0, le=20)]
_Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,19}$")]


class _FirstMeetingModel(Origin):
    days: _Days


class _AlternatesModel(Origin):
    max: _Count
    must_pass: Flag  # only candidates who reached the election threshold may be alternates


class _VacancyModel(Origin):
    from_alternates: Flag  # a vacancy is filled by the first alternate by rank
    early_below: Share  # members strictly below this share of those elected: 提前换届
    filing_days: _Days  # a step-in is published, then filed within these days


class _CountdownModel(Origin):
    months: _Months


class _MaterialModel(Origin):
    key: _Key
    name: Text
    kinds: tuple[ElectionKind, ...] = ELECTION_KINDS
    required: Flag = True  # false: handed in only when there is such a matter


class _FilingModel(RuleModel):
    materials: tuple[_MaterialModel, ...]

    @model_validator(mode="after")
    def _unique(self) -> _FilingModel:
        keys = [m.key for m in self.materials]
        if len(set(keys)) != len(keys):
            raise RuleProblem("term.filing.materials", "a key is listed twice")
        return self


class _CheckModel(Origin):
    blocking: Flag  # true: stops filing (业委会备案); false: a hint shown beside the committee


class _PartyShareCheckModel(_CheckModel):
    share: Share | None = None  # None: the candidates' share of [district.party_share]


class _CrossServingCheckModel(_CheckModel):
    min_members: _Count  # members who are party members of the branch covering the compound


class _ChecksModel(RuleModel):
    party_share: _PartyShareCheckModel
    cross_serving: _CrossServingCheckModel
    property_staff: _CheckModel
    owners: _CheckModel


class TermRulesModel(Origin):
    """The `[term]` tables of the rules file."""

    years: _Years
    first_meeting: _FirstMeetingModel
    alternates: _AlternatesModel
    vacancy: _VacancyModel
    countdown: _CountdownModel
    filing: _FilingModel
    checks: _ChecksModel


def _check(model: _CheckModel) -> CommitteeCheck:
    return CommitteeCheck(blocking=model.blocking, origin=source_of(model))


def build(model: TermRulesModel) -> TermRules:
    c = model.checks
    return TermRules(
        years=model.years, origin=source_of(model),
        first_meeting_days=model.first_meeting.days,
        first_meeting_origin=source_of(model.first_meeting),
        alternates_max=model.alternates.max, alternates_must_pass=model.alternates.must_pass,
        alternates_origin=source_of(model.alternates),
        vacancy_from_alternates=model.vacancy.from_alternates,
        early_below=model.vacancy.early_below,
        vacancy_filing_days=model.vacancy.filing_days, vacancy_origin=source_of(model.vacancy),
        countdown_months=model.countdown.months, countdown_origin=source_of(model.countdown),
        materials=tuple(Material(key=m.key, name=m.name, kinds=tuple(m.kinds),
                                 required=m.required, origin=source_of(m))
                        for m in model.filing.materials),
        party_share=PartyShareCheck(blocking=c.party_share.blocking,
                                    origin=source_of(c.party_share), share=c.party_share.share),
        cross_serving=CrossServingCheck(blocking=c.cross_serving.blocking,
                                        origin=source_of(c.cross_serving),
                                        min_members=c.cross_serving.min_members),
        property_staff=_check(c.property_staff),
        owners=_check(c.owners),
    )
