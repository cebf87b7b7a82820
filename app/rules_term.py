"""Rules file section `[term]`: the committee after the vote: term, first meeting, alternates and vacancies, the 换届 countdown, filing materials, the elected-committee checks.

The frozen dataclasses the workflow reads from `Rules.term`; the file's shape (pydantic) and
`build` are in app/rules_term_schema.py, imported only when the rules file is validated. Every table carries
kind/source/verified (app/rule_source.py): an unverified one is shown as 待核实 and never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from app.rule_source import Source

MAX_TERM_YEARS = 5  # 指导规则第三十二条: 任期不超过5年 — a district may set fewer, never more
ElectionKind = Literal["first", "reelection", "by_election", "early"]
ELECTION_KINDS: tuple[ElectionKind, ...] = ("first", "reelection", "by_election", "early")


@dataclass(frozen=True)
class Material:
    """One item of the filing checklist (备案材料)."""

    key: str
    name: str
    kinds: tuple[str, ...]
    required: bool
    origin: Source


@dataclass(frozen=True)
class CommitteeCheck:
    """One check of the elected committee: blocking stops filing, else a hint."""

    blocking: bool
    origin: Source


@dataclass(frozen=True)
class PartyShareCheck(CommitteeCheck):
    share: Fraction | None


@dataclass(frozen=True)
class CrossServingCheck(CommitteeCheck):
    min_members: int


@dataclass(frozen=True)
class TermRules:
    """What the workflow reads of `[term]`."""

    years: int
    origin: Source
    first_meeting_days: int
    first_meeting_origin: Source
    alternates_max: int
    alternates_must_pass: bool
    alternates_origin: Source
    vacancy_from_alternates: bool
    early_below: Fraction
    vacancy_filing_days: int
    vacancy_origin: Source
    countdown_months: int
    countdown_origin: Source
    materials: tuple[Material, ...]
    party_share: PartyShareCheck
    cross_serving: CrossServingCheck
    property_staff: CommitteeCheck
    owners: CommitteeCheck

    def materials_for(self, kind: str) -> tuple[Material, ...]:
        """The filing checklist of an election of this kind."""
        return tuple(m for m in self.materials if kind in m.kinds)
