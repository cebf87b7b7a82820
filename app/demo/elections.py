"""Demo elections, driven through the real workflow: every demo election is created, staffed,
signed off, voted and counted by the same services a caseworker's clicks call, on simulated
days, so it carries real signed approvals and passes every check at every checkpoint.

A `Plan` says where an election should stand today; `drive` walks it there stage by stage,
doing at each stage what the stage needs (group, candidates, vote arrangements, ballots, …)
before asking the workflow to move on. Nothing here writes an election row past the services.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.elections import ballots, service, signoff, stages, vote_dates, workflow
from app.elections.procedure import set_reps_published
from app.rules import Rules
from db.models import Election

# How many days an election dwells in a stage before the next step (the candidate notice's
# dwell is computed from the rules: the objection window and the 15-day assembly notice).
DWELL = {
    "application": 3, "checkpoint_timing": 4, "group_formed": 16, "checkpoint_group": 3,
    "candidates_nominated": 18, "checkpoint_candidates": 4, "voting": 14, "tallied": 4,
    "seated": 12, "filed": 12,
}
DEFAULT_DWELL = 5
PAPER_BALLOTS = 4  # per counted election, the rest voted on the e-voting platform
PAPER_BALLOTS_VOTING = 15  # an election still voting: the paper ballots typed in so far
GROUP_OFFICIALS = (  # role, is leader
    ("street_office", True), ("party_committee", False), ("police", False),
    ("residents_committee", False),
)
NOMINATED_BY = ("业主自荐", "业主联名推荐", "社区党委推荐")


@dataclass(frozen=True)
class Owner:
    """One owner of the compound's register, as the demo picks people from it."""

    key: str
    name: str
    unit_id: str
    area: Any
    party: bool = False  # a party member (in the party members' list, linked by name)


@dataclass
class Plan:
    """One demo election: where it stands today and what it is made of."""

    compound_id: str
    compound_name: str
    kind: str
    target: str  # the stage it is left at
    seats: int
    start: date  # the application day
    signer: str  # the street office's caseworker who signs its checkpoints
    place: str
    owners: list[Owner]  # the compound's owners (developer's unsold parts excluded)
    officials: list[str]  # names for the group's officials (street office first)
    seed: int = 0
    vacancy_on: date | None = None  # a by-election's or early one's: the day members left
    leaving: int = 0  # how many sitting members left then (a week apart)


def stages_of(kind: str, rules: Rules) -> tuple[str, ...]:
    """The kind's stage list, as the rules file's [kinds] gives it."""
    return stages.stages_for(kind, rules)


def stage_limit(kind: str, stage: str, rules: Rules) -> int | None:
    """The district's time limit for the stage (None where a law times it, or none is set)."""
    found = stages.flow(kind, rules)
    return found.stage_days.get(stage) if found is not None else None


def dwell(stage: str, rules: Rules) -> int:
    if stage == "candidate_notice":
        window = max(rules.periods.candidate_notice_days, rules.periods.objection_days)
        return max(window, rules.assembly_notice_days) + 1
    return DWELL.get(stage, DEFAULT_DWELL)


def days_to_reach(kind: str, target: str, rules: Rules) -> int:
    """Days from the application to the day the election enters `target`."""
    stages = stages_of(kind, rules)
    return sum(dwell(s, rules) for s in stages[:stages.index(target)])


def days_to_finish(kind: str, rules: Rules) -> int:
    return days_to_reach(kind, stages_of(kind, rules)[-1], rules)


def _moment(day: date, hour: int = 10) -> datetime:
    from app.agenda_rules import local_zone

    return datetime.combine(day, time(hour, 0), tzinfo=local_zone()).astimezone(UTC)


def _share_count(need: Fraction, whole: int) -> int:
    """The least count whose share of `whole` reaches `need`."""
    count = (need.numerator * whole + need.denominator - 1) // need.denominator
    return min(whole, count)


class Driver:
    """Walks one plan's election through the workflow, one stage at a time."""

    def __init__(self, session: Session, plan: Plan, rules: Rules, today: date) -> None:
        self.session, self.plan, self.rules, self.today = session, plan, rules, today
        self.rng = random.Random(plan.seed)
        self.reps: list[Owner] = []
        self.candidates: list[Owner] = []
        self.voters: list[Owner] = []
        self.sitting: set[str] = set()  # the sitting committee's members (a re-election's)
        self.election: Election | None = None

    # ---- the walk ----------------------------------------------------------------------
    def drive(self) -> Election:
        plan = self.plan
        day = plan.start
        if plan.vacancy_on is not None:
            self.members_leave(plan.vacancy_on, plan.leaving)
        self.sitting = sitting_members(self.session, plan.compound_id)
        election = service.create_election(self.session, plan.compound_id, plan.kind, plan.seats,
                                           self.rules, day, day)
        self.election = election
        self.apply(day)
        order = stages_of(plan.kind, self.rules)
        while election.stage != plan.target:
            here = election.stage
            nxt = order[order.index(here) + 1]
            day = self.leave_day(here, day)
            if day > self.today:
                break  # the simulated calendar may not pass today
            self.step(here, nxt, day)
        return election

    def leave_day(self, stage: str, entered: date) -> date:
        election = self.election
        assert election is not None
        if stage == "candidate_notice":
            earliest = vote_dates.earliest_vote_start(election, self.rules)
            return earliest or entered + timedelta(days=dwell(stage, self.rules))
        if stage == "voting" and election.vote_end is not None:
            return election.vote_end + timedelta(days=1)
        return entered + timedelta(days=dwell(stage, self.rules))

    def step(self, here: str, nxt: str, day: date) -> None:
        election = self.election
        assert election is not None
        checkpoint = workflow.STAGE_CHECKPOINT.get(here)
        prepare = PREPARE.get(nxt)
        if prepare is not None:
            prepare(self, day)
        if checkpoint is not None:
            signoff.sign_checkpoint(
                self.session, election, checkpoint, "approved", self.plan.signer, self.rules, day,
                comment=sign_comment(checkpoint, election.kind), signed_at=_moment(day))
        else:
            workflow.advance(self.session, election, nxt, self.rules, day)
        after = AFTER.get(nxt)
        if after is not None:
            after(self, day)

    # ---- what each stage needs ---------------------------------------------------------
    def apply(self, day: date) -> None:
        """The owners' application: enough owners to meet the district's applicant share."""
        election = self.election
        assert election is not None
        owners = self.plan.owners
        count = _share_count(self.rules.trigger.applicant_share, len(owners)) + self.rng.randint(1, 4)
        count = min(count, len(owners))
        area = sum((o.area for o in owners[:count]), start=0)
        service.update_application(self.session, election, day, count, str(area),
                                   self.plan.seats, self.rules)
        from app.elections.timing_facts import TimingFacts, update_timing_facts

        if election.kind == "first":  # the community party committee's opinion (先建支部)
            facts = TimingFacts(party_opinion_on=day, party_opinion=PARTY_OPINION)
        elif election.kind == "by_election":  # why: a seat is vacant, no alternate waits
            facts = TimingFacts(trigger="vacancies")
        elif election.kind == "early":  # fewer than half the members remain
            facts = TimingFacts(trigger="too_few")
        else:  # the sitting committee reports the re-election to the street office
            facts = TimingFacts(reported_on=day)
        update_timing_facts(self.session, election, facts, self.rules, day)

    def group(self, day: date) -> None:
        """The preparatory group (or the re-election group): the officials, the street office's
        representative leading it, and owner representatives enough of them party members."""
        election = self.election
        assert election is not None
        g = self.rules.group
        for (role, leader), name in zip(GROUP_OFFICIALS, self.plan.officials, strict=False):
            service.save_group_member(self.session, election, name, role, is_leader=leader,
                                      is_party_member=role == "party_committee")
        reps = self.rng.randint(g.owner_reps_min, min(g.owner_reps_max, g.max_members - 4))
        party_reps = _share_count(self.rules.party_share.owner_reps, reps)
        self.reps = self.pick(party_reps, self.sitting, party=True)
        self.reps += self.pick(reps - len(self.reps), self.sitting | {o.name for o in self.reps},
                               party=False)
        for owner in self.reps:
            service.save_group_member(self.session, election, owner.name, "owner_rep",
                                      is_party_member=owner.party, unit_id=owner.unit_id)
        # the representatives were published in the community well before the group acts
        days = self.rules.procedure.reps_publication.days + self.rng.randint(1, 4)
        set_reps_published(self.session, election, day - timedelta(days=days), day)

    def nominate(self, day: date) -> None:
        """Candidates: two more than the seats, owners, none of the group's representatives,
        enough party members (from the compound's party members); a re-election's sitting
        members may stand again. The favoured (listed first) are enough party members that the
        elected committee keeps the share."""
        election = self.election
        assert election is not None
        count = self.plan.seats + 2
        party_needed = _share_count(self.rules.party_share.candidates, count)
        standing_again = election.kind in ("reelection", "early")  # a by-election fills a seat
        again = list({o.name: o for o in self.plan.owners
                      if standing_again and o.name in self.sitting}.values())[: count // 2]
        avoid = set() if standing_again else set(self.sitting)
        avoid |= {o.name for o in [*self.reps, *again]}
        party = self.pick(max(0, party_needed - sum(o.party for o in again)), avoid, party=True)
        avoid |= {o.name for o in party}
        others = self.pick(count - len(again) - len(party), avoid, party=False)
        self.candidates = [*again, *party, *others]
        for owner in self.candidates:
            service.save_candidate(self.session, election, owner.name, unit_id=owner.unit_id,
                                   is_party_member=owner.party,
                                   nominated_by=self.rng.choice(NOMINATED_BY))

    def arrange_vote(self, day: date) -> None:
        """Vote dates and place, fixed during the notice (the earliest day the rules allow)."""
        election = self.election
        assert election is not None
        from app.elections.timing_facts import update_assembly_notice

        # the owners' assembly is announced with the candidate list
        update_assembly_notice(self.session, election, election.notice_published_on, self.rules,
                               day)
        start = vote_dates.earliest_vote_start(election, self.rules) or day
        service.update_vote_arrangements(self.session, election, start,
                                         start + timedelta(days=DWELL["voting"] - 1),
                                         self.plan.place, True, self.rules)

    def vote(self, day: date) -> None:
        """Ballots: most owners vote on the e-voting platform (imported when it closes), some
        on paper at the polling place. The favoured candidates win clearly; an election still
        voting has only its first paper ballots."""
        election = self.election
        assert election is not None
        counted = self.plan.target != "voting"
        names = [o.name for o in self.candidates]
        favoured = names[: self.plan.seats]
        owners = list(self.plan.owners)
        self.rng.shuffle(owners)
        turnout = self.rng.uniform(0.8, 0.92) if counted else self.rng.uniform(0.2, 0.4)
        voters = owners[: max(1, int(len(owners) * turnout))]
        self.voters = voters
        # a handful of paper ballots typed in at the polling place (each one is a transaction
        # of its own in the app: the demo keeps them few)
        paper_count = min(len(voters), PAPER_BALLOTS_VOTING if not counted else PAPER_BALLOTS)
        paper, online = voters[:paper_count], voters[paper_count:]
        start, end = election.vote_start or day, min(election.vote_end or day, self.today)
        span = max(0, (end - start).days)
        for owner in paper:
            ballots.enter_paper_ballot(self.session, election, owner.key, self.ballot(names, favoured),
                                       self.rules, start + timedelta(days=self.rng.randint(0, span)))
        if online:
            self.import_e_votes([(o.key, self.ballot(names, favoured)) for o in online])

    def ballot(self, names: list[str], favoured: list[str]) -> str:
        chosen = [n for n in names if self.rng.random() < (0.85 if n in favoured else 0.2)]
        return ";".join(chosen[: self.plan.seats])

    def import_e_votes(self, rows: list[tuple[str, str]]) -> None:
        """The e-voting platform's export, imported as the caseworker imports it (a CSV file)."""
        import csv

        election = self.election
        assert election is not None
        with tempfile.TemporaryDirectory(prefix="demo-evote-") as folder:
            path = Path(folder) / "e-votes.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["owner_id", "vote"])
                writer.writerows(rows)
            ballots.import_e_votes(self.session, election, path, self.rules)

    def statutes(self, day: date) -> None:
        """A first assembly also adopts the 管理规约 and the 业主大会议事规则, voted on the same
        ballot papers as the committee: recorded with the figures of the count."""
        election = self.election
        assert election is not None
        procedure = self.rules.procedure
        if election.kind != "first":
            return
        from app.elections.stored_tally import stored_tally
        from app.owners_votes.records import SUBJECT_NAMES, VoteInput, record_vote

        tally = stored_tally(election) or {}
        voted_owners = int(tally.get("participating_owners") or 0)
        voted_area = Decimal(str(tally.get("participating_area") or "0"))
        if not voted_owners:
            voted_owners = len(self.voters)
            voted_area = sum((o.area for o in self.voters), Decimal(0))
        for subject in procedure.first_assembly.statute_votes:
            yes_share = Decimal(self.rng.randint(80, 95)) / 100
            record_vote(self.session, VoteInput(
                compound_id=election.compound_id, subject=subject,
                title=f"{self.plan.compound_name}{SUBJECT_NAMES.get(subject, subject)}",
                held_on=election.vote_end or day, voted_owners=voted_owners,
                voted_area_m2=voted_area, yes_owners=int(voted_owners * yes_share),
                yes_area_m2=(voted_area * yes_share).quantize(Decimal("0.01")),
                election_id=election.id, note="与业委会选举同场表决"), self.rules)

    def members_leave(self, day: date, count: int) -> None:
        """Members (not officers) move away a week apart; with no alternate waiting their seats
        stay vacant (one: a by-election; below half: an early re-election)."""
        from app.committee.records import active_committee, members, seated
        from app.committee.vacancies import leave

        committee = active_committee(self.session, self.plan.compound_id)
        assert committee is not None, "a by-election or early re-election needs a committee"
        for n in range(count):
            left = day + timedelta(days=7 * n)
            plain = [m for m in seated(members(self.session, committee.id), left)
                     if m.role == "member"]
            leave(self.session, committee, self.rng.choice(plain).id, left, "moved_out",
                  self.rules, left)

    def first_meeting(self, day: date) -> None:
        """The new committee's first meeting chooses its 主任 (a party member where one sits)
        and one or two 副主任, within the days the rules allow."""
        from app.committee.officers import record_first_meeting
        from app.committee.records import committee_of, members, seated

        election = self.election
        assert election is not None
        committee = committee_of(self.session, election)
        if committee is None or committee.first_meeting_on is not None:
            return  # a by-election's members join a committee that has met
        sitting = seated(members(self.session, committee.id), day)
        ordered = sorted(sitting, key=lambda m: (not m.is_party_member, m.rank))
        deputies = [m.id for m in ordered[1: 2 if len(ordered) <= 5 else 3]]
        held = max(committee.term_start or day, day - timedelta(days=1))
        record_first_meeting(self.session, committee, held, ordered[0].id, deputies, day)

    def filing(self, day: date) -> None:
        """The filing: every material of the checklist handed in, both bodies' receipts."""
        from app.committee.filing import record_receipt, set_material
        from app.committee.records import committee_of

        election = self.election
        assert election is not None
        committee = committee_of(self.session, election)
        if committee is None:
            return
        for material in self.rules.term.materials_for(election.kind):
            if material.required:
                set_material(committee, material.key, True, self.rules)
        record_receipt(committee, "street", day - timedelta(days=self.rng.randint(1, 3)), day)
        record_receipt(committee, "housing", day, day)
        self.session.flush()

    # ---- people ------------------------------------------------------------------------
    def pick(self, count: int, avoid: set[str], party: bool) -> list[Owner]:
        """`count` owners with distinct names (a ballot names candidates by name), party members
        or not as asked."""
        seen = set(avoid)
        chosen: list[Owner] = []
        if count <= 0:
            return chosen
        pool = [o for o in self.plan.owners if o.party == party]
        self.rng.shuffle(pool)
        for owner in pool:
            if owner.name in seen:
                continue
            seen.add(owner.name)
            chosen.append(owner)
            if len(chosen) == count:
                break
        return chosen


PARTY_OPINION = "小区党支部已建立，居住在小区的党员已摸排登记，同意启动首次业主大会筹备工作。"
SIGN_COMMENTS = {
    ("timing", "first"): "经核查，具备筹备首次业主大会会议条件，同意成立筹备组。",
    ("timing", "reelection"): "业主委员会已于任期届满前报告换届，同意组织换届选举。",
    ("timing", "by_election"): "委员出缺且候补委员已递补完毕，同意补选。",
    ("group", "first"): "筹备组人选符合规定，同意。",
    ("group", "reelection"): "换届小组人选符合规定，同意。",
    ("timing", "early"): "委员不足原有人数半数且无候补委员，同意提前换届。",
    ("group", "early"): "换届小组人选符合规定，同意。",
}


def sign_comment(checkpoint: str, kind: str) -> str:
    """What the street office writes when it approves (the candidates' wording fits every kind)."""
    return SIGN_COMMENTS.get((checkpoint, kind), "候选人资格经核查符合条件，同意公示。"
                             if checkpoint == "candidates" else "经核查符合规定，同意。")
# What is done before entering a stage (the workflow's guard reads it) …
PREPARE: dict[str, Callable[[Driver, date], None]] = {
    "checkpoint_group": Driver.group,
    "checkpoint_candidates": Driver.nominate,
    "voting": Driver.arrange_vote,
    "seated": Driver.first_meeting,
    "filed": Driver.filing,
}
# … and right after entering it.
AFTER: dict[str, Callable[[Driver, date], None]] = {
    "voting": Driver.vote,
    "tallied": Driver.statutes,
}


def sitting_members(session: Session, compound_id: str) -> set[str]:
    from sqlalchemy import select

    from db.models import CommitteeMember, OwnersCommittee

    return set(session.scalars(
        select(CommitteeMember.name).join(OwnersCommittee,
                                          OwnersCommittee.id == CommitteeMember.committee_id)
        .where(OwnersCommittee.compound_id == compound_id, OwnersCommittee.status == "active",
               OwnersCommittee.deleted_at.is_(None), CommitteeMember.deleted_at.is_(None),
               CommitteeMember.left_on.is_(None))))


def drive(session: Session, plan: Plan, rules: Rules, today: date) -> Election:
    """Walk the plan's election to its target stage through the workflow services."""
    driver = Driver(session, plan, rules, today)
    try:
        return driver.drive()
    except Exception as exc:
        stage = driver.election.stage if driver.election is not None else "-"
        exc.add_note(f"demo election: {plan.compound_name} {plan.kind} → {plan.target}, at {stage}")
        raise
