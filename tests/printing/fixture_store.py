"""A deterministic district for the golden printed texts: one street, two communities, five
compounds, and elections of every kind walked through the real workflow.

Why a store of its own: the demo's dates follow the day it is made, so its printed text changes
every day; the golden texts (tests/printing/golden/) must read the same on every run and machine.
Everything here is fixed — names, areas, dates, the ballots (the demo's election driver with
fixed seeds) and the signing keys (derived from the signer's name, kept in this test module's
key source, never in a keyring). Record ids are random, but nothing printed shows them.

The places (street, communities, compounds, owners' register, party branch, property company)
are plain rows, as the demo's are; the elections, committees, meetings, agenda items and the
rating inspection go through the services a caseworker's clicks call.

`build_store(folder)` makes the store file (about a second and a half); `records(store, built)`
says, for every document KIND, which records print it, labelled by election kind where the
wording differs; `fixture_district(tmp_path_factory)` builds it once per test session for the
tests (test_golden, test_paper_hygiene) and scripts/render_all_notices.py.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import signing
from app.demo.elections import Owner, Plan, days_to_finish, drive
from app.rules import Rules, load_rules
from db.keys import MARKER_FILENAME
from db.models import (
    BranchCompound,
    CheckpointApproval,
    Community,
    Compound,
    Election,
    OwnersCommittee,
    PartyBranch,
    PartyMember,
    PropertyCompany,
    Street,
    Unit,
)
from db.store import STORE_FILENAME, Store, open_store

TODAY = date(2026, 11, 2)  # the fixture district's "today": every step happens before it
ACTOR = "林晓雯"  # the caseworker using the store (never the OS account)
SIGNER = "zhoulixin"  # the account of the street office's caseworker who signs the checkpoints
SIGNER_PROFILE = ("周立新", "党建指导员", "坂田街道办事处")  # how paper names him (app.profile)
OFFICIALS = ["郑国栋", "何丽萍", "马志远", "罗秀梅"]  # street office, party, police, residents
KEY_SEED = "compound-desk golden fixture"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ("建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文斌", "春梅", "永刚", "晓红", "家豪",
         "慧敏", "振宇", "雅琴", "德明", "玉兰", "俊杰", "美玲", "立军", "淑珍", "子轩", "欣怡")


@dataclass(frozen=True)
class PlaceSpec:
    """One fixture compound: its name, owners, and whether it has a committee at all."""

    name: str
    community: int  # index into COMMUNITIES
    owners: int
    offset: int  # where its owners' names start in the name sequence
    with_party: bool = True
    acting: bool = False  # 以居代业: the residents' committee acts, no owners' committee


COMMUNITIES = ("五和社区", "岗头社区")
PLACES = (
    PlaceSpec("翠湖花园", 0, 20, 0),   # first → re-election
    PlaceSpec("锦绣苑", 0, 20, 20),    # first → by-election
    PlaceSpec("荔枝园", 1, 20, 40),    # first → early re-election
    PlaceSpec("梧桐雅居", 1, 16, 60),  # a first election waiting at the 业委会人选关
    PlaceSpec("桂园新村", 1, 16, 76),  # a first election voting now (ballots to hand out)
    PlaceSpec("和谐里", 1, 12, 92, with_party=False, acting=True),  # 以居代业
)


def owner_name(n: int) -> str:
    """The n-th owner's name: distinct for the first len(SURNAMES) × len(GIVEN) owners."""
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES) + n) % len(GIVEN)]


class FixtureKeys:
    """A `signing.KeySource`: each signer's key derived from a fixed seed and the name, so the
    fixture's sign-offs are real and verifiable and never touch a keyring."""

    def key_for(self, actor: str, create: bool) -> signing.SigningKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        raw = hashlib.sha256(f"{KEY_SEED} {actor}".encode()).digest()
        return signing.SigningKey(actor, Ed25519PrivateKey.from_private_bytes(raw))


@dataclass
class Built:
    """What the build made, by meaning (the ids printed documents are asked for)."""

    street_id: str = ""
    compounds: dict[str, str] = field(default_factory=dict)  # name → id
    elections: dict[str, str] = field(default_factory=dict)  # label → id
    meetings: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    inspection_id: str = ""


# ---- places ------------------------------------------------------------------------------------
def _places(session: Session, built: Built) -> dict[str, list[Owner]]:
    street = Street(name="坂田街道", district="龙岗区")
    session.add(street)
    session.flush()
    built.street_id = street.id
    communities = []
    for name in COMMUNITIES:
        community = Community(street_id=street.id, name=name)
        session.add(community)
        communities.append(community)
    company = PropertyCompany(name="深圳市安居物业服务有限公司", contact_phone="0755-28880000")
    session.add(company)
    session.flush()
    owners: dict[str, list[Owner]] = {}
    for spec in PLACES:
        community = communities[spec.community]
        compound = Compound(
            community_id=community.id, name=spec.name, address=f"坂田街道五和大道{spec.offset + 8}号",
            lifecycle_stage="成熟期", delivered_on=date(2012, 6, 30), property_company_id=company.id,
            residents_committee_acting=spec.acting,
            instructor_name="陈卫东" if not spec.with_party else None,  # 工作覆盖 where no branch
        )
        session.add(compound)
        session.flush()
        built.compounds[spec.name] = compound.id
        owners[spec.name] = _register(session, compound, spec)
        if spec.with_party:
            _party(session, compound, owners[spec.name])
    session.flush()
    return owners


def _register(session: Session, compound: Compound, spec: PlaceSpec) -> list[Owner]:
    """The owners' register: one part per owner, fixed areas, the developer's unsold shop."""
    found: list[Owner] = []
    total = Decimal(0)
    for n in range(spec.owners):
        area = Decimal("76.35") + Decimal(n * 7) + Decimal(n % 3) / 4
        unit = Unit(compound_id=compound.id, building=f"{n % 3 + 1}栋", room=f"{n // 3 + 1}0{n % 3 + 1}",
                    owner_name=owner_name(spec.offset + n), owner_key=f"{spec.offset + n:04d}",
                    area_m2=area, phone=f"1380013{spec.offset + n:04d}")
        session.add(unit)
        session.flush()
        total += area
        found.append(Owner(unit.owner_key, unit.owner_name, unit.id, area, party=n % 2 == 0))
    shop = Decimal("120.00")
    session.add(Unit(compound_id=compound.id, building="商铺", room="101", owner_name="开发商（未售）",
                     owner_key="DEV", area_m2=shop, developer_unsold=True))
    compound.households = spec.owners + 1
    compound.building_area_m2 = total + shop
    return found


def _party(session: Session, compound: Compound, owners: list[Owner]) -> None:
    """先建支部: a branch covering the compound, its party members among the owners (双找)."""
    branch = PartyBranch(community_id=compound.community_id, name=f"{compound.name}党支部",
                         kind="single", secretary_name="黄志明", founded_on=date(2019, 7, 1))
    session.add(branch)
    session.flush()
    session.add(BranchCompound(branch_id=branch.id, compound_id=compound.id))
    for n, owner in enumerate(o for o in owners if o.party):
        session.add(PartyMember(name=owner.name, compound_id=compound.id, branch_id=branch.id,
                                found_via="branch_found" if n % 2 else "member_reported"))


# ---- elections ---------------------------------------------------------------------------------
def _plan(compound_id: str, name: str, owners: list[Owner], kind: str, target: str, start: date,
          seed: int, seats: int = 5) -> Plan:
    return Plan(compound_id=compound_id, compound_name=name, kind=kind, target=target, seats=seats,
                start=start, signer=SIGNER, place=f"{name}社区党群服务站", owners=owners,
                officials=list(OFFICIALS), seed=seed)


def _elections(session: Session, built: Built, owners: dict[str, list[Owner]], rules: Rules) -> None:
    """First elections finished years ago, then a re-election, a by-election and an early
    re-election finished this year, and one first election waiting for its candidates' sign-off."""
    year = 365
    finish = days_to_finish("first", rules)
    final = "filed"

    def run(label: str, place: str, kind: str, target: str, start: date, seed: int,
            **extra: object) -> Election:
        plan = _plan(built.compounds[place], place, owners[place], kind, target, start, seed)
        for key, value in extra.items():
            setattr(plan, key, value)
        election = drive(session, plan, rules, TODAY)
        assert election.stage == target, f"{label}: stopped at {election.stage}, not {target}"
        built.elections[label] = election.id
        return election

    # 翠湖花园: elected in 2021, re-elected as the term ends (reported months before)
    again_end = date(2026, 8, 28)
    first_end = again_end - timedelta(days=5 * year - 100)  # reported 5+ months ahead
    run("first", "翠湖花园", "first", final, first_end - timedelta(days=finish), 11)
    run("reelection", "翠湖花园", "reelection", final,
        again_end - timedelta(days=days_to_finish("reelection", rules)), 12)
    # 锦绣苑: elected in 2024; a member moved away; the by-election filled the seat
    elected = date(2024, 9, 20)
    run("first-锦绣苑", "锦绣苑", "first", final, elected - timedelta(days=finish), 21)
    run("by_election", "锦绣苑", "by_election", final, date(2025, 10, 14), 22,
        seats=1, vacancy_on=date(2025, 8, 29), leaving=1)
    # 荔枝园: elected in 2024; three of five left within weeks: an early re-election
    elected = date(2024, 11, 15)
    run("first-荔枝园", "荔枝园", "first", final, elected - timedelta(days=finish), 31)
    run("early", "荔枝园", "early", final, date(2026, 3, 2), 32,
        vacancy_on=date(2026, 1, 12), leaving=3)
    # 梧桐雅居: candidates nominated, the 业委会人选关 not yet signed
    run("first-draft", "梧桐雅居", "first", "checkpoint_candidates", date(2026, 8, 3), 41)
    # 桂园新村: candidates announced, the owners voting (paper ballots still being handed in)
    run("first-voting", "桂园新村", "first", "voting", date(2026, 8, 24), 51)


# ---- meetings, agenda, ratings -----------------------------------------------------------------
def _moment(day: date, hour: int) -> datetime:
    from app.agenda_rules import local_zone

    return datetime.combine(day, time(hour, 0), tzinfo=local_zone()).astimezone(UTC)


def _meeting_and_items(session: Session, built: Built) -> None:
    """A joint meeting in a compound with a committee (an item answered there) and one in the
    以居代业 compound (its residents' committee in the committee's place)."""
    from app import agenda, meetings

    cases = (
        ("with-committee", "翠湖花园", "committee", "地下车库入口照明不足",
         "居民反映地下车库入口处照明灯损坏多处，夜间出入存在安全隐患。", "repairs",
         "物业服务企业两周内更换车库入口照明灯具并增设应急照明。", "深圳市安居物业服务有限公司",
         "车库入口照明灯具已全部更换，并增设应急照明四盏。"),
        ("acting", "和谐里", "residents_cmte", "垃圾分类投放点异味扰民",
         "三栋居民反映楼下垃圾分类投放点清运不及时，夏季异味明显。", "hygiene",
         "物业服务企业每日清运两次并定期冲洗投放点，社区居委会跟踪督办。",
         "深圳市安居物业服务有限公司", "投放点已改为每日清运两次，每周冲洗消毒一次。"),
    )
    for label, place, own_role, title, description, category, decision, party, answer in cases:
        compound_id = built.compounds[place]
        held = date(2026, 9, 15) if label == "with-committee" else date(2026, 9, 22)
        raised = held - timedelta(days=12)
        item = agenda.create_item(session, compound_id=compound_id, title=title, raised_on=raised,
                                  description=description, source="visit", category=category,
                                  raised_by="许文静", now=_moment(raised, 10))
        meeting = meetings.create_meeting(session, compound_id=compound_id, kind="joint",
                                          held_at=_moment(held, 19), place="社区党群服务中心二楼会议室",
                                          title=f"{place}三方联席会议")
        for name, role in (("黄志明", "party_branch"), ("吴建军", own_role),
                           ("梁晓东", "property"), ("郑国栋", "street_office"),
                           ("许文静", "resident")):
            meetings.add_attendee(session, meeting.id, name=name, role=role, signed_in=True)
        row = meetings.add_item(session, meeting.id, item.id)
        for role, text in (("party_branch", "同意"), (own_role, "同意，请物业尽快落实"),
                           ("property", "同意，按期完成")):
            meetings.set_position(session, row.id, role, text)
        meetings.update_meeting_item(session, row.id, decision=decision, responsible_party=party,
                                     deadline=held + timedelta(days=14))
        meetings.decide_item(session, row.id, now=_moment(held, 21), on=held)
        meetings.update_meeting(  # opened and closed at its planned time (as printed before)
            session, meeting.id, status="closed", now=_moment(held, 19),
            minutes=f"会议由小区党支部书记黄志明主持，听取了居民关于“{title}”的诉求，"
                    "各方充分发表意见后议定由物业服务企业限期整改。")
        done = held + timedelta(days=10)
        agenda.advance(session, item.id, agenda.DOING, agenda.StageChange(on=held + timedelta(days=1)),
                       now=_moment(held + timedelta(days=1), 10))
        agenda.advance(session, item.id, agenda.ANSWERED,
                       agenda.StageChange(on=done, answer=answer, answer_method="notice"),
                       now=_moment(done, 10))
        built.meetings[label] = meeting.id
        built.items[label] = item.id


def _inspection(session: Session, built: Built, data_dir: Path) -> None:
    """A finished star-rating inspection of 翠湖花园's property company, two deductions noted."""
    from app import ratings

    template = ratings.import_template_file(session, ratings.DEFAULT_TEMPLATE_FILE)
    template.status = "in_use"
    inspection = ratings.start_inspection(session, compound_id=built.compounds["翠湖花园"],
                                          inspected_on=date(2026, 10, 11), inspector="陈静")
    evidence = data_dir / "现场照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff\xe0fixture photo\xff\xd9")
    for n, indicator in enumerate(ratings.template_indicators(session, template.id)):
        cut = n in (3, 7)
        points = indicator.max_points - (Decimal("0.5") if cut else 0)
        score = ratings.set_score(session, inspection.id, indicator.id, points,
                                  "楼道堆放杂物未及时清理" if cut else "")
        if indicator.evidence_required:
            ratings.attach_evidence(session, score.id, evidence, data_dir)
    ratings.finish_inspection(session, inspection.id)
    inspection.finished_at = _moment(date(2026, 10, 11), 17)
    built.inspection_id = inspection.id


# ---- the store ---------------------------------------------------------------------------------
def build_store(folder: Path) -> Built:
    """Make the fixture district's store in an empty `folder` (a few seconds)."""
    rules = load_rules()
    built = Built()
    store = open_store(folder, actor=ACTOR)
    try:
        with store.transaction() as session, signing.key_source(FixtureKeys()):
            from app.profile import keep_profile

            keep_profile(session, SIGNER, *SIGNER_PROFILE, version=1)  # synced from the server
            owners = _places(session, built)
            _elections(session, built, owners, rules)
            _meeting_and_items(session, built)
            _inspection(session, built, folder)
    finally:
        store.close()
    return built


def _committee_of(session: Session, election_id: str) -> str | None:
    return session.scalar(select(OwnersCommittee.id).where(
        OwnersCommittee.election_id == election_id, OwnersCommittee.deleted_at.is_(None)))


def _approvals(session: Session, election_id: str) -> dict[str, str]:
    rows = session.scalars(select(CheckpointApproval).where(
        CheckpointApproval.election_id == election_id).order_by(CheckpointApproval.signed_at))
    return {row.checkpoint: row.id for row in rows}


ELECTION_KINDS = ("first", "reelection", "by_election", "early")
# What a kind's record is (app.printing.KINDS' `record`), for the kinds not listed by name below.
BY_ELECTION_KIND = ("preparatory-notice", "candidates-notice", "election-notice", "result-notice",
                    "assembly-notice", "ballot", "proxy", "register-notice", "committee-notice",
                    "filing-form")

# The papers of an election whose candidates the street office has not approved yet (drafts).
DRAFT_KINDS = ("candidates-notice", "election-notice", "assembly-notice", "register-notice",
               "ballot", "proxy")
# The papers of an election being voted on (a finished one's ballots print as archive drafts).
VOTING_KINDS = ("election-notice", "assembly-notice", "ballot", "proxy", "register-notice",
                "result-notice")  # a provisional count, as a draft


def records(store: Store, built: Built) -> dict[str, list[tuple[str, str]]]:
    """For every document KIND the fixture prints: (label, record id) pairs. The label names the
    golden file's suffix (the election kind where wording differs; "" for one record)."""
    found: dict[str, list[tuple[str, str]]] = {}
    with store.session() as session:
        for kind in BY_ELECTION_KIND:
            pairs = [(label, built.elections[label]) for label in ELECTION_KINDS
                     if not (kind == "preparatory-notice" and label == "by_election")]
            if kind in DRAFT_KINDS:
                pairs.append(("draft", built.elections["first-draft"]))
            if kind in VOTING_KINDS:
                pairs.append(("voting", built.elections["first-voting"]))
            if kind in ("committee-notice", "filing-form"):
                pairs = [(label, _committee_of(session, eid) or eid) for label, eid in pairs]
                # a first election whose committee later took a by-election's member: its own
                # papers, asked for by the election
                pairs.append(("first-then-by_election", built.elections["first-锦绣苑"]))
            found[kind] = pairs
        checkpoint: list[tuple[str, str]] = []
        for label in ELECTION_KINDS:
            for point, approval in _approvals(session, built.elections[label]).items():
                if label == "first" or point == "candidates":
                    checkpoint.append((f"{label}-{point}", approval))
        found["checkpoint-form"] = checkpoint
    found["signin-sheet"] = [("", built.meetings["with-committee"])]
    found["minutes"] = [("", built.meetings["with-committee"])]
    found["answer-notice"] = [("committee", built.items["with-committee"]),
                              ("acting", built.items["acting"])]
    found["coverage-report"] = [("", built.street_id)]
    found["rating-report"] = [("", built.inspection_id)]
    return found


# ---- the demo district's records ---------------------------------------------------------------
def demo_records(store: Store) -> dict[str, list[tuple[str, str]]]:
    """From the demo: per election kind its most advanced election and one waiting at the
    candidates' checkpoint (or nearest before it); their committees; a sign-off of each
    checkpoint; the closed meetings and answered items of a compound with and without a
    committee; every street; a finished rating inspection."""
    from app.printing import KINDS
    from db.models import AgendaItem, Meeting, RatingInspection

    with store.session() as session:
        elections = session.scalars(select(Election).where(Election.deleted_at.is_(None))
                                    .order_by(Election.kind, Election.id)).all()
        chosen: dict[str, str] = {}
        rank = {"filed": 9, "seated": 8, "tallied": 7, "voting": 6, "candidate_notice": 5,
                "checkpoint_candidates": 4}
        best: dict[str, tuple[int, str]] = {}
        for e in elections:
            score = rank.get(e.stage, 0)
            if score > best.get(e.kind, (-1, ""))[0]:
                best[e.kind] = (score, e.id)
            if e.stage == "checkpoint_candidates":
                chosen.setdefault(f"{e.kind}-checkpoint_candidates", e.id)
        for kind, (_, eid) in best.items():
            chosen[kind] = eid
        committees = {label: session.scalar(select(OwnersCommittee.id).where(
            OwnersCommittee.election_id == eid)) for label, eid in chosen.items()}
        approvals: dict[str, str] = {}
        for row in session.scalars(select(CheckpointApproval).order_by(CheckpointApproval.id)):
            approvals.setdefault(row.checkpoint, row.id)
        meetings = session.execute(
            select(Meeting.id, Compound.committee_status).join(Compound, Compound.id == Meeting.compound_id)
            .where(Meeting.status == "closed").order_by(Meeting.id)).all()
        items = session.execute(
            select(AgendaItem.id, Compound.committee_status).join(Compound, Compound.id == AgendaItem.compound_id)
            .where(AgendaItem.stage.in_(("answered", "closed"))).order_by(AgendaItem.id)).all()
        streets = session.scalars(select(Street.id).order_by(Street.id)).all()
        inspection = session.scalar(select(RatingInspection.id).where(
            RatingInspection.status == "final").order_by(RatingInspection.id))
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, spec in KINDS.items():
        record = spec.record
        if record.startswith("election"):
            found[kind] = list(chosen.items())
        elif record.startswith("committee"):
            found[kind] = [(label, cid) for label, cid in committees.items() if cid]
        elif record.startswith("checkpoint"):
            found[kind] = list(approvals.items())
        elif record.startswith("meeting"):
            found[kind] = _both(meetings)
        elif record.startswith("agenda"):
            found[kind] = _both(items)
        elif record.startswith("street"):
            found[kind] = [(f"street{n}", sid) for n, sid in enumerate(streets)]
        elif record.startswith("rating") and inspection:
            found[kind] = [("final", inspection)]
    return found


def _both(rows: Sequence[Any]) -> list[tuple[str, str]]:
    """One record of a compound with a committee and one without (以居代业 or none)."""
    picked: dict[str, str] = {}
    for record_id, status in rows:
        label = "none" if status == "none" else "committee"
        picked.setdefault(label, record_id)
    return sorted(picked.items())


# ---- one build per test session ---------------------------------------------------------------
@dataclass(frozen=True)
class FixtureStore:
    """The built store's folder and what each kind prints from it."""

    folder: Path
    built: Built
    records: dict[str, list[tuple[str, str]]]

    def open(self) -> Store:
        """The store itself, to read (tests that write use `copy_to`)."""
        return open_store(self.folder, actor=ACTOR)

    def copy_to(self, folder: Path) -> Store:
        """A copy of the store in `folder`, safe to write to."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.folder / STORE_FILENAME, folder / STORE_FILENAME)
        shutil.copy2(self.folder / MARKER_FILENAME, folder / MARKER_FILENAME)  # names its key
        return open_store(folder, actor=ACTOR)


_built: FixtureStore | None = None


def fixture_district(tmp_path_factory: pytest.TempPathFactory) -> FixtureStore:
    """The fixture district, built at the first call of the test session (about a second and a
    half) and shared after: a session-scoped fixture in each module using it returns this."""
    global _built
    if _built is None:
        folder = tmp_path_factory.mktemp("golden-fixture")
        built = build_store(folder)
        store = open_store(folder, actor=ACTOR)
        try:
            _built = FixtureStore(folder, built, records(store, built))
        finally:
            store.close()
    return _built


@pytest.fixture(scope="session")
def golden_district(tmp_path_factory: pytest.TempPathFactory) -> FixtureStore:
    """The fixture district (built once per session) — for tests that only read it. Register it
    where wanted by importing it in a conftest (`from tests.printing.fixture_store import
    golden_district, golden_store`)."""
    return fixture_district(tmp_path_factory)


@pytest.fixture
def golden_store(golden_district: FixtureStore, tmp_path: Path) -> Iterator[Store]:
    """A copy of the fixture district's store for one test, safe to write to."""
    store = golden_district.copy_to(tmp_path / "golden-store")
    yield store
    store.close()


# ---- reading what was printed ------------------------------------------------------------------
def poppler(*args: str | Path) -> str:
    """Run a poppler tool and return its stdout (an AssertionError naming the tool if it fails)."""
    tool = shutil.which(str(args[0]))
    assert tool, f"{args[0]} is not installed (poppler-utils)"
    done = subprocess.run([tool, *map(str, args[1:])], capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def layout_text(pdf: Path, page: int | None = None, layout: bool = True) -> str:
    """`pdftotext -layout` of the PDF (or of one page), trailing spaces dropped from each line —
    the only normalisation: the text is what a reviewer reads. `layout=False`: the text in
    reading order, a table's cells one after another (phrases are not cut by columns)."""
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    mode = ["-layout"] if layout else []
    raw = poppler("pdftotext", *mode, "-enc", "UTF-8", *pages, pdf, "-")
    return "\n".join(line.rstrip() for line in raw.split("\n"))


def page_count(pdf: Path) -> int:
    for line in poppler("pdfinfo", pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    raise AssertionError(f"pdfinfo names no page count for {pdf}")


def render_to(store: Store, kind: str, record_id: str, pdf: Path) -> Path:
    """Print one document of `kind` into `pdf` (the app's own render, as `notice` does)."""
    from app.printing import render

    with store.session() as session:
        data = render(session, kind, record_id)
    pdf.write_bytes(data)
    return pdf
