"""The owners' assembly tally under Civil Code Art. 278, counted by the 2009 interpretation.

Pure functions over plain tuples, so the CLI, the app and the benchmark share one count.
Areas are Decimals summed in a context that traps any inexact step; every threshold comparison
goes through `Threshold.met`, which compares Fractions — no float ever touches a boundary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction
from itertools import compress
from math import ceil
from typing import TYPE_CHECKING, Any

from app.errors import BadInput
from app.messages import Problem, problem

if TYPE_CHECKING:
    from app.rules import Rules, Threshold

# Voter key of the developer: all its unsold or undelivered parts together are ONE owner.
DEVELOPER = "\x00developer"
ZERO = Decimal(0)
ELECTRONIC, PAPER = "electronic", "paper"
CHANNEL_WORDS = {
    "electronic": ELECTRONIC, "e-vote": ELECTRONIC, "evote": ELECTRONIC, "online": ELECTRONIC,
    "电子": ELECTRONIC, "电子投票": ELECTRONIC,
    "paper": PAPER, "纸质": PAPER, "纸质投票": PAPER, "": PAPER,
}
VOTE_WORDS = {
    "yes": "yes", "同意": "yes", "赞成": "yes",
    "no": "no", "反对": "no", "不同意": "no",
    "abstain": "abstain", "弃权": "abstain",
}
MATTERS = ("election", "ordinary", "major")

# (unit_id, owner_id, area_m2, developer_unsold)
UnitTuple = tuple[str, str, Decimal, bool]
# (owner_id, vote, channel or None when the source has no channel column)
BallotTuple = tuple[str, str, str | None]
Locate = Callable[[int], Problem]  # a row index → where it is, worded by code


def _default_locate(what: str) -> Locate:
    if what == "unit":
        return lambda index: problem("where.unit_number", number=index + 1)
    return lambda index: problem("where.ballot_number", number=index + 1)


@dataclass
class Register:
    """The owners' register as counted for a vote: who is one owner and what area each holds.

    A voter key is the owner_id itself for a buyer; `aliases` maps the other ids (the
    developer's, or parts counted one by one) to their key.
    """

    area_of: dict[str, Decimal]  # voter key → all the area that owner's one vote carries
    aliases: dict[str, str]  # owner_id that is not itself a voter key → voter key
    total_area: Decimal

    @property
    def total_owners(self) -> int:
        return len(self.area_of)

    @property
    def area_exponent(self) -> int:
        """The finest decimal place any area uses (sums keep the smallest exponent)."""
        exponent = self.total_area.as_tuple().exponent
        return exponent if isinstance(exponent, int) else 0

    def voter(self, owner_id: str) -> str | None:
        """The voter key of an owner_id, or None when it is not in the register."""
        if owner_id in self.area_of and not owner_id.startswith("\x00"):
            return owner_id
        return self.aliases.get(owner_id)


def build_register(units: Iterable[UnitTuple], rules: Rules, locate: Locate | None = None) -> Register:
    """Count owners and area by the 2009 rules; a unit listed twice is bad input."""
    where = locate or _default_locate("unit")
    counting = rules.counting
    rows = units if isinstance(units, list) else list(units)
    aliases: dict[str, str] = {}
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        if counting.developer_unsold_one_owner and counting.several_parts_one_owner:
            area_of = _common_case(rows, where)
        else:
            area_of = {}
            for index, (unit_id, owner_id, area, unsold) in enumerate(rows):
                if unsold and counting.developer_unsold_one_owner:
                    key = DEVELOPER
                elif counting.several_parts_one_owner:
                    if not owner_id:
                        raise BadInput(code="tally.owner_empty_sold", where=where(index))
                    key = owner_id
                else:
                    key = "\x00unit:" + unit_id
                if key != owner_id:
                    aliases.setdefault(owner_id, key)
                area_of[key] = area_of.get(key, ZERO) + area
        if DEVELOPER in area_of:
            # Developer ids vote for the developer unless a buyer uses the same id for a sold part.
            for owner_id in {row[1] for row in rows if row[3]}:
                if owner_id not in area_of:
                    aliases[owner_id] = DEVELOPER
        _refuse_duplicate_units(rows, where)
        total = sum(area_of.values(), ZERO)
    return Register(area_of=area_of, aliases=aliases, total_area=total)


def _common_case(rows: list[UnitTuple], where: Locate) -> dict[str, Decimal]:
    """Buyers' parts grouped by owner_id, the developer's together — with C-level builtins,
    because this runs over every part of a 200,000-part register."""
    sold = [row for row in rows if not row[3]]
    owner_ids = [row[1] for row in sold]
    if "" in owner_ids:
        index = next(i for i, row in enumerate(rows) if not row[3] and not row[1])
        raise BadInput(code="tally.owner_empty_sold", where=where(index))
    areas = [row[2] for row in sold]
    area_of = dict(zip(owner_ids, areas, strict=True))
    if len(area_of) != len(owner_ids):  # some buyers hold several parts: sum just those
        several = {o for o, n in Counter(owner_ids).items() if n > 1}
        for owner_id in several:
            area_of[owner_id] = ZERO
        chosen = list(map(several.__contains__, owner_ids))
        for owner_id, area in zip(compress(owner_ids, chosen), compress(areas, chosen), strict=True):
            area_of[owner_id] += area
    if len(sold) != len(rows):
        area_of[DEVELOPER] = sum((row[2] for row in rows if row[3]), ZERO)
    return area_of


def _refuse_duplicate_units(rows: list[UnitTuple], where: Locate) -> None:
    ids = [row[0] for row in rows]
    if len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for index, unit_id in enumerate(ids):
        if unit_id in seen:
            raise BadInput(code="tally.unit_twice", where=where(index), unit_id=unit_id)
        seen.add(unit_id)


@dataclass(frozen=True)
class ChosenBallots:
    """One counted ballot per owner: parallel lists of voter key, vote text and source index."""

    keys: list[str]
    votes: list[str]
    indexes: list[int]
    superseded: list[int]


def choose_ballots(
    register: Register, ballots: Iterable[BallotTuple], rules: Rules, locate: Locate | None = None
) -> ChosenBallots:
    """Match ballots to owners; where one owner voted on paper and electronically, the e-vote counts.

    A ballot whose owner is not in the register, or a second ballot of the same owner that the
    rules cannot settle, is bad input naming the row.
    """
    where = locate or _default_locate("ballot")
    rows = ballots if isinstance(ballots, list) else list(ballots)
    if [row[2] for row in rows].count(None) == len(rows):
        # No channel column: the common case, matched with C-level builtins when clean.
        aliases, area_of = register.aliases, register.area_of
        owner_ids = [row[0] for row in rows]
        keys = owner_ids
        aliased = aliases.keys() & set(owner_ids) if aliases else set()
        if aliased:  # few (the developer's ids): replace just those, in C-level searches
            keys = list(owner_ids)
            for owner_id in aliased:
                keys[keys.index(owner_id)] = aliases[owner_id]
        if all(map(area_of.__contains__, keys)) and len(set(keys)) == len(keys):
            return ChosenBallots(keys, [row[1] for row in rows], list(range(len(rows))), [])
    counted: dict[str, tuple[str, int]] = {}
    channels: dict[str, str | None] = {}
    superseded: list[int] = []
    e_vote_wins = rules.counting.electronic_beats_paper
    for index, (owner_id, vote, channel_text) in enumerate(rows):
        key = register.voter(owner_id)
        if key is None:
            raise BadInput(code="tally.owner_not_in_register", where=where(index),
                owner_id=owner_id)
        channel = None
        if channel_text is not None:
            channel = CHANNEL_WORDS.get(channel_text.strip().lower())
            if channel is None:
                raise BadInput(code="tally.bad_channel", where=where(index), channel=channel_text)
        previous = counted.get(key)
        if previous is None:
            counted[key] = (vote, index)
            channels[key] = channel
            continue
        earlier = channels.get(key)
        if e_vote_wins and channel is not None and earlier is not None and channel != earlier:
            if channel == ELECTRONIC:
                superseded.append(previous[1])
                counted[key] = (vote, index)
                channels[key] = channel
            else:
                superseded.append(index)
            continue
        raise BadInput(code="tally.second_ballot", where=where(index), owner_id=owner_id,
            first=where(previous[1]))
    return ChosenBallots(
        keys=list(counted), votes=[v for v, _ in counted.values()],
        indexes=[i for _, i in counted.values()], superseded=sorted(superseded),
    )


@dataclass
class CandidateResult:
    name: str
    yes_owners: int
    yes_area: Decimal
    passed: bool


@dataclass
class TallyResult:
    """Everything the CLI prints and the app stores; `as_json` is the DESIGN.md contract."""

    matter: str
    threshold: Threshold
    quorum: Threshold
    total_owners: int
    total_area: Decimal
    participating_owners: int
    participating_area: Decimal
    quorum_met: bool
    missing_owners: int
    missing_area: Decimal
    superseded: int
    seats: int | None = None
    yes_owners: int = 0
    yes_area: Decimal = ZERO
    no_owners: int = 0
    no_area: Decimal = ZERO
    abstain_owners: int = 0
    abstain_area: Decimal = ZERO
    passed: bool | None = None
    candidates: list[CandidateResult] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    # election ballots naming nobody, and naming more candidates than seats: the owner took part
    # (quorum) but the ballot elects no one (void, as the notice and the ballot paper say)
    abstaining_ballots: int = 0
    invalid_ballots: int = 0

    def as_json(self) -> dict[str, Any]:
        """Counts as numbers; areas as exact decimal strings (never floats)."""
        out: dict[str, Any] = {
            "matter": self.matter,
            "total_owners": self.total_owners,
            "total_area": _area(self.total_area),
            "participating_owners": self.participating_owners,
            "participating_area": _area(self.participating_area),
            "quorum_met": self.quorum_met,
            "missing_for_quorum": {"owners": self.missing_owners, "area": _area(self.missing_area)},
            "superseded_ballots": self.superseded,
            "rules": {
                "quorum": _share(self.quorum), "approval": _share(self.threshold),
                "source": self.threshold.origin.source,
            },
        }
        if self.matter == "election":
            out["seats"] = self.seats
            out["candidates"] = [
                {"name": c.name, "yes_owners": c.yes_owners, "yes_area": _area(c.yes_area),
                 "passed": c.passed}
                for c in self.candidates
            ]
            out["elected"] = list(self.elected)
            out["tied_for_last_seat"] = list(self.tied)
            out["abstaining_ballots"] = self.abstaining_ballots
            out["invalid_ballots"] = self.invalid_ballots
        else:
            out.update(
                passed=self.passed, yes_owners=self.yes_owners, yes_area=_area(self.yes_area),
                no_owners=self.no_owners, no_area=_area(self.no_area),
                abstain_owners=self.abstain_owners, abstain_area=_area(self.abstain_area),
            )
        return out


def _area(value: Decimal) -> str:
    return format(value, "f")


def _share(threshold: Threshold) -> str:
    sign = ">=" if threshold.inclusive else ">"
    return f"{sign} {threshold.share.numerator}/{threshold.share.denominator}"


def _missing(register: Register, quorum: Threshold, owners: int, area: Decimal) -> tuple[int, Decimal]:
    """Owners and area still needed to reach the quorum, rounded up to the register's precision."""
    need_owners = max(0, ceil(quorum.needed(register.total_owners)) - owners)
    gap = quorum.needed(register.total_area) - Fraction(area)
    if gap <= 0:
        return need_owners, ZERO
    exponent = register.area_exponent
    quantum = Fraction(10) ** exponent
    steps = ceil(gap / quantum)
    return need_owners, Decimal(steps).scaleb(exponent)


def split_names(vote: str) -> list[str]:
    """Candidate names on an election ballot: separated by ';' (full-width '；' accepted)."""
    text = vote.replace("；", ";").strip()
    if not text:
        return []
    return [name.strip() for name in text.split(";")]


def tally(
    register: Register,
    chosen: ChosenBallots,
    rules: Rules,
    matter: str,
    seats: int | None = None,
    candidates: Sequence[str] | None = None,
    locate: Locate | None = None,
) -> TallyResult:
    """Count the chosen ballots. `candidates`, when given, is the official list (others refused)."""
    where = locate or _default_locate("ballot")
    threshold = rules.threshold_for(matter)
    quorum = rules.quorum
    area_of = register.area_of
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[Inexact] = True
        # Group ballots by their exact text: ballots repeat, so each distinct text is parsed once.
        votes = chosen.votes
        areas = list(map(area_of.__getitem__, chosen.keys))
        area_by_vote: dict[str, Decimal] = {}
        get = area_by_vote.get
        for vote, area in zip(votes, areas, strict=True):
            area_by_vote[vote] = get(vote, ZERO) + area
        owners_by_vote = Counter(votes)
        first_index = dict(zip(reversed(votes), reversed(chosen.indexes), strict=True))
        by_vote: dict[str, list[Any]] = {
            vote: [owners_by_vote[vote], area, first_index[vote]] for vote, area in area_by_vote.items()
        }
        participating_owners = len(chosen.keys)
        participating_area = sum(area_by_vote.values(), ZERO)
        quorum_met = quorum.met(participating_owners, register.total_owners) and quorum.met(
            participating_area, register.total_area
        )
        missing_owners, missing_area = _missing(register, quorum, participating_owners, participating_area)
        result = TallyResult(
            matter=matter, threshold=threshold, quorum=quorum,
            total_owners=register.total_owners, total_area=register.total_area,
            participating_owners=participating_owners, participating_area=participating_area,
            quorum_met=quorum_met, missing_owners=missing_owners, missing_area=missing_area,
            superseded=len(chosen.superseded),
        )

        def approves(owners: int, area: Decimal) -> bool:
            return (
                quorum_met
                and threshold.met(owners, participating_owners)
                and threshold.met(area, participating_area)
            )

        if matter == "election":
            _count_candidates(result, by_vote, candidates, where, approves, seats)
            _elect(result, seats)
        else:
            _count_matter(result, by_vote, where)
            result.passed = approves(result.yes_owners, result.yes_area)
    return result


def _count_matter(result: TallyResult, by_vote: dict[str, list[Any]], where: Locate) -> None:
    for vote, (owners, area, index) in by_vote.items():
        word = VOTE_WORDS.get(vote.strip().lower())
        if word is None:
            raise BadInput(code="tally.bad_vote", where=where(index), vote=vote)
        if word == "yes":
            result.yes_owners += owners
            result.yes_area += area
        elif word == "no":
            result.no_owners += owners
            result.no_area += area
        else:
            result.abstain_owners += owners
            result.abstain_area += area


def _count_candidates(
    result: TallyResult,
    by_vote: dict[str, list[Any]],
    official: Sequence[str] | None,
    where: Locate,
    approves: Callable[[int, Decimal], bool],
    seats: int | None = None,
) -> None:
    """Votes per candidate. A ballot naming more candidates than there are seats is void (it
    still counts for the quorum: the owner took part), as the election law's counting rule
    has it (每一选票所选的人数，多于规定应选人数的无效 — a convention the ballot paper prints, not a
    property-law rule); one naming nobody abstains."""
    allowed = set(official) if official is not None else None
    position = {name: i for i, name in enumerate(official or ())}
    owners: dict[str, int] = {name: 0 for name in official or ()}
    areas: dict[str, Decimal] = {name: ZERO for name in official or ()}
    for vote, (count, area, index) in by_vote.items():
        names = split_names(vote)
        if len(set(names)) != len(names):
            raise BadInput(code="tally.candidate_twice", where=where(index), vote=vote)
        for name in names:
            if not name:
                raise BadInput(code="tally.empty_name", where=where(index), vote=vote)
            if allowed is not None and name not in allowed:
                raise BadInput(code="tally.not_a_candidate", where=where(index), name=name)
        if not names:
            result.abstaining_ballots += count
            continue
        if seats is not None and len(names) > seats:
            result.invalid_ballots += count
            continue
        for name in names:
            owners[name] = owners.get(name, 0) + count
            areas[name] = areas.get(name, ZERO) + area
    result.candidates = sorted(
        (CandidateResult(name, owners[name], areas[name], approves(owners[name], areas[name]))
         for name in owners),
        # equal votes keep the official list's order (else by name), so the order is stable
        key=lambda c: (-c.yes_owners, -c.yes_area, position.get(c.name, len(position)), c.name),
    )


def _elect(result: TallyResult, seats: int | None) -> None:
    """Passed candidates by votes (owners, then area), at most `seats`; a tie across the last
    seat elects none of the tied (a runoff decides) and lists them in `tied`."""
    result.seats = seats
    passed = [c for c in result.candidates if c.passed]
    if seats is None or len(passed) <= seats:
        result.elected = [c.name for c in passed]
        return
    cut = passed[seats - 1]
    after = passed[seats]
    if (cut.yes_owners, cut.yes_area) == (after.yes_owners, after.yes_area):
        tie_key = (cut.yes_owners, cut.yes_area)
        result.tied = [c.name for c in passed if (c.yes_owners, c.yes_area) == tie_key]
        result.elected = [c.name for c in passed[:seats] if c.name not in result.tied]
    else:
        result.elected = [c.name for c in passed[:seats]]


def count(
    units: Iterable[UnitTuple],
    ballots: Iterable[BallotTuple],
    rules: Rules,
    matter: str,
    seats: int | None = None,
    candidates: Sequence[str] | None = None,
    unit_locate: Locate | None = None,
    ballot_locate: Locate | None = None,
) -> TallyResult:
    """Register, ballot choice and tally in one call (the CLI and the benchmark use this)."""
    if matter not in MATTERS:
        raise BadInput(code="tally.unknown_matter", matter=matter)
    if seats is not None and seats < 1:
        raise BadInput(code="tally.seats_too_few", seats=seats)
    register = build_register(units, rules, unit_locate)
    chosen = choose_ballots(register, ballots, rules, ballot_locate)
    return tally(register, chosen, rules, matter, seats, candidates, ballot_locate)
