"""`audit`: a store walked through the real workflow passes; a store built to break each rule
is caught rule by rule, through the real command line (exit 1, each violation named with its
compound, record, rule and source); bad usage is exit 2."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.elections import ballots, service, signoff, workflow
from app.rules import load_rules
from db.models import (
    AgendaItem,
    Candidate,
    CommitteeMember,
    Community,
    Compound,
    Election,
    GroupMember,
    OwnersCommittee,
    Street,
    Unit,
)
from db.store import STORE_FILENAME, Store
from tests.elections.test_workflow import seat_and_file
from tests.helpers import raw_store
from tests.helpers.cli import run_main
from tests.helpers.party import make_party_ready, record_party_opinion

RULES = load_rules()
TODAY = local_today()  # the command line audits as of the caseworker's today


@pytest.fixture(autouse=True)
def _today_of_the_test() -> None:
    """TODAY as the test starts, not as the module was collected: a run that crosses midnight
    where the caseworker works (16:00 UTC) would build its records a day before the app's today."""
    global TODAY
    TODAY = local_today()
NAMES = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十", "徐十一",
         "孙十二"]
CANDIDATES = NAMES[:7]


@dataclass
class Place:
    compound_id: str
    unit_ids: list[str]


def add_compound(session: Session, name: str) -> Place:
    """A compound delivered years ago with 12 owners and the developer's unsold part."""
    street = Street(name=f"{name}街道")
    session.add(street)
    session.flush()
    community = Community(street_id=street.id, name=f"{name}社区")
    session.add(community)
    session.flush()
    compound = Compound(community_id=community.id, name=name, delivered_on=date(2018, 1, 1))
    session.add(compound)
    session.flush()
    units = [Unit(compound_id=compound.id, building="1", room=str(101 + i), owner_name=owner,
                  owner_key=f"k{i}", area_m2=Decimal("88.50")) for i, owner in enumerate(NAMES)]
    units.append(Unit(compound_id=compound.id, building="2", room="101", owner_name="某开发公司",
                      area_m2=Decimal("300.00"), developer_unsold=True))
    session.add_all(units)
    session.flush()
    return Place(compound.id, [u.id for u in units])


def walk_to_seated(store: Store, place: Place) -> str:
    """A first election through every stage with real sign-offs, 60 days ago: all rules hold."""
    start = TODAY - timedelta(days=60)

    def sign(eid: str, checkpoint: str, day: date) -> None:
        with store.transaction() as session:
            signoff.sign_checkpoint(session, session.get(Election, eid), checkpoint, "approved",
                                    "tester", RULES, day)

    def move(eid: str, target: str, day: date) -> None:
        with store.transaction() as session:
            workflow.advance(session, session.get(Election, eid), target, RULES, day)

    with store.transaction() as session:
        election = service.create_election(session, place.compound_id, "first", 7, RULES, start)
        service.update_application(session, election, start, 3, "265.50", 7, RULES)
        make_party_ready(session, place.compound_id, CANDIDATES[0])  # 先建支部, 交叉任职
        record_party_opinion(election, start)
        eid = election.id
    move(eid, "checkpoint_timing", start)
    sign(eid, "timing", start)
    with store.transaction() as session:
        election = session.get(Election, eid)
        for name, role in [("街道 周", "street_office"), ("党委 吴", "party_committee"),
                           ("民警 郑", "police"), ("居委 冯", "residents_committee")]:
            service.save_group_member(session, election, name, role,
                                      is_leader=role == "street_office")
        for i in range(9, 12):
            service.save_group_member(session, election, NAMES[i], "owner_rep",
                                      unit_id=place.unit_ids[i], is_party_member=i == 9)
        election.reps_published_on = start - timedelta(days=RULES.procedure.reps_publication.days)
    move(eid, "checkpoint_group", start)
    sign(eid, "group", start)
    with store.transaction() as session:
        election = session.get(Election, eid)
        for i, name in enumerate(CANDIDATES):
            service.save_candidate(session, election, name, unit_id=place.unit_ids[i],
                                   is_party_member=i < 4)
    move(eid, "checkpoint_candidates", start)
    sign(eid, "candidates", start)  # the assembly is announced with the candidates
    vote = start + timedelta(days=RULES.assembly_notice_days)
    move(eid, "voting", vote)
    with store.transaction() as session:
        election = session.get(Election, eid)
        for i in range(len(NAMES)):
            ballots.enter_paper_ballot(session, election, f"k{i}", ";".join(CANDIDATES), RULES)
    move(eid, "tallied", vote + timedelta(days=1))
    seat_and_file(store, eid, vote + timedelta(days=1))  # first meeting, then 备案
    return eid


def add_agenda(session: Session, place: Place, title: str, stage: str, **fields: Any) -> None:
    session.add(AgendaItem(compound_id=place.compound_id, title=title, stage=stage,
                           raised_on=TODAY - timedelta(days=30), **fields))


def audit(store: Store, *args: str) -> Any:
    data_dir = store.path.parent
    store.close()
    return run_main("audit", *args, data_dir=data_dir)


def test_a_store_that_obeys_the_rules_passes(store: Store) -> None:
    with store.transaction() as session:
        place = add_compound(session, "守规花园")
    walk_to_seated(store, place)
    with store.transaction() as session:
        add_agenda(session, place, "停车位划线", "answered", decision="划线", answer="已划线",
                   responsible_party="物业服务企业", deadline=TODAY, answer_method="公告栏张贴",
                   answered_on=TODAY)
        add_agenda(session, place, "重复反映", "closed")  # closed from 听: never decided
    data_dir = store.path.parent
    result = audit(store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "全部符合规则" in result.stdout and "违规" not in result.stdout
    done = run_main("audit", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["violations"] == [] and report["info"] == []
    assert report["checked"] == {"elections": 1, "committees": 1, "agenda_items": 2}


def raw_election(session: Session, place: Place, stage: str, **fields: Any) -> Election:
    """An election written past the workflow, as a faulty client or import might."""
    values: dict[str, Any] = {"kind": "first", "seats": 7, "stage_since": TODAY, **fields}
    election = Election(compound_id=place.compound_id, stage=stage, **values)
    session.add(election)
    session.flush()
    return election


def build_broken_store(store: Store) -> None:
    with store.transaction() as session:
        # group led by an owner representative, 4 members with 1 owner representative,
        # who also stands as a candidate; no sign-off of any checkpoint
        group = add_compound(session, "无签核苑")
        election = raw_election(session, group, "candidate_notice")
        for name, role, leader in [("街道 周", "street_office", False), ("党委 吴", "party_committee", False),
                                   ("民警 郑", "police", False)]:
            session.add(GroupMember(election_id=election.id, name=name, role=role, is_leader=leader))
        session.add(GroupMember(election_id=election.id, name="孙十二", role="owner_rep",
                                is_leader=True, unit_id=group.unit_ids[11]))
        for i, name in enumerate([*CANDIDATES[:6], "孙十二"]):
            session.add(Candidate(election_id=election.id, name=name,
                                  unit_id=group.unit_ids[11 if name == "孙十二" else i],
                                  is_party_member=True, sort_order=i))
        # a sitting committee of 4, one member without a part in the register
        small = add_compound(session, "四人委员会苑")
        committee = OwnersCommittee(compound_id=small.compound_id, status="active",
                                    term_start=TODAY - timedelta(days=100))
        session.add(committee)
        session.flush()
        for i, name in enumerate(NAMES[:4]):
            session.add(CommitteeMember(committee_id=committee.id, name=name,
                                        unit_id=None if i == 3 else small.unit_ids[i]))
        # tallied 40 days ago, not filed; elected candidate owning only the developer's part;
        # the assembly announced 10 days before the vote
        late = add_compound(session, "未备案苑")
        tallied = raw_election(session, late, "tallied", historical=True,
                               notice_published_on=TODAY - timedelta(days=60),
                               vote_start=TODAY - timedelta(days=50),
                               result_published_on=TODAY - timedelta(days=40))
        session.add(Candidate(election_id=tallied.id, name="某开发公司", status="elected",
                              unit_id=late.unit_ids[12]))
        add_agenda(session, late, "垃圾分类", "doing", decision="增设分类桶", responsible_party="",
                   deadline=None)
        add_agenda(session, late, "电梯维修", "answered", decision="维修", answer="已修好",
                   responsible_party="物业服务企业", deadline=TODAY, answer_method="")


EXPECTED = {
    "checkpoint.unsigned": "已过筹备时机关，但没有通过且未撤销的签核记录",
    "check.group.leader": "由街道办事处代表担任组长",
    "check.group.size": "筹备组 7–10 人",
    "check.group.owner_reps": "业主代表 3–5 名",
    "check.candidates.not_reps": "筹备组业主代表不得成为首届业委会候选人",
    "committee.size": "现任业委会 4 人，应为 5–11 人且为单数",
    "member.not_owner": "委员 刘四 在本小区业主名册中没有房屋",
    "elected.not_owner": "当选人 某开发公司 在本小区业主名册中没有房屋",
    "filing.overdue": "已逾期 10 天",
    "assembly.notice_short": "只提前 10 天（应提前 15 天以上）",
    "agenda.decided_incomplete": "缺少责任方、办理期限",
    "agenda.answer_method_missing": "没有写明答复方式",
}


def test_each_broken_rule_is_named_with_compound_record_rule_and_source(store: Store) -> None:
    build_broken_store(store)
    data_dir = store.path.parent
    result = audit(store)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for code, words in EXPECTED.items():
        assert any(words in line for line in lines if line.startswith("违规：")), code
    assert ("违规：四人委员会苑｜业委会（" in result.stdout
            and "｜依据：《业主大会和业主委员会指导规则》第三十一条" in result.stdout)
    assert "违规：未备案苑｜首次选举（计票与结果公告）｜" in result.stdout
    assert "依据：《业主大会和业主委员会指导规则》第三十三条" in result.stdout
    assert "依据：《物业管理条例》第十四条" in result.stdout
    assert "违规：未备案苑｜议事事项“电梯维修”｜" in result.stdout
    assert "（待核实）" in result.stdout  # the 听议定 rules are no verified law
    # the historical election is information, once, not a violation of its checkpoints
    historical = [line for line in lines if "历史记录（未经签核）" in line]
    assert len(historical) == 1 and historical[0].startswith("说明：未备案苑")

    done = run_main("audit", "--json", data_dir=data_dir)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert set(report) == {"violations", "info", "checked"}
    assert report["checked"] == {"elections": 2, "committees": 1, "agenda_items": 2}
    codes = {v["code"] for v in report["violations"]}
    assert set(EXPECTED) <= codes
    # information, not violations: the historical election, and the sitting committee's hints
    # (党员比例, 交叉任职 are [term.checks] hints, not blocking)
    assert sorted(i["code"] for i in report["info"]) == [
        "committee.cross_serving", "committee.party_share", "election.historical"]
    unsigned = {v["params"]["checkpoint"] for v in report["violations"]
                if v["code"] == "checkpoint.unsigned"}
    assert unsigned == {"timing", "group", "candidates"}  # only the unsigned election's
    filing = next(v for v in report["violations"] if v["code"] == "filing.overdue")
    assert filing["compound"] == "未备案苑" and filing["subject"]["kind"] == "election"
    assert filing["rule"] == {"source": "《业主大会和业主委员会指导规则》第三十三条", "kind": "law",
                              "verified": True}
    assert filing["params"]["days_over"] == 10 and filing["message"].startswith(
        f"{(TODAY - timedelta(days=40)).isoformat()} 选举产生")


def test_an_altered_signoff_is_a_violation(store: Store) -> None:
    with store.transaction() as session:
        place = add_compound(session, "改签苑")
    walk_to_seated(store, place)
    data_dir = store.path.parent
    store.close()
    connection = raw_store.connect(data_dir / STORE_FILENAME)
    with connection:
        connection.execute("UPDATE checkpoint_approvals SET comment = '改过' "
                           "WHERE checkpoint = 'group'")
    connection.close()
    result = run_main("audit", "--json", data_dir=data_dir)
    assert result.returncode == 1
    found = json.loads(result.stdout)["violations"]
    assert [(v["code"], v["params"]["checkpoint"], v["params"]["status"]) for v in found] == [
        ("checkpoint.signature", "group", "invalid")]


def test_bad_usage_is_exit_2_and_changes_nothing(store: Store, tmp_path: Any) -> None:
    result = run_main("audit", data_dir=tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"错误：{tmp_path / 'nowhere'}：这里没有本地数据库"]
    assert not (tmp_path / "nowhere").exists()
    data_dir = store.path.parent
    store.close()
    before = (data_dir / STORE_FILENAME).read_bytes()
    wrong = run_main("audit", "--today", "2020-01-01", data_dir=data_dir)
    assert wrong.returncode == 2 and "--today" in wrong.stderr
    assert (data_dir / STORE_FILENAME).read_bytes() == before


def test_help_lists_the_verb() -> None:
    done = run_main("--help")
    assert done.returncode == 0
    assert "every election, committee and agenda item" in " ".join(done.stdout.split())


def test_names_changed_after_their_signoff_are_a_violation(store: Store) -> None:
    with store.transaction() as session:
        place = add_compound(session, "改名单苑")
    eid = walk_to_seated(store, place)
    with store.transaction() as session:  # written past the service, which refuses it
        changed = next(c for c in service.people(session, session.get(Election, eid))["candidates"])
        changed.nominated_by = "事后补写"
    result = audit(store, "--json")
    assert result.returncode == 1
    found = json.loads(result.stdout)["violations"]
    assert [(v["code"], v["params"]["checkpoint"]) for v in found] == [
        ("checkpoint.stale", "candidates")]
