"""The election and tally rules, loaded from `resources/rules/*.toml` and validated up front.

Rules are data so a district can adjust its own policy without code; law stays marked as law.
Validation is strict (every key known, every value typed) so a broken file stops the app with
one message naming the key, instead of an app that runs half-ruled.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, model_validator

from app import rules_kinds, rules_procedure, rules_term
from app.errors import BadInput
from app.rule_source import Source
from app.rulesfile import (
    Flag,
    Origin,
    RuleModel,
    RuleProblem,
    RulesFileError,
    Share,
    Text,
    read_toml,
    source_of,
    validate,
)

RULES_DIR = Path(__file__).resolve().parents[1] / "resources" / "rules"
DEFAULT_RULES = RULES_DIR / "shenzhen.toml"
KINDS = ("law", "district")


_Members = Annotated[StrictInt, Field(ge=1, le=50)]
_Reps = Annotated[StrictInt, Field(ge=0, le=50)]
_Years = Annotated[StrictInt, Field(ge=0, le=50)]
_Size = Annotated[StrictInt, Field(ge=1, le=99)]
_Days = Annotated[StrictInt, Field(ge=1, le=365)]


class RulesError(RulesFileError):
    """The rules file is missing, unreadable or has a wrong key; the message names the key."""


@dataclass(frozen=True)
class Threshold:
    """A share that a part must reach of a whole: ≥ when inclusive ("以上"), > when strict ("过半数")."""

    share: Fraction
    inclusive: bool
    items: tuple[int, ...]
    origin: Source

    def met(self, part: Decimal | int, whole: Decimal | int) -> bool:
        """Exact comparison (Fractions of the Decimal inputs: no float ever)."""
        lhs = Fraction(part)
        rhs = self.share * Fraction(whole)
        return lhs >= rhs if self.inclusive else lhs > rhs

    def needed(self, whole: Decimal | int) -> Fraction:
        """The smallest exact amount that meets an inclusive threshold (the bound itself)."""
        return self.share * Fraction(whole)

    def describe_zh(self) -> str:
        fraction = f"{self.share.numerator}/{self.share.denominator}"
        return f"≥ {fraction}（以上，含本数）" if self.inclusive else f"> {fraction}（不含本数）"


@dataclass(frozen=True)
class Counting:
    developer_unsold_one_owner: bool
    several_parts_one_owner: bool
    co_owners_one_owner: bool
    electronic_beats_paper: bool
    origin: Source
    e_vote_origin: Source


@dataclass(frozen=True)
class GroupRules:
    min_members: int
    max_members: int
    owner_reps_min: int
    owner_reps_max: int
    leader_role: str
    required_roles: tuple[str, ...]
    optional_roles: tuple[str, ...]
    owner_reps_not_first_candidates: bool
    origin: Source


@dataclass(frozen=True)
class CommitteeRules:
    min_size: int
    max_size: int
    odd: bool
    origin: Source

    def size_ok(self, size: int) -> bool:
        return self.min_size <= size <= self.max_size and (not self.odd or size % 2 == 1)


@dataclass(frozen=True)
class TriggerRules:
    delivered_area_share: Fraction
    years_since_first_delivery: int
    applicant_share: Fraction
    origin: Source


@dataclass(frozen=True)
class PartyShareRules:
    owner_reps: Fraction
    candidates: Fraction
    origin: Source


@dataclass(frozen=True)
class Periods:
    candidate_notice_days: int
    objection_days: int
    filing_days: int
    origin: Source
    filing_origin: Source


@dataclass(frozen=True)
class Rules:
    """Everything the election workflow, its checkpoints and the tally need."""

    name: str
    path: Path
    quorum: Threshold
    election: Threshold
    ordinary: Threshold
    major: Threshold
    counting: Counting
    group: GroupRules
    committee: CommitteeRules
    trigger: TriggerRules
    party_share: PartyShareRules
    periods: Periods
    assembly_notice_days: int
    assembly_notice_origin: Source
    kinds: rules_kinds.KindRules  # [kinds.*]: each election kind's flow, stages and deadlines
    term: rules_term.TermRules  # [term]: the committee after the vote
    procedure: rules_procedure.ProcedureRules  # [procedure]: the steps around the vote

    def threshold_for(self, matter: str) -> Threshold:
        try:
            return {"election": self.election, "ordinary": self.ordinary, "major": self.major}[matter]
        except KeyError:
            raise BadInput(f"unknown matter {matter!r}: use election, ordinary or major") from None


# ---- the file's shape (validated by pydantic; see app/rulesfile.py) --------------------------
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
    kinds: rules_kinds.KindRulesModel
    term: rules_term.TermRulesModel
    procedure: rules_procedure.ProcedureRulesModel = rules_procedure.ProcedureRulesModel()


def _threshold(model: _ThresholdModel) -> Threshold:
    return Threshold(share=model.share, inclusive=model.inclusive, items=model.items,
                     origin=source_of(model))


def parse_rules(data: dict[str, Any], file: Path) -> Rules:
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
        kinds=rules_kinds.build(m.kinds),
        term=rules_term.build(m.term),
        procedure=rules_procedure.build(m.procedure),
    )


def load_rules_file(path: Path) -> Rules:
    """Read and validate one rules file (not cached: use `load_rules` for the default)."""
    try:
        data = read_toml(path)
    except RulesFileError as exc:
        raise RulesError(str(exc)) from None
    return parse_rules(data, path)


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> Rules:
    """The rules in force (cached per path)."""
    return load_rules_file(path)
