"""The election and tally rules, loaded from `resources/rules/*.toml` and validated up front.

Rules are data so a district can adjust its own policy without code; law stays marked as law.
Validation is strict (every key known, every value typed) so a broken file stops the app with
one message naming the key, instead of an app that runs half-ruled.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.errors import BadInput

RULES_DIR = Path(__file__).resolve().parents[1] / "resources" / "rules"
DEFAULT_RULES = RULES_DIR / "shenzhen.toml"
KINDS = ("law", "district")
STAGE_DAY_KEYS = (
    "application",
    "checkpoint_timing",
    "group_formed",
    "checkpoint_group",
    "candidates_nominated",
    "checkpoint_candidates",
    "candidate_notice",
    "voting",
    "filed",
)


class RulesError(BadInput):
    """The rules file is missing, unreadable or has a wrong key; the message names the key."""


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: `kind` law (never overridable) or district (local setting)."""

    kind: str
    source: str

    @property
    def is_law(self) -> bool:
        return self.kind == "law"

    def label_zh(self) -> str:
        return ("法定：" if self.is_law else "区设置：") + self.source


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
    stage_days: dict[str, int]
    stage_days_origin: Source

    def threshold_for(self, matter: str) -> Threshold:
        try:
            return {"election": self.election, "ordinary": self.ordinary, "major": self.major}[matter]
        except KeyError:
            raise BadInput(f"unknown matter {matter!r}: use election, ordinary or major") from None


class _Reader:
    """Typed access to one TOML table that remembers its dotted path for error messages."""

    def __init__(self, table: Any, path: str, file: Path) -> None:
        self.file = file
        self.path = path
        if not isinstance(table, dict):
            self.fail(path, "expected a table")
        self.table: dict[str, Any] = table
        self.used: set[str] = set()

    def fail(self, key: str, problem: str) -> None:
        raise RulesError(f"rules file {self.file.name}: key {key}: {problem}")

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def raw(self, name: str) -> Any:
        if name not in self.table:
            self.fail(self.key(name), "missing")
        self.used.add(name)
        return self.table[name]

    def sub(self, name: str) -> _Reader:
        return _Reader(self.raw(name), self.key(name), self.file)

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(self.key(name), f"expected non-empty text, got {value!r}")
        return str(value)

    def flag(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            self.fail(self.key(name), f"expected true or false, got {value!r}")
        return bool(value)

    def whole(self, name: str, low: int = 0, high: int = 10_000) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(self.key(name), f"expected a whole number from {low} to {high}, got {value!r}")
        return int(value)

    def share(self, name: str) -> Fraction:
        value = self.raw(name)
        if not isinstance(value, str) or "/" not in value:
            self.fail(self.key(name), f'expected a fraction as text such as "2/3", got {value!r}')
        try:
            number = Fraction(value.replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            self.fail(self.key(name), f"not a fraction: {value!r}")
        if not 0 < number <= 1:
            self.fail(self.key(name), f"must be more than 0 and at most 1, got {value}")
        return number

    def words(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(self.key(name), f"expected a list of names, got {value!r}")
        return tuple(value)

    def numbers(self, name: str) -> tuple[int, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 9 for v in value
        ):
            self.fail(self.key(name), f"expected a list of Art. 278 item numbers 1–9, got {value!r}")
        return tuple(value)

    def origin(self) -> Source:
        kind = self.text("kind")
        if kind not in KINDS:
            self.fail(self.key("kind"), f'expected "law" or "district", got {kind!r}')
        return Source(kind=kind, source=self.text("source"))

    def done(self, allowed_subtables: tuple[str, ...] = ()) -> None:
        """Refuse keys nobody reads: a typo must not silently fall back to nothing."""
        for name in self.table:
            if name not in self.used and name not in allowed_subtables:
                self.fail(self.key(name), "unknown key")


def _threshold(reader: _Reader) -> Threshold:
    result = Threshold(
        share=reader.share("share"),
        inclusive=reader.flag("inclusive"),
        items=reader.numbers("items") if "items" in reader.table else (),
        origin=reader.origin(),
    )
    reader.done()
    return result


def parse_rules(data: dict[str, Any], file: Path) -> Rules:
    """Validate a parsed TOML document into Rules; raises RulesError naming the key at fault."""
    top = _Reader(data, "", file)
    if top.whole("schema", 1, 1) != 1:
        top.fail("schema", "unsupported")
    name = top.text("name")

    tally = top.sub("tally")
    quorum = _threshold(tally.sub("quorum"))
    if not quorum.inclusive:
        tally.fail("tally.quorum.inclusive", "the quorum is “以上” and includes its bound: must be true")
    election, ordinary, major = (_threshold(tally.sub(k)) for k in ("election", "ordinary", "major"))
    tally.done()

    counting_reader = top.sub("counting")
    e_vote = counting_reader.sub("electronic_vote")
    counting = Counting(
        developer_unsold_one_owner=counting_reader.flag("developer_unsold_one_owner"),
        several_parts_one_owner=counting_reader.flag("several_parts_one_owner"),
        co_owners_one_owner=counting_reader.flag("co_owners_one_owner"),
        electronic_beats_paper=e_vote.flag("electronic_beats_paper"),
        origin=counting_reader.origin(),
        e_vote_origin=e_vote.origin(),
    )
    e_vote.done()
    counting_reader.done()

    g = top.sub("preparatory_group")
    group = GroupRules(
        min_members=g.whole("min_members", 1, 50),
        max_members=g.whole("max_members", 1, 50),
        owner_reps_min=g.whole("owner_reps_min", 0, 50),
        owner_reps_max=g.whole("owner_reps_max", 0, 50),
        leader_role=g.text("leader_role"),
        required_roles=g.words("required_roles"),
        optional_roles=g.words("optional_roles"),
        owner_reps_not_first_candidates=g.flag("owner_reps_not_first_candidates"),
        origin=g.origin(),
    )
    if group.min_members > group.max_members:
        g.fail("preparatory_group.min_members", "is more than max_members")
    if group.owner_reps_min > group.owner_reps_max:
        g.fail("preparatory_group.owner_reps_min", "is more than owner_reps_max")
    if group.leader_role not in group.required_roles:
        g.fail("preparatory_group.leader_role", "must be one of required_roles")
    g.done()

    c = top.sub("committee")
    committee = CommitteeRules(
        min_size=c.whole("min_size", 1, 99), max_size=c.whole("max_size", 1, 99),
        odd=c.flag("odd"), origin=c.origin(),
    )
    if committee.min_size > committee.max_size:
        c.fail("committee.min_size", "is more than max_size")
    c.done()

    district = top.sub("district")
    t = district.sub("preparation_trigger")
    trigger = TriggerRules(
        delivered_area_share=t.share("delivered_area_share"),
        years_since_first_delivery=t.whole("years_since_first_delivery", 0, 50),
        applicant_share=t.share("applicant_share"),
        origin=t.origin(),
    )
    t.done()
    p = district.sub("party_share")
    party_share = PartyShareRules(
        owner_reps=p.share("owner_reps"), candidates=p.share("candidates"), origin=p.origin()
    )
    p.done()
    q = district.sub("periods")
    periods = Periods(
        candidate_notice_days=q.whole("candidate_notice_days", 1, 365),
        objection_days=q.whole("objection_days", 1, 365),
        filing_days=q.whole("filing_days", 1, 365),
        origin=q.origin(),
    )
    q.done()
    s = district.sub("stage_days")
    stage_days = {key: s.whole(key, 1, 3650) for key in STAGE_DAY_KEYS}
    stage_days_origin = s.origin()
    s.done()
    district.done()
    top.done()
    return Rules(
        name=name, path=file, quorum=quorum, election=election, ordinary=ordinary, major=major,
        counting=counting, group=group, committee=committee, trigger=trigger,
        party_share=party_share, periods=periods, stage_days=stage_days,
        stage_days_origin=stage_days_origin,
    )


def load_rules_file(path: Path) -> Rules:
    """Read and validate one rules file (not cached: use `load_rules` for the default)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(f"rules file {path.name}: not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"rules file {path.name}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"rules file {path.name}: not valid TOML: {exc}") from None
    return parse_rules(data, path)


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> Rules:
    """The rules in force (cached per path)."""
    return load_rules_file(path)
