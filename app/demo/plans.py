"""Which demo compound holds which election, and where each stands today.

A compound preparing its first committee has a first election under way; a compound with a
sitting committee elected it (first election) months or years ago, some re-elected it since, and
some are re-electing it now as its term nears its end (no term runs out unrenewed: that would
break the law, and the demo obeys it). Most elections under way are within their stage's
time limit; a few sit past it (only at stages where that breaks no law), as in a real district.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.demo import names
from app.demo.elections import Owner, Plan, days_to_finish, days_to_reach, stage_limit, stages_of
from app.elections import stages
from app.rules import Rules, load_rules

if TYPE_CHECKING:
    from app.demo.builder import DemoBuilder

YEAR = 365
# Stages an election may sit in past its time limit without breaking a law (the street office is
# slow, nobody is wronged); at the others (the vote, the filing) a demo election keeps its time.
MAY_BE_LATE = frozenset({"application", "checkpoint_timing", "group_formed", "checkpoint_group",
                         "candidates_nominated", "checkpoint_candidates"})
LATE_SHARE = 0.1
BY_ELECTION_SHARE = 0.06  # of compounds with a committee
EARLY_SHARE = 0.02
LATE_FIRST = 2  # the first elections that may be late are (so even the small demo shows some)


def owners_of(builder: DemoBuilder, compound_id: str) -> list[Owner]:
    """The compound's owners, one per owner (the developer's unsold parts own nothing)."""
    seen: dict[str, Owner] = {}
    for unit in builder.units_by_compound[compound_id]:
        if not unit["developer_unsold"] and unit["owner_key"] not in seen:
            seen[unit["owner_key"]] = Owner(unit["owner_key"], unit["owner_name"], unit["id"],
                                            unit["area_m2"],
                                            unit["owner_key"] in builder.party_owner_keys)
    return list(seen.values())


class Planner:
    def __init__(self, builder: DemoBuilder, rules: Rules) -> None:
        self.b, self.rules, self.today = builder, rules, builder.today
        self.rng = builder.rng
        self.street_of_community = {c["id"]: c["street_id"] for c in builder.communities}
        self.signers: dict[str, str] = {}
        self.late_first = LATE_FIRST
        flow = stages.flow("reelection", rules)
        # a re-election is reported this many days (or more) before the term ends
        self.report_days = ((flow.report_months or 0) if flow is not None else 0) * 31 + 7
        self.by_elections_first = 0  # set by plan_elections: the small demo shows one
        self.early_first = 0  # likewise for an early re-election
        # the first re-elections under way stand where the kind's own stage names show
        self.forced_reelection = iter(("group_formed", "checkpoint_timing"))

    def signer(self, compound: dict[str, Any]) -> str:
        """The street office's caseworker who signs the compound's checkpoints."""
        street = self.street_of_community[compound["community_id"]]
        if street not in self.signers:
            self.signers[street] = self.b.person()
        return self.signers[street]

    def seats(self, owners: int) -> int:
        if owners < 45:
            return 5
        if owners < 150:
            return self.rng.choice((5, 7, 7))
        return self.rng.choice((7, 9, 9, 11))

    def plan(self, compound: dict[str, Any], kind: str, target: str, start: date) -> Plan:
        owners = owners_of(self.b, compound["id"])
        return Plan(
            compound_id=compound["id"], compound_name=compound["name"], kind=kind, target=target,
            seats=self.seats(len(owners)), start=start, signer=self.signer(compound),
            place=f"{compound['name']}{self.rng.choice(names.MEETING_PLACES)}", owners=owners,
            officials=[self.b.person() for _ in range(4)], seed=self.rng.getrandbits(32))

    def under_way(self, compound: dict[str, Any], kind: str, target: str) -> Plan:
        """An election standing at `target` today, entered a few days ago (a few: long ago)."""
        limit = stage_limit(kind, target, self.rules) or 15
        late = target in MAY_BE_LATE and (self.late_first > 0 or self.rng.random() < LATE_SHARE)
        if late:
            self.late_first -= 1
            waited = limit + self.rng.randint(3, 40)
        elif target == "voting":  # still voting: the vote runs two weeks
            waited = self.rng.randint(0, 6)
        elif target == "tallied":  # the first meeting is due within days of the election
            waited = self.rng.randint(0, max(0, self.rules.term.first_meeting_days - 3))
        else:
            waited = self.rng.randint(0, max(0, min(limit, 12) - 3))
        start = self.today - timedelta(days=waited + days_to_reach(kind, target, self.rules))
        return self.plan(compound, kind, target, start)

    def finished(self, compound: dict[str, Any], kind: str, ended: date) -> Plan:
        """An election completed on `ended`."""
        final = stages_of(kind, self.rules)[-1]
        start = ended - timedelta(days=days_to_finish(kind, self.rules))
        return self.plan(compound, kind, final, start)

    def for_compound(self, compound: dict[str, Any], status: str, forced: str | None) -> list[Plan]:
        rng, today = self.rng, self.today
        first_stages = stages_of("first", self.rules)
        if status == "preparing":
            target = forced or rng.choice(first_stages[:-1])
            return [self.under_way(compound, "first", target)]
        # A term that ran out without a re-election breaks the law (指导规则第三十二条): the demo's
        # compounds whose term is ending are re-electing in time instead.
        roll = 0.9 if status == "expired" else rng.random()
        if self.by_elections_first > 0 or roll < BY_ELECTION_SHARE:
            self.by_elections_first -= 1
            return self.with_by_election(compound)
        if self.early_first > 0 or roll < BY_ELECTION_SHARE + EARLY_SHARE:
            self.early_first -= 1
            return self.with_early_reelection(compound)
        if roll < 0.55:
            return [self.finished(compound, "first", today - timedelta(days=rng.randint(60, 1560)))]
        if roll < 0.85:  # re-elected in time: reported the months ahead the rules ask
            again = today - timedelta(days=rng.randint(60, 700))
            early = max(0, self.report_days - days_to_finish("reelection", self.rules))
            first = again - timedelta(days=5 * YEAR - early - rng.randint(10, 60))
            return [self.finished(compound, "first", first),
                    self.finished(compound, "reelection", again)]
        order = stages_of("reelection", self.rules)
        target = next(self.forced_reelection, None) or rng.choice(order[:-1])
        plan = self.under_way(compound, "reelection", target)
        term_left = max(120, self.report_days) + rng.randint(0, 80) \
            + days_to_finish("reelection", self.rules) - days_to_reach("reelection", target, self.rules)
        first = today + timedelta(days=term_left) - timedelta(days=5 * YEAR)
        return [self.finished(compound, "first", first), plan]


    def with_by_election(self, compound: dict[str, Any]) -> list[Plan]:
        """A committee elected a year or more ago; a member moved away some months later and
        no alternate was waiting: a by-election fills the seat (done, or under way now)."""
        rng, today = self.rng, self.today
        elected = today - timedelta(days=rng.randint(420, 1300))
        first = self.finished(compound, "first", elected)
        left = elected + timedelta(days=rng.randint(90, 300))
        start = left + timedelta(days=rng.randint(20, 50))
        order = stages_of("by_election", self.rules)
        if rng.random() < 0.5:  # still under way
            target = rng.choice(order[:-1])
            by = self.under_way(compound, "by_election", target)
            start = min(by.start, today)
            left = min(left, start - timedelta(days=20))
            by.start = start
        else:
            end = start + timedelta(days=days_to_finish("by_election", self.rules))
            by = self.finished(compound, "by_election", min(end, today - timedelta(days=5)))
            left = min(left, by.start - timedelta(days=20))
        by.seats = 1
        by.vacancy_on = max(left, elected + timedelta(days=30))
        by.leaving = 1
        return [first, by]

    def with_early_reelection(self, compound: dict[str, Any]) -> list[Plan]:
        """A committee elected a year or two ago lost more than half its members in a few
        weeks with no alternate waiting: an early re-election (提前换届) is under way."""
        rng = self.rng
        target = rng.choice(stages_of("early", self.rules)[:-1])
        early = self.under_way(compound, "early", target)
        elected = early.start - timedelta(days=rng.randint(300, 700))
        first = self.finished(compound, "first", elected)
        early.seats = first.seats
        early.leaving = first.seats // 2 + 1
        early.vacancy_on = early.start - timedelta(days=7 * early.leaving + rng.randint(10, 30))
        return [first, early]


def plan_elections(builder: DemoBuilder, rules: Rules | None = None) -> list[Plan]:
    """Every demo election in the order it must be driven (a compound's older one first). The
    first compounds preparing an election take each stage in turn, so every stage is shown."""
    rules = rules or load_rules()
    planner = Planner(builder, rules)
    planner.by_elections_first = planner.early_first = 1
    forced = iter(stages_of("first", rules)[:-1])
    plans: list[Plan] = []
    for compound in builder.compound_rows:
        status = builder.planned_status[compound["id"]]
        if status == "none":
            continue
        plans += planner.for_compound(compound, status,
                                      next(forced, None) if status == "preparing" else None)
    return plans
