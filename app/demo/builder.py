"""Builds the demo district as plain row dicts, table by table, from one seeded random generator.

Everything (ids included) comes from the generator and a reference date, so two runs with the same
size and date produce the same rows. Rows are dicts so they can go straight into `bulk_insert`.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from app.demo import names
from db.models.agenda import AGENDA_CATEGORIES, AGENDA_SOURCES, AGENDA_STAGES
from db.models.elections import ELECTION_STAGES
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES
from db.models.party import FOUND_VIA

Row = dict[str, Any]
CENT = Decimal("0.01")
DEMO_NOTE = "演示数据（虚构，仅供试用）"


@dataclass(frozen=True)
class Size:
    """How big the demo district is."""

    communities_per_street: int
    compounds: int
    units: int
    agenda_items: int
    party_members: int
    companies: int


SIZES = {
    "small": Size(communities_per_street=2, compounds=60, units=3_000, agenda_items=300,
                  party_members=240, companies=8),
    "large": Size(communities_per_street=6, compounds=2_000, units=200_000, agenda_items=20_000,
                  party_members=5_000, companies=60),
}

# The path an agenda item takes to reach each stage (the history its stage events record).
AGENDA_PATHS = {
    "listen": ("listen",),
    "discuss": ("listen", "discuss"),
    "decide": ("listen", "discuss", "decide"),
    "doing": ("listen", "discuss", "decide", "doing"),
    "answered": ("listen", "discuss", "decide", "doing", "answered"),
    "closed": ("listen", "discuss", "decide", "doing", "answered", "closed"),
    "referred": ("listen", "discuss", "referred"),
}
GROUP_ROLES = ("street_office", "party_committee", "police", "residents_committee", "developer")
ATTENDANCE_ROLES = ("party_branch", "committee", "property", "street_office", "police", "resident")


@dataclass
class Tables:
    """Rows per table, in the order they were built (which respects foreign keys)."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, row: Row) -> Row:
        self.rows[table].append(row)
        return row


class DemoBuilder:
    """Generates the district; call `build()` once."""

    def __init__(self, size: Size, today: date, seed: int = 20240501) -> None:
        from app.agenda_rules import local_zone

        self.zone = local_zone()
        self.size = size
        self.today = today
        self.rng = random.Random(seed)
        self.t = Tables()
        self.units_by_compound: dict[str, list[Row]] = defaultdict(list)
        self.members_by_compound: dict[str, list[Row]] = defaultdict(list)
        self.branch_of_compound: dict[str, str] = {}
        self.used_names: set[str] = set()
        # compound id → party member id; set after both exist (a tracked update, FK-safe order).
        self.liaisons: dict[str, str] = {}

    # ---- small helpers -------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def person(self) -> str:
        given = "".join(self.rng.choice(names.GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(names.SURNAMES) + given

    def phone(self) -> str:
        return f"13{self.rng.randint(0, 9)}{self.rng.randint(0, 99_999_999):08d}"

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def moment(self, day: date, hour: int = 9) -> datetime:
        """A time of day in the caseworkers' zone (a 19:00 meeting is 19:00 in Shenzhen)."""
        minute = self.rng.choice((0, 15, 30, 45))
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(UTC)

    # ---- the district --------------------------------------------------------------------
    def build(self) -> Tables:
        self.streets_and_communities()
        self.companies()
        self.compounds()
        self.branches()
        self.party_members()
        self.units()
        self.elections_and_committees()
        self.meetings_and_agenda()
        return self.t

    def streets_and_communities(self) -> None:
        heads = list(names.COMMUNITY_HEADS)
        self.rng.shuffle(heads)
        self.communities: list[Row] = []
        for index, street_name in enumerate(names.STREETS):
            street = self.t.add("streets", {"id": self.new_id(), "name": street_name,
                                            "district": "龙岗区"})
            for k in range(self.size.communities_per_street):
                head = heads[(index * self.size.communities_per_street + k) % len(heads)]
                community = self.t.add("communities", {
                    "id": self.new_id(), "street_id": street["id"], "name": f"{head}社区"})
                self.communities.append(community)

    def companies(self) -> None:
        self.company_rows: list[Row] = []
        for index in range(self.size.companies):
            head = names.COMPANY_HEADS[index % len(names.COMPANY_HEADS)]
            prefix = "深圳市" if index < len(names.COMPANY_HEADS) else f"深圳市{names.STREETS[index % 11]}"
            kind = names.COMPANY_KINDS[(index // len(names.COMPANY_HEADS)) % 3]
            self.company_rows.append(self.t.add("property_companies", {
                "id": self.new_id(),
                "name": f"{prefix}{head}{kind}{names.DEMO_MARK}",
                "credit_code": f"91440300{self.rng.randint(0, 10**9):09d}X",
                "contact_phone": f"0755-{self.rng.randint(2000_0000, 8999_9999)}",
            }))

    def compound_name(self, index: int) -> str:
        if index < len(names.FIXED_COMPOUNDS):
            name = names.FIXED_COMPOUNDS[index]
        else:
            while True:
                name = (self.rng.choice(names.COMPOUND_HEADS) + self.rng.choice(names.COMPOUND_TAILS)
                        + self.rng.choice(names.PHASES))
                if name not in self.used_names:
                    break
        self.used_names.add(name)
        return name

    def compounds(self) -> None:
        self.compound_rows: list[Row] = []
        for index in range(self.size.compounds):
            community = self.communities[index % len(self.communities)]
            stage = LIFECYCLE_STAGES[index % len(LIFECYCLE_STAGES)] if index < 10 else \
                self.rng.choices(LIFECYCLE_STAGES, weights=(1, 2, 3, 10, 1))[0]
            if stage in ("孕育期", "出生期"):
                status = "none"
            elif index < len(COMMITTEE_STATUSES) * 3:
                status = COMMITTEE_STATUSES[index % len(COMMITTEE_STATUSES)]
            else:
                status = self.rng.choices(COMMITTEE_STATUSES, weights=(3, 2, 6, 1))[0]
            delivered = self.days_ago(200, 9000) if stage != "孕育期" else None
            company = self.rng.choice(self.company_rows) if stage != "孕育期" else None
            row = self.t.add("compounds", {
                "id": self.new_id(), "community_id": community["id"],
                "name": self.compound_name(index),
                "address": f"{self.rng.choice(names.ROADS)}{self.rng.randint(1, 999)}号",
                "lifecycle_stage": stage, "households": 0, "building_area_m2": Decimal("0.00"),
                "delivered_on": delivered,
                "property_company_id": company["id"] if company else None,
                "committee_status": status,
                "residents_committee_acting": status == "none" and self.rng.random() < 0.6,
                "instructor_name": None, "liaison_member_id": None, "note": DEMO_NOTE,
            })
            self.compound_rows.append(row)
            if stage != "孕育期":
                changed = delivered or self.today
                self.t.add("lifecycle_changes", {
                    "id": self.new_id(), "compound_id": row["id"], "from_stage": "孕育期",
                    "to_stage": stage, "changed_on": changed, "note": "",
                })

    def branches(self) -> None:
        by_community: dict[str, list[Row]] = defaultdict(list)
        for compound in self.compound_rows:
            by_community[compound["community_id"]].append(compound)
        for community_id, compounds in by_community.items():
            position = 0
            while position < len(compounds):
                roll = self.rng.random()
                if roll < 0.5:
                    group = compounds[position:position + 1]
                elif roll < 0.72 and position + 1 < len(compounds):
                    group = compounds[position:position + self.rng.randint(2, 4)]
                else:
                    group = []
                    uncovered = compounds[position]
                    if self.rng.random() < 0.5:
                        uncovered["instructor_name"] = self.person()
                    position += 1
                    continue
                position += len(group)
                kind = "single" if len(group) == 1 else "joint"
                name = f"{group[0]['name']}党支部" if kind == "single" else \
                    f"{group[0]['name']}等{len(group)}个小区联合党支部"
                branch = self.t.add("party_branches", {
                    "id": self.new_id(), "community_id": community_id, "name": name,
                    "kind": kind, "secretary_name": self.person(),
                    "founded_on": self.days_ago(60, 2500),
                })
                for compound in group:
                    self.branch_of_compound[compound["id"]] = branch["id"]
                    self.t.add("branch_compounds", {
                        "id": self.new_id(), "branch_id": branch["id"],
                        "compound_id": compound["id"]})

    def party_members(self) -> None:
        compounds = self.compound_rows
        for index in range(self.size.party_members):
            compound = compounds[index % len(compounds)] if index < len(compounds) else \
                self.rng.choice(compounds)
            branch_id = self.branch_of_compound.get(compound["id"])
            linked = branch_id is not None and self.rng.random() < 0.75
            member = self.t.add("party_members", {
                "id": self.new_id(), "name": self.person(),
                "phone": self.phone() if self.rng.random() < 0.8 else None,
                "compound_id": compound["id"],
                "building": f"{self.rng.randint(1, 6)}栋",
                "room": f"{self.rng.randint(1, 30)}{self.rng.randint(1, 4):02d}",
                "branch_id": branch_id if linked else None,
                "found_via": FOUND_VIA[index % 2] if linked or self.rng.random() < 0.3 else None,
                "on_committee": self.rng.random() < 0.1,
                "works_for_property": self.rng.random() < 0.05,
            })
            self.members_by_compound[compound["id"]].append(member)
        for compound in compounds:
            members = self.members_by_compound.get(compound["id"])
            if members and self.rng.random() < 0.4:
                self.liaisons[compound["id"]] = members[0]["id"]

    def units(self) -> None:
        per_compound = self.size.units // len(self.compound_rows)
        extra = self.size.units - per_compound * len(self.compound_rows)
        for index, compound in enumerate(self.compound_rows):
            count = per_compound + (1 if index < extra else 0)
            buildings = self.rng.randint(2, 6)
            owners: list[tuple[str, str]] = []
            total = Decimal(0)
            for j in range(count):
                building = f"{j % buildings + 1}栋"
                place = j // buildings
                room = f"{place // 4 + 1}{place % 4 + 1:02d}"
                area = (Decimal(self.rng.randint(4_500, 16_000)) / 100).quantize(CENT)
                if self.rng.random() < 0.03:
                    owner_name, owner_key, unsold = "开发商（未售）", f"DEV-{index:05d}", True
                elif owners and self.rng.random() < 0.05:
                    owner_name, owner_key = self.rng.choice(owners)
                    unsold = False
                else:
                    owner_name, owner_key = self.person(), f"O{index:05d}-{j:04d}"
                    owners.append((owner_name, owner_key))
                    unsold = False
                total += area
                unit = self.t.add("units", {
                    "id": self.new_id(), "compound_id": compound["id"], "building": building,
                    "room": room, "owner_name": owner_name, "owner_key": owner_key,
                    "area_m2": area, "developer_unsold": unsold,
                    "phone": None if unsold or self.rng.random() < 0.5 else self.phone(),
                })
                self.units_by_compound[compound["id"]].append(unit)
            compound["households"] = count
            compound["building_area_m2"] = total.quantize(CENT)

    # ---- elections ---------------------------------------------------------------------
    def elections_and_committees(self) -> None:
        forced = iter(ELECTION_STAGES)
        for compound in self.compound_rows:
            status = compound["committee_status"]
            if status == "preparing":
                stage = next(forced, None) or self.rng.choice(ELECTION_STAGES[:9])
                kind = "first"
            elif status in ("active", "expired"):
                stage = next(forced, None) or self.rng.choice(("filed", "seated", "seated"))
                kind = self.rng.choice(("first", "reelection"))
            else:
                continue
            election = self.election(compound, stage, kind)
            if status in ("active", "expired") and stage in ("filed", "seated"):
                self.committee(compound, election, status)

    def counted(self, election: Row, units: list[Row], candidates: list[str],
                ballots: list[Row]) -> list[str]:
        """Tally the demo ballots with the real rules, store the result, mark who was elected."""
        import json

        from app.elections.register import DEVELOPER_KEY
        from app.elections.tally import build_register, choose_ballots, tally
        from app.rules import load_rules

        rules = load_rules()
        register = build_register(
            [(u["id"], DEVELOPER_KEY if u["developer_unsold"] else u["owner_key"], u["area_m2"],
              u["developer_unsold"]) for u in units], rules)
        cast = [(b["owner_key"], b["vote"], b["channel"]) for b in ballots]
        result = tally(register, choose_ballots(register, cast, rules), rules, "election",
                       election["seats"], candidates)
        election["tally_json"] = json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True)
        elected = list(result.elected)
        for candidate in self.t.rows["candidates"][-len(candidates):]:  # this election's
            candidate["status"] = "elected" if candidate["name"] in elected else "not_elected"
        return elected

    def election(self, compound: Row, stage: str, kind: str) -> Row:
        step = ELECTION_STAGES.index(stage)
        start = self.days_ago(30 + step * 25, 60 + step * 30)
        day = lambda n: start + timedelta(days=n)  # noqa: E731
        reached = lambda s: step >= ELECTION_STAGES.index(s)  # noqa: E731
        election = self.t.add("elections", {
            "id": self.new_id(), "compound_id": compound["id"], "kind": kind, "stage": stage,
            "stage_since": min(self.today, day(step * 20)), "seats": self.rng.choice((5, 7, 9)),
            "applied_on": start,
            "group_formed_on": day(30) if reached("group_formed") else None,
            "notice_published_on": day(120) if reached("candidate_notice") else None,
            "objection_until": day(127) if reached("candidate_notice") else None,
            "vote_start": day(140) if reached("voting") else None,
            "vote_end": day(160) if reached("voting") else None,
            "vote_place": f"{compound['name']}{self.rng.choice(names.MEETING_PLACES)}"
            if reached("candidate_notice") else "",
            "e_vote": self.rng.random() < 0.7,
            "result_published_on": day(165) if reached("tallied") else None,
            "filed_on": day(190) if reached("filed") else None,
            "tally_json": None, "note": "",
        })
        units = self.units_by_compound[compound["id"]]
        if reached("group_formed"):
            leader = self.rng.randrange(len(GROUP_ROLES) + 3)
            for n in range(len(GROUP_ROLES) + 3):
                owner_rep = n >= len(GROUP_ROLES)
                self.t.add("group_members", {
                    "id": self.new_id(), "election_id": election["id"], "name": self.person(),
                    "role": "owner_rep" if owner_rep else GROUP_ROLES[n],
                    "is_leader": n == leader, "is_party_member": self.rng.random() < 0.5,
                    "unit_id": self.rng.choice(units)["id"] if owner_rep and units else None,
                })
        candidates: list[str] = []
        if reached("candidates_nominated"):
            for n in range(election["seats"] + 2):
                unit = self.rng.choice(units) if units else None
                name = unit["owner_name"] if unit and not unit["developer_unsold"] else self.person()
                while name in candidates:  # a ballot names candidates: names must differ
                    unit, name = None, self.person()
                candidates.append(name)
                self.t.add("candidates", {
                    "id": self.new_id(), "election_id": election["id"], "name": name,
                    "unit_id": unit["id"] if unit else None,
                    "is_party_member": self.rng.random() < 0.4,
                    "works_for_property": False, "fee_arrears": False,
                    "nominated_by": self.rng.choice(("业主自荐", "业主联名推荐", "社区党委推荐")),
                    "status": "nominated" if step < ELECTION_STAGES.index("tallied") else
                    ("elected" if n < election["seats"] else "not_elected"),
                    "sort_order": n,
                })
        if reached("voting"):
            ballots = self.ballots(election, units, candidates)
            if reached("tallied"):
                election["elected"] = self.counted(election, units, candidates, ballots)
        return election

    def ballots(self, election: Row, units: list[Row], candidates: list[str]) -> list[Row]:
        owners = sorted({u["owner_key"] for u in units if not u["developer_unsold"]})
        counted = election["stage"] != "voting"
        cast_until = election["vote_end"] if counted else self.today
        turnout = 0.9 if counted else 0.55  # a counted election reached its quorum
        cast: list[Row] = []
        for owner_key in owners:
            if self.rng.random() > turnout:
                continue
            choice = self.rng.sample(candidates, k=min(len(candidates), election["seats"]))
            cast.append(self.t.add("ballots", {
                "id": self.new_id(), "election_id": election["id"], "owner_key": owner_key,
                "channel": "electronic" if election["e_vote"] and self.rng.random() < 0.6
                else "paper",
                "vote": ";".join(choice), "superseded": False,
                "cast_on": min(cast_until, election["vote_start"] + timedelta(
                    days=self.rng.randint(0, 20))),
            }))
        return cast

    def committee(self, compound: Row, election: Row, status: str) -> None:
        start = election["filed_on"] or election["result_published_on"] or self.today
        committee = self.t.add("owners_committees", {
            "id": self.new_id(), "compound_id": compound["id"], "election_id": election["id"],
            "term_start": start, "term_end": start + timedelta(days=5 * 365),
            "status": status, "filed_on": election["filed_on"],
        })
        members = self.members_by_compound.get(compound["id"], [])
        units = self.units_by_compound[compound["id"]]
        elected = election.get("elected") or []
        for n in range(election["seats"]):
            party = members[n] if n < len(members) and members[n]["on_committee"] else None
            unit = self.rng.choice(units) if units else None
            self.t.add("committee_members", {
                "id": self.new_id(), "committee_id": committee["id"],
                "name": elected[n] if n < len(elected) else party["name"] if party
                else self.person(),
                "role": "director" if n == 0 else "deputy" if n == 1 else "member",
                "is_party_member": party is not None or self.rng.random() < 0.2,
                "party_member_id": party["id"] if party else None,
                "unit_id": unit["id"] if unit else None,
                "phone": self.phone() if self.rng.random() < 0.7 else None,
            })

    # ---- 听、议、定 ------------------------------------------------------------------------
    def meetings_and_agenda(self) -> None:
        meetings_by_compound: dict[str, list[Row]] = defaultdict(list)
        meeting_count = max(len(self.compound_rows), self.size.agenda_items // 8)
        for index in range(meeting_count):
            compound = self.compound_rows[index % len(self.compound_rows)]
            held = self.days_ago(-14, 300)
            kind = "joint" if index % 3 else self.rng.choice(("assembly", "branch", "reception"))
            meeting = self.t.add("meetings", {
                "id": self.new_id(), "compound_id": compound["id"], "kind": kind,
                "title": f"{compound['name']}{'三方联席会议' if kind == 'joint' else '议事会议'}",
                "held_at": self.moment(held, self.rng.choice((9, 14, 19))),
                "place": self.rng.choice(names.MEETING_PLACES),
                "minutes": "" if held > self.today else "会议听取了居民诉求并逐项议定。",
                "status": "planned" if held > self.today else "closed",
            })
            meetings_by_compound[compound["id"]].append(meeting)
            for role in ATTENDANCE_ROLES[: self.rng.randint(3, len(ATTENDANCE_ROLES))]:
                self.t.add("meeting_attendance", {
                    "id": self.new_id(), "meeting_id": meeting["id"], "name": self.person(),
                    "role": role, "signed_in": held <= self.today,
                })
        item_order: dict[str, int] = defaultdict(int)
        for index in range(self.size.agenda_items):
            compound = self.compound_rows[index % len(self.compound_rows)]
            stage = AGENDA_STAGES[index % len(AGENDA_STAGES)] if index < 50 else \
                self.rng.choices(AGENDA_STAGES, weights=(3, 2, 2, 4, 3, 6, 1))[0]
            past = [m for m in meetings_by_compound[compound["id"]] if m["status"] == "closed"]
            self.agenda_item(compound, stage, past, item_order)

    def agenda_item(self, compound: Row, stage: str, meetings: list[Row],
                    item_order: dict[str, int]) -> None:
        category = self.rng.choice(AGENDA_CATEGORIES)
        path = AGENDA_PATHS[stage]
        raised = self.days_ago(len(path) * 10, 400)
        meeting = self.rng.choice(meetings) if meetings and len(path) >= 2 else None
        decided = "decide" in path
        party = self.rng.choice(names.RESPONSIBLE_PARTIES) if decided else ""
        deadline = None
        if decided:
            # Some open items are overdue on purpose: the dashboard should show them.
            deadline = self.today + timedelta(days=self.rng.randint(-30, 45)) \
                if stage in ("decide", "doing") else raised + timedelta(days=self.rng.randint(20, 60))
        answered = stage in ("answered", "closed")
        positions = {"party_branch": "同意", "committee": "同意", "property": "原则同意"} \
            if len(path) >= 2 else {}
        item = self.t.add("agenda_items", {
            "id": self.new_id(), "compound_id": compound["id"],
            "title": self.rng.choice(names.AGENDA_TITLES[category]),
            "description": "居民反映，需联合议事研究解决。",
            "source": self.rng.choice(AGENDA_SOURCES), "category": category,
            "raised_by": self.person(), "raised_on": raised, "stage": stage,
            "positions_json": json.dumps(positions, ensure_ascii=False, sort_keys=True),
            "meeting_id": meeting["id"] if meeting else None,
            "decision": "由责任方限期整改，社区跟踪督办。" if decided else "",
            "responsible_party": party, "deadline": deadline,
            "progress": 100 if answered else (self.rng.choice((10, 30, 50, 80)) if stage == "doing" else 0),
            "progress_note": "已完成" if answered else "",
            "answer": "已办结并向居民反馈。" if answered else "",
            "answer_method": self.rng.choice(names.ANSWER_METHODS) if answered else "",
            "satisfaction": self.rng.randint(3, 5) if stage == "closed" else None,
            "answered_on": min(self.today, raised + timedelta(days=len(path) * 8)) if answered else None,
            "closed_on": min(self.today, raised + timedelta(days=len(path) * 9)) if stage == "closed" else None,
            "referred_to": self.rng.choice(names.REFERRED_TO) if stage == "referred" else "",
            "referred_due": self.today + timedelta(days=self.rng.randint(-10, 30)) if stage == "referred" else None,
            "referred_answer": "",
        })
        previous: str | None = None
        for step, to_stage in enumerate(path):
            at = self.moment(min(self.today, raised + timedelta(days=step * 7)), 10)
            self.t.add("agenda_stage_events", {
                "id": self.new_id(), "item_id": item["id"], "from_stage": previous,
                "to_stage": to_stage, "at": at, "by": "演示数据", "note": "",
            })
            previous = to_stage
        if meeting is not None:
            item_order[meeting["id"]] += 1
            self.t.add("meeting_items", {
                "id": self.new_id(), "meeting_id": meeting["id"], "agenda_item_id": item["id"],
                "sort_order": item_order[meeting["id"]], "positions_json": item["positions_json"],
                "decision": item["decision"], "responsible_party": party, "deadline": deadline,
            })
