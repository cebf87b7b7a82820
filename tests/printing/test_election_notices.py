"""The four election notices as a street office posts them: printed from stores whose elections
went through the app's workflow (the golden fixture district, plus one election walked further
here), read back from the PDF with pdftotext.

Each kind of election is named and issued by its own organiser; a notice whose precondition is
not met prints only as a 草稿 and says why; the result notice gives shares of the totals, the
ballots by kind, the alternates, the objection period and both filing bodies."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import signing
from app.demo.elections import Owner, Plan, days_to_finish, drive
from app.elections import ballots, service, signoff, workflow
from app.elections.timing_facts import update_assembly_notice
from app.elections.vote_dates import earliest_vote_start
from app.printing import build, render
from app.printing.data import NotReady
from app.printing.layout import DocumentSpec, render_pdf
from app.rules import load_rules
from db.keys import MARKER_FILENAME
from db.models import Candidate, Community, Compound, Election, GroupMember, Street, Unit
from db.store import STORE_FILENAME, Store, open_store
from tests.helpers.party import make_party_ready
from tests.printing.conftest import run_tool

TODAY = date(2026, 11, 2)  # the district's "today": every election step happens before it
ACTOR, SIGNER = "林晓雯", "周立新"
OFFICIALS = ["郑国栋", "何丽萍", "马志远", "罗秀梅"]  # street office, party, police, residents
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ("建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文斌", "春梅", "永刚", "晓红", "家豪",
         "慧敏", "振宇", "雅琴", "德明", "玉兰", "俊杰", "美玲", "立军", "淑珍", "子轩", "欣怡")
# compound → (community, owners, 以居代业)
PLACES = {"翠湖花园": ("五和社区", 20, False), "锦绣苑": ("五和社区", 20, False),
          "荔枝园": ("岗头社区", 20, False), "梧桐雅居": ("岗头社区", 16, False),
          "和谐里": ("岗头社区", 12, True), "桂园新村": ("岗头社区", 14, False)}


class Keys:
    """Signing keys derived from the signer's name (a `signing.KeySource`): real signatures
    that never touch a keyring, since the store is built outside any test's keyring."""

    def key_for(self, actor: str, create: bool) -> signing.SigningKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        raw = hashlib.sha256(f"election notices {actor}".encode()).digest()
        return signing.SigningKey(actor, Ed25519PrivateKey.from_private_bytes(raw))


@dataclass(frozen=True)
class District:
    folder: Path
    elections: dict[str, str]  # label → election id


def _register(session: Session, compound: Compound, owners: int, offset: int) -> list[Owner]:
    """One part per owner with fixed areas, and the developer's unsold shop."""
    found = []
    for n in range(owners):
        k = offset + n
        name = SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES) + k) % len(GIVEN)]
        unit = Unit(compound_id=compound.id, building=f"{n % 3 + 1}栋", room=f"{n // 3 + 1}0{n % 3 + 1}",
                    owner_name=name, owner_key=f"{offset + n:04d}",
                    area_m2=Decimal("76.35") + Decimal(n * 7) + Decimal(n % 3) / 4)
        session.add(unit)
        session.flush()
        found.append(Owner(unit.owner_key, name, unit.id, unit.area_m2, party=n % 2 == 0))
    session.add(Unit(compound_id=compound.id, building="商铺", room="101", owner_name="开发商（未售）",
                     owner_key="DEV", area_m2=Decimal("120.00"), developer_unsold=True))
    return found


def _build(folder: Path) -> dict[str, str]:
    """The district and its elections, walked through the workflow as the demo walks them."""
    rules = load_rules()
    store = open_store(folder, actor=ACTOR)
    found: dict[str, str] = {}
    try:
        with store.transaction() as session, signing.key_source(Keys()):
            street = Street(name="坂田街道", district="龙岗区")
            session.add(street)
            session.flush()
            communities = {}
            for name in ("五和社区", "岗头社区"):
                communities[name] = Community(street_id=street.id, name=name)
                session.add(communities[name])
            session.flush()
            owners: dict[str, list[Owner]] = {}
            ids: dict[str, str] = {}
            for n, (name, (community, count, acting)) in enumerate(PLACES.items()):
                compound = Compound(community_id=communities[community].id, name=name,
                                    delivered_on=date(2012, 6, 30), lifecycle_stage="成熟期",
                                    residents_committee_acting=acting)
                session.add(compound)
                session.flush()
                ids[name] = compound.id
                owners[name] = _register(session, compound, count, 20 * n)
                if not acting:
                    make_party_ready(session, compound.id)

            def run(label: str, place: str, kind: str, target: str, start: date, seed: int,
                    **extra: object) -> None:
                plan = Plan(compound_id=ids[place], compound_name=place, kind=kind, target=target,
                            seats=5, start=start, signer=SIGNER, place=f"{place}社区党群服务站",
                            owners=owners[place], officials=list(OFFICIALS), seed=seed)
                for key, value in extra.items():
                    setattr(plan, key, value)
                election = drive(session, plan, rules, TODAY)
                assert election.stage == target, f"{label}: stopped at {election.stage}"
                found[label] = election.id

            finish = days_to_finish("first", rules)
            run("first", "翠湖花园", "first", "filed", date(2021, 11, 20) - timedelta(days=finish), 11)
            run("reelection", "翠湖花园", "reelection", "filed",
                date(2026, 8, 28) - timedelta(days=days_to_finish("reelection", rules)), 12)
            run("first-锦绣苑", "锦绣苑", "first", "filed", date(2024, 9, 20) - timedelta(days=finish), 21)
            run("by_election", "锦绣苑", "by_election", "filed", date(2025, 10, 14), 22, seats=1,
                vacancy_on=date(2025, 8, 29), leaving=1)
            run("first-荔枝园", "荔枝园", "first", "filed", date(2024, 11, 15) - timedelta(days=finish), 31)
            run("early", "荔枝园", "early", "filed", date(2026, 3, 2), 32,
                vacancy_on=date(2026, 1, 12), leaving=3)
            run("first-draft", "梧桐雅居", "first", "checkpoint_candidates", date(2026, 8, 3), 41)
            run("first-group", "桂园新村", "first", "checkpoint_group", date(2026, 9, 7), 51)
    finally:
        store.close()
    return found


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> District:
    folder = tmp_path_factory.mktemp("election-notices")
    return District(folder, _build(folder))


@pytest.fixture
def copy(district: District, tmp_path: Path) -> Iterator[Store]:
    """A copy of the district's store for one test (safe to write to)."""
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy2(district.folder / STORE_FILENAME, folder / STORE_FILENAME)
    shutil.copy2(district.folder / MARKER_FILENAME, folder / MARKER_FILENAME)  # names its key
    store = open_store(folder, actor=ACTOR)
    yield store
    store.close()


NOTICES = ("preparatory-notice", "candidates-notice", "election-notice", "result-notice")
# label in the fixture → (issuer, words its notices use, words they must not use)
KINDS = {
    "first": ("翠湖花园业主大会筹备组", ("首届", "首次业主大会会议"), ("换届小组",)),
    "reelection": ("翠湖花园业主委员会换届小组", ("换届",), ("筹备组", "首届", "补选")),
    "by_election": ("锦绣苑业主委员会", ("补选",), ("筹备组", "换届小组", "首届")),
    "early": ("荔枝园业主委员会换届小组", ("提前换届",), ("筹备组", "首届", "补选")),
}
# what no posted notice may carry (issue 15's list, as far as these notices go)
NEVER = ("未经核实", "取默认值", "待核实", "None", "签发人", "____", "第新一届", "选举选举",
         "7至10人", "组长签名")
DAY = date(2026, 11, 3)  # the day after the fixture district's "today"


def text_of(pdf: bytes, tmp_path: Path, name: str, layout: bool = False) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    args = ["-layout"] if layout else []
    return run_tool("pdftotext", *args, path, "-")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(store: Store, kind: str, record_id: str, tmp_path: Path) -> tuple[DocumentSpec, str]:
    with store.session() as session:
        spec = build(session, kind, record_id)
        pdf = render(session, kind, record_id)
    text = flat(text_of(pdf, tmp_path, kind))
    if spec.draft_reasons:  # the 草稿 watermark's characters land anywhere in the text
        text = text.replace("草", "").replace("稿", "")
    return spec, text


def max_paren_depth(value: str) -> int:
    depth = deepest = 0
    for char in value:
        if char == "（":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "）":
            depth -= 1
    return deepest


def closing_of(title: str) -> str:
    return {"公告": "特此公告。", "公示": "特此公示。", "通知": "特此通知。"}[title[-2:]]


@pytest.mark.parametrize("label", list(KINDS))
@pytest.mark.parametrize("kind", NOTICES)
def test_each_election_kind_is_named_and_issued_by_its_own_organiser(
        district: District, copy: Store, tmp_path: Path,
        kind: str, label: str) -> None:
    record = district.elections[label]
    if kind == "preparatory-notice" and label == "by_election":  # no group, so no group notice
        with copy.session() as session, pytest.raises(NotReady):
            build(session, kind, record)
        return
    issuer, words, foreign = KINDS[label]
    spec, text = printed(copy, kind, record, tmp_path)
    assert spec.draft_reasons == [], "a finished election's notices are final"
    assert "草稿" not in text and "稿" not in text
    assert spec.signature is not None and spec.signature.issuer == issuer
    closing = closing_of(spec.title)
    assert text[text.rindex(closing):].startswith(closing + issuer), "closing, then the 落款"
    assert "全体业主：" in text
    for word in words:
        assert word in text, f"{kind} of a {label} election lacks {word!r}"
    for word in (*foreign, *NEVER):
        assert word not in text, f"{kind} of a {label} election prints {word!r}"
    assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", text), "an ISO date on paper"
    assert max_paren_depth(text) <= 1, "nested parentheses"


def test_the_group_notice_counts_its_real_members(
        district: District, copy: Store, tmp_path: Path) -> None:
    eid = district.elections["first"]
    with copy.session() as session:
        members = session.scalars(select(GroupMember).where(
            GroupMember.election_id == eid, GroupMember.deleted_at.is_(None))).all()
        owners = sum(1 for m in members if m.role == "owner_rep")
        names = [m.name for m in members]
    _, text = printed(copy, "preparatory-notice", eid, tmp_path)
    assert f"共{len(members)}人组成，其中业主代表{owners}人" in text
    assert "至10人" not in text
    for name in names:
        assert name in text
    assert "筹备组中的业主代表不得担任首届业主委员会委员" in text


def test_a_reelection_group_names_the_renewed_terms_scheduled_end(
        district: District, copy: Store, tmp_path: Path) -> None:
    """Seating the successor rewrites the old term's stored end; the notice keeps the end as it
    was due (five years from the first committee's start)."""
    from app.committee.seating import add_years
    from db.models import OwnersCommittee

    with copy.session() as session:
        first = session.scalars(select(OwnersCommittee).where(
            OwnersCommittee.election_id == district.elections["first"])).one()
        assert first.term_start is not None
        due = add_years(first.term_start, load_rules().term.years)
        assert first.term_end != due, "the fixture's successor was seated early"
    _, text = printed(copy, "preparatory-notice", district.elections["reelection"], tmp_path)
    assert f"翠湖花园业主委员会任期将于{due.year}年{due.month}月{due.day}日届满" in text


def test_candidates_notice_before_the_checkpoint_is_a_draft_without_the_review(
        district: District, copy: Store, tmp_path: Path) -> None:
    eid = district.elections["first-draft"]
    with copy.session() as session:
        spec = build(session, "candidates-notice", eid)
        draft = text_of(render(session, "candidates-notice", eid), tmp_path, "draft")
    assert any("业委会人选关" in reason for reason in spec.draft_reasons), spec.draft_reasons
    final = text_of(render_pdf(replace(spec, draft_reasons=[])), tmp_path, "final")
    assert "草" in draft and "稿" in draft  # the watermark
    assert "草" not in final and "稿" not in final
    body = flat(final)
    assert "审核" not in body.replace("资格审查", "")
    assert "并经" not in body
    assert "____" not in body and "公示期为7日，自本公示张贴之日起计算" in body
    assert "梧桐雅居业主大会筹备组" in body


def test_group_notice_before_the_group_checkpoint_is_a_draft(
        district: District, copy: Store, tmp_path: Path) -> None:
    spec, text = printed(copy, "preparatory-notice", district.elections["first-group"], tmp_path)
    assert any("筹备组人选关" in reason for reason in spec.draft_reasons), spec.draft_reasons
    assert "关于成立桂园新村业主大会筹备组的公告" in text and "桂园新村业主大会筹备组" in text


def test_election_notice_before_the_candidates_checkpoint_is_a_draft(
        district: District, copy: Store, tmp_path: Path) -> None:
    spec, text = printed(copy, "election-notice", district.elections["first-draft"], tmp_path)
    assert any("业委会人选关" in reason for reason in spec.draft_reasons), spec.draft_reasons
    assert "____" not in text and "投票时间：另行公告" in text


@pytest.fixture
def walked(district: District, copy: Store) -> Iterator[tuple[Store, str]]:
    """梧桐雅居's first election taken on from the 业委会人选关: signed, published, the assembly
    announced after the objection window, voting arranged and opened, 14 of 17 owners voting on
    paper (one blank ballot) — left at voting."""
    rules = load_rules()
    eid = district.elections["first-draft"]
    with copy.transaction() as session, signing.key_source(Keys()):
        election = session.get(Election, eid)
        assert election is not None
        signoff.sign_checkpoint(session, election, "candidates", "approved", SIGNER, rules, DAY,
                                comment="候选人资格审查通过")
    yield copy, eid


def _arrange_and_vote(store: Store, eid: str, voters: int = 14) -> None:
    rules = load_rules()
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election is not None and election.objection_until is not None
        after = election.objection_until + timedelta(days=1)
        update_assembly_notice(session, election, after, rules, after)
        start = earliest_vote_start(election, rules)
        assert start is not None
        service.update_vote_arrangements(session, election, start, start + timedelta(days=6),
                                         "梧桐雅居会所", True, rules)
        workflow.advance(session, election, "voting", rules, start)
        names = list(session.scalars(select(Candidate.name).where(Candidate.election_id == eid)
                                     .order_by(Candidate.sort_order)))
        keys = list(session.scalars(select(Unit.owner_key).where(
            Unit.compound_id == election.compound_id, Unit.developer_unsold.is_(False))
            .order_by(Unit.owner_key)))
        # 5 + 4 + 4 ballots: every candidate approved by more than half of the 14 voters, the
        # sixth and seventh fewest (the alternates); one owner hands in a blank ballot
        groups = [[0, 1, 2, 3, 4]] * 5 + [[0, 1, 2, 5, 6]] * 4 + [[3, 4, 5, 6, 0]] * 4 + [[]]
        for key, chosen in zip(keys[:voters], groups, strict=False):
            ballots.enter_paper_ballot(session, election, key, ";".join(names[i] for i in chosen),
                                       rules, start)


def test_election_notice_waits_for_the_candidates_notice_period(
        walked: tuple[Store, str], tmp_path: Path) -> None:
    store, eid = walked
    spec, text = printed(store, "candidates-notice", eid, tmp_path)
    assert spec.draft_reasons == []
    assert "并经坂田街道办事处审核" in text
    assert "公示期为7日，自2026年11月3日起至2026年11月9日止" in text
    spec, _ = printed(store, "election-notice", eid, tmp_path)
    assert any("候选人公示期" in r and "2026年11月9日" in r for r in spec.draft_reasons), \
        spec.draft_reasons
    _arrange_and_vote(store, eid)
    spec, text = printed(store, "election-notice", eid, tmp_path)
    assert spec.draft_reasons == []
    assert spec.title == "梧桐雅居首次业主大会会议选举公告"
    assert "投票时间：2026年11月25日至2026年12月1日" in text and "纸质投票地点：梧桐雅居会所" in text
    assert "本次会议表决《管理规约》和《业主大会议事规则》，选举首届业主委员会委员5名。" in text
    assert text.index("特此公告。") < text.index("梧桐雅居业主大会筹备组2026年11月10日")


def test_candidates_notice_of_a_list_changed_after_its_approval_is_a_draft(
        walked: tuple[Store, str], tmp_path: Path) -> None:
    store, eid = walked
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election is not None
        listed = set(session.scalars(select(Candidate.name).where(Candidate.election_id == eid)))
        unit = next(u for u in session.scalars(select(Unit).where(
            Unit.compound_id == election.compound_id, Unit.developer_unsold.is_(False)))
            if u.owner_name not in listed)
        service.save_candidate(session, election, unit.owner_name, unit_id=unit.id,
                               nominated_by="业主自荐")
    spec, text = printed(store, "candidates-notice", eid, tmp_path)
    assert any("审核后已变更" in r for r in spec.draft_reasons), spec.draft_reasons
    assert "确定委员候选人8名" in text


def test_result_notice_before_the_tally_is_a_draft(walked: tuple[Store, str], tmp_path: Path) -> None:
    store, eid = walked
    _arrange_and_vote(store, eid)
    with store.session() as session:
        spec = build(session, "result-notice", eid)
        text = text_of(render(session, "result-notice", eid), tmp_path, "voting")
    assert any("计票结果未经确认" in r for r in spec.draft_reasons), spec.draft_reasons
    assert "草" in text and "稿" in text


def test_a_provisional_count_draws_no_conclusion(walked: tuple[Store, str], tmp_path: Path) -> None:
    """While owners still vote, the count so far is for checking: figures, no verdict."""
    store, eid = walked
    _arrange_and_vote(store, eid, voters=6)
    spec, text = printed(store, "result-notice", eid, tmp_path)
    assert any("投票尚未结束" in r for r in spec.draft_reasons), spec.draft_reasons
    assert "投票尚未结束。现将截至目前的计票情况列明如下" in text
    assert "参与表决的业主6人，占总人数的35.29%" in text
    assert "选举结果以投票结束后的计票为准" in text
    for verdict in ("未达到", "有效", "当选", "候补委员", "异议", "备案", "特此公告"):
        assert verdict not in text.replace("有效选票", ""), verdict


def test_result_notice_gives_shares_ballots_alternates_objection_and_filing(
        walked: tuple[Store, str], tmp_path: Path) -> None:
    store, eid = walked
    _arrange_and_vote(store, eid)
    rules = load_rules()
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election is not None and election.vote_end is not None
        workflow.advance(session, election, "tallied", rules, election.vote_end + timedelta(days=1))
        names = list(session.scalars(select(Candidate.name).where(Candidate.election_id == eid)
                                     .order_by(Candidate.sort_order)))
    with store.session() as session:
        spec = build(session, "result-notice", eid)
        pdf = render(session, "result-notice", eid)
    assert spec.draft_reasons == []
    assert spec.title == "梧桐雅居首届业主委员会选举结果公告"
    text = flat(text_of(pdf, tmp_path, "result"))
    # 16 buyers and the developer's unsold shop (one owner); 14 voted
    assert "本小区业主共17人" in text
    assert "参与表决的业主14人，占总人数的82.35%" in text
    assert re.search(r"参与表决业主的专有部分面积[\d,]+\.\d\d平方米，占总面积的\d+\.\d\d%", text)
    assert "共计入选票14张" in text and "有效选票13张，弃权票1张，无效选票0张" in text
    # each candidate's votes: owners and area with their shares of the participants
    layout = text_of(pdf, tmp_path, "result-layout", layout=True)
    rows = {cells[1]: cells for line in layout.splitlines()
            if len(cells := line.split()) == 7 and cells[1] in names}
    assert set(rows) == set(names)
    assert rows[names[0]][2:4] == ["13", "92.86%"] and rows[names[0]][6] == "当选"
    assert rows[names[5]][2] == "8" and rows[names[5]][6] == "候补委员"
    assert rows[names[6]][6] == "候补委员"
    assert f"当选为梧桐雅居首届业主委员会委员：{names[0]}、" in text
    assert f"候补委员（按得票多少排列）：{names[5]}、{names[6]}" in text or \
        f"候补委员（按得票多少排列）：{names[6]}、{names[5]}" in text
    assert "第四十一条" in text  # alternates step in by votes (verified)
    assert "请自本公告发布之日起7日内" in text
    assert "7日内召开首次会议" in text
    assert "30日内向龙岗区住房和建设局和坂田街道办事处备案" in text
    assert "根据《业主大会和业主委员会指导规则》第三十二条、第三十三条的规定" in text
    assert text[text.rindex("特此公告。"):].startswith(
        f"特此公告。梧桐雅居业主大会筹备组{election_day(store, eid)}")


def election_day(store: Store, eid: str) -> str:
    with store.session() as session:
        election = session.get(Election, eid)
        assert election is not None and election.result_published_on is not None
        day = election.result_published_on
    return f"{day.year}年{day.month}月{day.day}日"


def test_an_invalid_ballot_is_counted_as_invalid_and_its_names_are_not(
        walked: tuple[Store, str], tmp_path: Path) -> None:
    """A ballot naming more candidates than seats is void (the election notice says so): its owner
    takes part, its names count for nobody. A result an older version tallied (no invalid count
    in it, every ballot's names counted) stays a draft until it is counted again."""
    store, eid = walked
    _arrange_and_vote(store, eid)
    rules = load_rules()
    with store.transaction() as session:
        election = session.get(Election, eid)
        assert election is not None and election.vote_end is not None
        names = list(session.scalars(select(Candidate.name).where(Candidate.election_id == eid)
                                     .order_by(Candidate.sort_order)))
        key = session.scalars(select(Unit.owner_key).where(
            Unit.compound_id == election.compound_id, Unit.developer_unsold.is_(False))
            .order_by(Unit.owner_key.desc())).first()
        assert key is not None
        ballots.enter_paper_ballot(session, election, key, ";".join(names[:6]), rules,
                                   election.vote_start)
        workflow.advance(session, election, "tallied", rules, election.vote_end + timedelta(days=1))
    spec, text = printed(store, "result-notice", eid, tmp_path)
    assert spec.draft_reasons == []
    assert "参与表决的业主15人" in text
    assert "共计入选票15张" in text and "有效选票13张，弃权票1张，无效选票1张" in text
    # the sixth candidate is on the void ballot: still the 8 votes of the valid ones
    assert f"{names[5]}853.33%" in text
    with store.transaction() as session:  # as an older version stored it
        election = session.get(Election, eid)
        assert election is not None and election.tally_json is not None
        older = json.loads(election.tally_json)
        del older["invalid_ballots"], older["abstaining_ballots"]
        election.tally_json = json.dumps(older, ensure_ascii=False)
    spec, text = printed(store, "result-notice", eid, tmp_path)
    assert any("超过应选名额" in r for r in spec.draft_reasons), spec.draft_reasons
    assert "无效选票1张" in text


def test_under_yi_ju_dai_ye_the_residents_committee_issues(
        district: District, copy: Store, tmp_path: Path) -> None:
    """以居代业: a compound whose residents' committee acts for the owners' committee — a notice
    the committee would issue is the residents' committee's, named in full."""
    rules = load_rules()
    with copy.transaction() as session:
        compound = session.scalars(select(Compound).where(Compound.name == "和谐里")).one()
        assert compound.residents_committee_acting
        election = service.create_election(session, compound.id, "by_election", 1, rules, DAY, DAY)
        units = session.scalars(select(Unit).where(Unit.compound_id == compound.id,
                                                   Unit.developer_unsold.is_(False))).all()
        for unit in units[:2]:
            service.save_candidate(session, election, unit.owner_name, unit_id=unit.id,
                                   nominated_by="业主自荐")
        eid = election.id
    spec, text = printed(copy, "candidates-notice", eid, tmp_path)
    assert spec.signature is not None and spec.signature.issuer == "岗头社区居民委员会"
    assert "居民委员会资格审查" in text and "业主委员会资格审查" not in text
    assert spec.draft_reasons, "not yet through the 业委会人选关"


def test_a_citation_after_a_sentence_never_nests_parentheses() -> None:
    """"（《深圳经济特区物业管理条例》（2019年修订）第四十一条）" would nest: the revision note stays
    in the 根据… form only."""
    from app.printing import rules_text as rt
    from app.rule_source import Source

    shenzhen = Source("law", "《深圳经济特区物业管理条例》（2019年修订）第四十一条", verified=True)
    assert rt.cite(shenzhen) == "（《深圳经济特区物业管理条例》第四十一条）"
    assert rt.according_to(shenzhen) == "根据《深圳经济特区物业管理条例》（2019年修订）第四十一条的规定，"
    assert rt.cite(Source("law", "《某条例》（2019年修订）第一条", verified=False)) == ""


def test_under_yi_ju_dai_ye_a_reelection_group_says_who_acts_now(copy: Store, tmp_path: Path) -> None:
    """A re-election where the residents' committee acts for the committee: the 换届小组 issues,
    and the notice says who acts now instead of a sitting committee's term."""
    rules = load_rules()
    with copy.transaction() as session:
        compound = session.scalars(select(Compound).where(Compound.name == "和谐里")).one()
        election = service.create_election(session, compound.id, "reelection", 5, rules, DAY, DAY)
        for n, (name, role) in enumerate(zip(OFFICIALS, ("street_office", "party_committee",
                                                          "police", "residents_committee"),
                                             strict=True)):
            service.save_group_member(session, election, name, role, is_leader=n == 0)
        eid = election.id
    spec, text = printed(copy, "preparatory-notice", eid, tmp_path)
    assert spec.signature is not None and spec.signature.issuer == "和谐里业主委员会换届小组"
    assert "和谐里现由岗头社区居民委员会代行业主委员会职责" in text
    assert "任期" not in text and "共4人组成" in text
    assert spec.draft_reasons  # the group is not through its checkpoint yet


def test_a_forms_basis_names_a_verified_rule_or_what_kind_of_rule_it_is() -> None:
    from app.printing import rules_text as rt
    from app.rule_source import Source

    assert rt.basis(Source("law", "《民法典》第二百七十八条", verified=True)) == "《民法典》第二百七十八条"
    assert rt.basis(Source("law", "《某规则》（2020）", verified=False)) == "有关法律法规规定"
    assert rt.basis(Source("district", "公示期：区设置默认值，待区主管部门确认")) == "本区工作要求"


@pytest.mark.parametrize(("edit", "problem"), [
    ({"participating_owners": 50}, "参与表决的人数或面积超过总数"),
    ({"total_owners": 0, "total_area": "0"}, "业主总人数或总面积为零"),
    ({"elected": ["不存在的人"]}, "当选人或候选人与候选人名单不符"),
])
def test_a_stored_tally_that_contradicts_itself_prints_only_as_a_draft(
        district: District, copy: Store, tmp_path: Path, edit: dict[str, object], problem: str) -> None:
    """The stored tally arrives through sync as any JSON object of its shape: figures that cannot be
    (238% turnout, nobody in the register, a winner who is no candidate) are never posted as final."""
    eid = district.elections["first"]
    with copy.transaction() as session:
        election = session.get(Election, eid)
        assert election is not None and election.tally_json is not None
        election.tally_json = json.dumps({**json.loads(election.tally_json), **edit},
                                         ensure_ascii=False)
    spec, _ = printed(copy, "result-notice", eid, tmp_path)
    assert any(problem in reason for reason in spec.draft_reasons), spec.draft_reasons
