"""Builds the demo district as plain row dicts, table by table, from one seeded random generator.

Everything (ids included) comes from the generator and a reference date, so two runs with the same
size and date produce the same rows. Rows are dicts so they can go straight into `bulk_insert`.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from app.demo import names
from app.demo.ids import DemoIds
from db.models.agenda import AGENDA_CATEGORIES, AGENDA_SOURCES, AGENDA_STAGES
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES
from db.models.party import FOUND_VIA

Row = dict[str, Any]
CENT = Decimal("0.01")
DEMO_NOTE = "演示数据（虚构，仅供试用）"
MIN_HOUSEHOLDS = 24
FORCED_PREPARING = 12
OVERDUE_SHARE = 0.12  # of open agenda items past their deadline  # compounds preparing a first election, whatever the size


@dataclass(frozen=True)
class Size:
    """How big the demo district is."""

    communities_per_street: int
    compounds: int
    units: int
    agenda_items: int
    party_members: int
    companies: int
    # Compounds that hold or held an election. Each demo election is driven through the real
    # workflow (a tenth of a second or more each), so the large district keeps this to a share
    # a Shenzhen district plausibly has (many compounds have no committee: 以居代业).
    election_compounds: int


SIZES = {
    "small": Size(communities_per_street=2, compounds=60, units=3_000, agenda_items=300,
                  party_members=240, companies=8, election_compounds=60),
    "large": Size(communities_per_street=6, compounds=2_000, units=200_000, agenda_items=20_000,
                  party_members=5_000, companies=60, election_compounds=240),
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
        self.seed = seed
        self.rng = random.Random(seed)
        self.new_id = DemoIds(self.rng, today)
        self.t = Tables()
        self.units_by_compound: dict[str, list[Row]] = defaultdict(list)
        self.members_by_compound: dict[str, list[Row]] = defaultdict(list)
        self.branch_of_compound: dict[str, str] = {}
        self.used_names: set[str] = set()
        self.planned_status: dict[str, str] = {}
        self.party_owner_keys: set[str] = set()  # owners who are party members (see plans)  # compound id → none/preparing/active/expired
        self.plans: list[Any] = []
        # compound id → party member id; set after both exist (a tracked update, FK-safe order).
        self.liaisons: dict[str, str] = {}

    # ---- small helpers -------------------------------------------------------------------
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
        self.owner_party_members()
        self.plan_elections()
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
        preparing = holding = 0
        for index in range(self.size.compounds):
            community = self.communities[index % len(self.communities)]
            stage = LIFECYCLE_STAGES[index % len(LIFECYCLE_STAGES)] if index < 10 else \
                self.rng.choices(LIFECYCLE_STAGES, weights=(1, 2, 3, 10, 1))[0]
            if stage in ("孕育期", "出生期", "拆迁改造期"):  # no election while demolished
                status = "none"
            elif preparing < FORCED_PREPARING:  # one election at each stage, at least
                status, preparing = "preparing", preparing + 1
            elif holding >= self.size.election_compounds:
                status = "none"
            else:
                status = self.rng.choices(COMMITTEE_STATUSES, weights=(2, 2, 6, 1))[0]
            holding += status != "none"
            delivered = self.days_ago(200, 9000) if stage != "孕育期" else None
            if status != "none":  # delivered long before its first election (up to 7 years ago)
                delivered = self.days_ago(3100, 9000)
            company = self.rng.choice(self.company_rows) if stage != "孕育期" else None
            row = self.t.add("compounds", {
                "id": self.new_id(), "community_id": community["id"],
                "name": self.compound_name(index),
                "address": f"{self.rng.choice(names.ROADS)}{self.rng.randint(1, 999)}号",
                "lifecycle_stage": stage, "households": 0, "building_area_m2": Decimal("0.00"),
                "delivered_on": delivered,
                "property_company_id": company["id"] if company else None,
                "committee_status": "none",  # the workflow sets it as elections pass
                "residents_committee_acting": status == "none" and self.rng.random() < 0.6,
                "instructor_name": None, "liaison_member_id": None, "note": DEMO_NOTE,
            })
            self.compound_rows.append(row)
            self.planned_status[row["id"]] = status
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
                if roll >= 0.5 and position + 1 == len(compounds):
                    roll = 1.0  # no neighbour left to share a joint branch with
                if roll >= 0.72 and self.planned_status[compounds[position]["id"]] != "none":
                    roll = 0.0  # an election needs the party organisation ready (先建支部)
                if roll < 0.5:
                    group = compounds[position:position + 1]
                elif roll < 0.72:
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
                "found_via": FOUND_VIA[index % 2] if linked or self.rng.random() < 0.3
                or (index < len(compounds) and self.planned_status[compound["id"]] != "none")
                else None,  # where an election is held, the members living there were found (双找)
                "on_committee": self.rng.random() < 0.1,
                "works_for_property": self.rng.random() < 0.05,
            })
            self.members_by_compound[compound["id"]].append(member)
        for compound in compounds:
            members = self.members_by_compound.get(compound["id"])
            if members and self.rng.random() < 0.4:
                self.liaisons[compound["id"]] = members[0]["id"]

    def owner_party_members(self) -> None:
        """Where an election is held, party members living there own their homes: found (双找),
        in the branch covering the compound, they can stand as candidates and representatives."""
        for compound in self.compound_rows:
            branch_id = self.branch_of_compound.get(compound["id"])
            if self.planned_status[compound["id"]] == "none" or branch_id is None:
                continue
            taken = {m["name"] for m in self.members_by_compound[compound["id"]]}
            owners: dict[str, Row] = {}
            for unit in self.units_by_compound[compound["id"]]:
                if not unit["developer_unsold"] and unit["owner_name"] not in taken:
                    owners.setdefault(unit["owner_key"], unit)
            units = list(owners.values())
            self.rng.shuffle(units)
            wanted = min(len(units) // 2, 7 + len(units) // 25)  # about one owner in eight
            for index, unit in enumerate(units[:wanted]):
                taken.add(unit["owner_name"])
                self.party_owner_keys.add(unit["owner_key"])
                self.members_by_compound[compound["id"]].append(self.t.add("party_members", {
                    "id": self.new_id(), "name": unit["owner_name"],
                    "phone": unit["phone"] or self.phone(), "compound_id": compound["id"],
                    "building": unit["building"], "room": unit["room"], "branch_id": branch_id,
                    "found_via": FOUND_VIA[index % 2], "on_committee": False,
                    "works_for_property": False,
                }))

    def household_counts(self) -> list[int]:
        """Households per compound: a few large estates, many mid-sized, some small blocks
        (at least MIN_HOUSEHOLDS, enough owners for a committee election), summing to the size."""
        compounds = len(self.compound_rows)
        weights = [self.rng.lognormvariate(0, 0.7) for _ in range(compounds)]
        spare = self.size.units - MIN_HOUSEHOLDS * compounds
        scale = spare / sum(weights)
        counts = [MIN_HOUSEHOLDS + int(w * scale) for w in weights]
        for index in range(self.size.units - sum(counts)):
            counts[index % compounds] += 1
        return counts

    def units(self) -> None:
        counts = self.household_counts()
        for index, compound in enumerate(self.compound_rows):
            count = counts[index]
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

    # ---- elections: planned here, driven through the workflow by app.demo.elections -------
    def plan_elections(self) -> None:
        """Which compound holds which election, standing where today (see app.demo.plans)."""
        from app.demo.plans import plan_elections

        self.plans = plan_elections(self)

    # ---- 听、议、定 ------------------------------------------------------------------------
    def meetings_and_agenda(self) -> None:
        from app.agenda_rules import load_rules as agenda_rules

        matters = agenda_rules().owners_matters
        self.categories = [c for c in AGENDA_CATEGORIES if c in names.AGENDA_TITLES]
        self.category_weights = [names.OWNERS_MATTER_WEIGHT if c in matters
                                 else names.CATEGORY_WEIGHT for c in self.categories]
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
            ended = meeting["status"] == "closed"  # held as planned, for two hours (我的待办
            meeting["started_at"] = meeting["held_at"] if ended else None  # times the minutes
            meeting["ended_at"] = meeting["held_at"] + timedelta(hours=2) if ended else None  # from its end)
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

    def open_deadline(self) -> date:
        """The deadline of an open item: a few are overdue (the dashboard should show some),
        most are not."""
        if self.rng.random() < OVERDUE_SHARE:
            return self.today - timedelta(days=self.rng.randint(1, 30))
        return self.today + timedelta(days=self.rng.randint(3, 60))

    def agenda_item(self, compound: Row, stage: str, meetings: list[Row],
                    item_order: dict[str, int]) -> None:
        category = self.rng.choices(self.categories, weights=self.category_weights)[0]
        path = AGENDA_PATHS[stage]
        raised = self.days_ago(len(path) * 10, 400)
        meeting = self.rng.choice(meetings) if meetings and len(path) >= 2 else None
        decided = "decide" in path
        party = self.rng.choice(names.RESPONSIBLE_PARTIES) if decided else ""
        deadline = None
        if decided:
            # Some open items are overdue on purpose: the dashboard should show them.
            deadline = self.open_deadline() if stage in ("decide", "doing") \
                else raised + timedelta(days=self.rng.randint(20, 60))
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
            "referred_due": self.open_deadline() if stage == "referred" else None,
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
