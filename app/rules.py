"""The election and tally rules, loaded from `resources/rules/*.toml` and validated up front.

Rules are data so a district can adjust its own policy without code; law stays marked as law.
Validation is strict (every key known, every value typed: app/rules_schema.py) so a broken file
stops the app with one message naming the key, instead of an app that runs half-ruled. The rules
in force are validated once per content of the file and app version, then read from a cache
(app/rules_cache.py): the classes here are plain dataclasses, so a printed notice never imports
pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from app import rules_kinds, rules_procedure, rules_term
from app.errors import BadInput
from app.rule_source import Source
from app.rules_errors import RulesFileError

RULES_DIR = Path(__file__).resolve().parents[1] / "resources" / "rules"
DEFAULT_RULES = RULES_DIR / "shenzhen.toml"
KINDS = ("law", "district")


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
            raise BadInput(code="rules.unknown_matter", matter=matter) from None


def parse_rules(data: dict[str, Any], file: Path) -> Rules:
    """Validate a parsed TOML document into Rules; raises RulesError naming the key at fault."""
    from app.rules_schema import parse

    return parse(data, file)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RulesError(code="rules.not_found", file=path) from None
    except OSError as exc:
        raise RulesError(code="rules.unreadable", file=path, detail=exc) from None


def _validated(raw: bytes, path: Path) -> Rules:
    from app.rulesfile import decode_toml

    try:
        data = decode_toml(raw, path)
    except RulesFileError as exc:
        raise (RulesError(code=exc.code, **exc.params) if exc.code
               else RulesError(str(exc))) from None
    return parse_rules(data, path)


def load_rules_file(path: Path) -> Rules:
    """Read and validate one rules file (always validated: use `load_rules` for the rules in force)."""
    return _validated(_read(path), path)


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> Rules:
    """The rules in force (cached per path in the process, and on disk per content of the file:
    validated again whenever the file, the app or the rules code changes)."""
    from app import rules_cache

    raw = _read(path)
    return rules_cache.load(path, raw, lambda: _validated(raw, path))
