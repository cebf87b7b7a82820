"""The papers an election still lacked, printed from real stores and read back with pdftotext:
the owners' assembly notice, one ballot per paper voter, the proxy form, the register
publication with masked phones, and the committee's founding notice and filing form — each
with what a caseworker posts, and a draft (草稿, the reason kept) when a precondition fails."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app import printing
from app.committee import filing
from app.committee.officers import record_first_meeting
from app.committee.records import members, seated
from app.committee.seating import seat_committee
from app.elections.ballots import election_tally, import_e_votes
from app.printing.data import NotReady
from app.rules import load_rules
from db.models import Candidate, CheckpointApproval, Compound, Election, Unit
from db.store import Store
from tests.printing.conftest import CANDIDATES, SEATS, PrintData, run_tool

RULES = load_rules()


def pdf_text(store: Store, kind: str, record_id: str, tmp_path: Path, layout: bool = False) -> str:
    with store.session() as session:
        pdf = printing.render(session, kind, record_id)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    assert f"Subject:         {kind}" in run_tool("pdfinfo", path)
    return run_tool("pdftotext", *(["-layout"] if layout else []), path, "-")


def pages(store: Store, kind: str, record_id: str, tmp_path: Path) -> int:
    with store.session() as session:
        pdf = printing.render(session, kind, record_id)
    path = tmp_path / f"{kind}-pages.pdf"
    path.write_bytes(pdf)
    found = re.search(r"Pages:\s+(\d+)", run_tool("pdfinfo", path))
    assert found
    return int(found.group(1))


def reasons(store: Store, kind: str, record_id: str) -> list[str]:
    with store.session() as session:
        return printing.build(session, kind, record_id).draft_reasons


def announce(store: Store, election_id: str, on: date | None) -> None:
    with store.transaction() as session:
        election = session.get(Election, election_id)
        assert election is not None
        election.assembly_notice_on = on


def approve_candidates(store: Store, election_id: str) -> None:
    """Sign the 业委会人选关 over the candidate list as it is on file now (the printing fixture's
    own approval signs a plain list of names, which the app reads as a list changed since)."""
    from app.elections.checks import content_for
    from app.signing import content_hash, sign_fields, signing_key

    with store.transaction() as session:
        election = session.get(Election, election_id)
        assert election is not None
        fields = {
            "id": "0b0b0b0b-1111-4222-8333-444455556666", "election_id": election_id,
            "checkpoint": "candidates", "decision": "approved", "comment": "候选人资格审查通过",
            "override_reason": "", "signer": "tester",
            "signed_at": datetime(2024, 5, 7, 2, 30, tzinfo=UTC),
            "content_hash": content_hash(content_for(session, election, "candidates")),
            "revokes_id": None,
        }
        session.add(CheckpointApproval(**sign_fields(signing_key("tester"), fields)))


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


# ---------------------------------------------------------------- 业主大会会议通知
def test_assembly_notice_announces_the_first_assembly_with_agenda_and_thresholds(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    announce(store, printed.election_id, date(2024, 4, 1))  # vote 4月20日: 19 days later
    approve_candidates(store, printed.election_id)
    assert reasons(store, "assembly-notice", printed.election_id) == []
    text = flat(pdf_text(store, "assembly-notice", printed.election_id, tmp_path))
    assert "关于召开幸福花园首次业主大会会议的通知" in text
    assert "全体业主：" in text
    assert "2024年4月20日至2024年5月5日" in text and "幸福花园会所二楼" in text
    assert "书面征求意见" in text
    # a first assembly also adopts the 管理规约 and the 业主大会议事规则
    assert "表决《管理规约》" in text and "表决《业主大会议事规则》" in text
    assert all(name in text for name in CANDIDATES)
    assert "深圳市物业管理电子投票系统" in text  # how to vote electronically, not cited as law
    assert "电子投票规则" not in text
    assert "《民法典》第二百七十八条" in text  # quorum and thresholds, verified
    assert "本小区业主总人数12人" in text
    assert "特此通知。" in text and "幸福花园业主大会筹备组2024年4月1日" in text
    assert "稿" not in text


def test_assembly_notice_less_than_fifteen_days_before_the_vote_is_a_draft(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    announce(store, printed.election_id, date(2024, 4, 10))  # vote 4月20日: only 10 days
    approve_candidates(store, printed.election_id)
    why = reasons(store, "assembly-notice", printed.election_id)
    assert len(why) == 1 and "不足15日" in why[0] and "《物业管理条例》第十四条" in why[0]
    assert "2024年4月25日" in why[0]  # the earliest day the vote could start
    # the 草稿 watermark (its two characters land apart in the extracted text)
    assert "稿" in flat(pdf_text(store, "assembly-notice", printed.election_id, tmp_path))

    announce(store, printed.election_id, None)
    why = reasons(store, "assembly-notice", printed.election_id)
    assert "尚未登记业主大会会议通知日期" in why


def test_papers_listing_a_changed_candidate_list_are_drafts(store: Store, printed: PrintData) -> None:
    announce(store, printed.election_id, date(2024, 4, 1))
    approve_candidates(store, printed.election_id)
    with store.transaction() as session:  # a candidate added after the 业委会人选关 was signed
        session.add(Candidate(election_id=printed.election_id, name="后加入", sort_order=99))
    for kind in ("assembly-notice", "proxy", "ballot"):
        assert any("审核后已变更" in r for r in reasons(store, kind, printed.election_id)), kind


def test_a_reelection_notice_has_no_statute_votes(store: Store, printed: PrintData,
                                                  tmp_path: Path) -> None:
    announce(store, printed.voting_election_id, date(2024, 5, 10))
    text = flat(pdf_text(store, "assembly-notice", printed.voting_election_id, tmp_path))
    assert "关于召开幸福花园业主大会会议的通知" in text
    assert "业主委员会换届选举" in text and "选举新一届业主委员会委员" in text
    assert "管理规约" not in text
    assert "幸福花园业主委员会换届小组" in text


# ---------------------------------------------------------------- 选票
def test_one_ballot_per_paper_voter_with_owner_room_and_area(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    # owners 3 and 5 voted electronically (imported as the e-vote export arrives)
    export = tmp_path / "evotes.csv"
    export.write_text("owner_id,vote\nowner-3,欧阳明辉\nowner-5,司马玉兰;诸葛建国\n", encoding="utf-8")
    with store.transaction() as session:
        election = session.get(Election, printed.voting_election_id)
        assert election is not None
        assert import_e_votes(session, election, export, RULES) == 2
    # 11 buyers and the developer's unsold part (one owner) = 12 owners, 2 voted online
    assert pages(store, "ballot", printed.voting_election_id, tmp_path) == 10
    text = pdf_text(store, "ballot", printed.voting_election_id, tmp_path)
    per_page = text.split("\f")
    assert "业主3" not in text and "业主5" not in text
    assert "业主4" in text and "建设单位（未售或未交付部分）" in text
    first = flat(per_page[0])
    assert "幸福花园业主大会会议选票" in first
    assert f"选举新一届业主委员会委员应选{SEATS}名" in first
    assert all(name in first for name in CANDIDATES)
    assert "业主1" in first and "3栋0201" in first and "89.50平方米" in first  # 3栋 before 5栋
    assert "0001" in first and "同意（画“√”）" in first
    # numbers follow the register (3栋: 业主1, 3, 5, 7 …): 业主3 and 业主5 voted online, so the second
    # ballot is 业主7's with the number it had before the e-votes came in
    assert "业主7" in flat(per_page[1]) and "0004" in flat(per_page[1])
    # how to mark and what voids it: only what the count applies
    assert f"同意的候选人不得超过{SEATS}名，超过的，本票无效" in first  # as the result notice counts
    assert "未签名的选票不予登记" in first
    assert "未对任何候选人画“√”的，视为弃权，计入参与表决的人数和面积" in first
    assert "以电子投票为准" in first
    assert "业主（受托人）签名" in first
    assert sum("业主（受托人）签名" in page for page in per_page) == 10  # one ballot a page
    assert "— 1 —" not in text  # a sheet per owner: no running page numbers
    assert reasons(store, "ballot", printed.voting_election_id) == []


def test_a_first_assemblys_ballot_also_votes_the_statutes(store: Store, printed: PrintData,
                                                          tmp_path: Path) -> None:
    text = flat(pdf_text(store, "ballot", printed.election_id, tmp_path).split("\f")[0])
    assert "表决事项1《管理规约》2《业主大会议事规则》" in text and "同意反对弃权" in text
    assert "表决事项在“同意”“反对”“弃权”三栏中选择一栏画“√”" in text


def test_a_long_candidate_list_runs_on_a_second_page_never_shrinks(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    with store.transaction() as session:
        election = session.get(Election, printed.voting_election_id)
        assert election is not None
        for n in range(18):  # 25 candidates in all
            session.add(Candidate(election_id=election.id, name=f"候补名{n}", sort_order=100 + n))
    assert pages(store, "ballot", printed.voting_election_id, tmp_path) == 24  # 12 owners × 2
    per_page = pdf_text(store, "ballot", printed.voting_election_id, tmp_path).split("\f")
    first, second = flat(per_page[0]), flat(per_page[1])
    assert "（第1页共2页）" in first and "（第2页共2页）" in second
    assert "业主1" in first and "业主1" in second  # the owner box on every page
    assert "填票说明" not in first and "填票说明" in second and "业主（受托人）签名" in second
    assert "25候补名17" in second


def test_ballots_after_the_count_print_as_drafts(store: Store, printed: PrintData) -> None:
    why = reasons(store, "ballot", printed.election_id)
    assert any("投票已于" in r for r in why)


def test_without_a_register_the_ballot_is_one_blank_paper(store: Store, printed: PrintData,
                                                          tmp_path: Path) -> None:
    with store.transaction() as session:
        other = session.query(Compound).filter_by(name="和平苑").one()
        election = Election(compound_id=other.id, kind="reelection", stage="voting", seats=5,
                            vote_start=date(2024, 6, 1), vote_place="和平苑会所")
        session.add(election)
        session.flush()
        for n, name in enumerate(CANDIDATES[:6]):
            session.add(Candidate(election_id=election.id, name=name, sort_order=n))
        election_id = election.id
    assert pages(store, "ballot", election_id, tmp_path) == 1
    text = flat(pdf_text(store, "ballot", election_id, tmp_path))
    assert "和平苑业主大会会议选票" in text and "专有部分面积" in text and "选票编号" in text
    assert "0001" not in text and "住户" not in text  # nothing printed for the owner: filled by hand


def test_a_ballot_needs_candidates(store: Store, printed: PrintData) -> None:
    with store.transaction() as session:
        other = session.query(Compound).filter_by(name="和平苑").one()
        election = Election(compound_id=other.id, kind="reelection", stage="candidates_nominated")
        session.add(election)
        session.flush()
        election_id = election.id
    with store.session() as session, pytest.raises(NotReady):
        printing.build(session, "ballot", election_id)


def test_ballots_for_a_large_register_one_page_each(store: Store, printed: PrintData,
                                                    tmp_path: Path) -> None:
    with store.transaction() as session:
        other = session.query(Compound).filter_by(name="和平苑").one()
        session.add_all([Unit(compound_id=other.id, building=str(n // 100 + 1), room=f"{n % 100 + 101}",
                              owner_name=f"住户{n}", owner_key=f"h{n}", area_m2=Decimal("75.25"))
                         for n in range(600)])
        election = Election(compound_id=other.id, kind="reelection", stage="voting", seats=7,
                            vote_start=date(2024, 6, 1), vote_place="会所")
        session.add(election)
        session.flush()
        for n, name in enumerate(["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子"]):
            session.add(Candidate(election_id=election.id, name=f"候选人{name}", sort_order=n))
        election_id = election.id
    # 11 candidates still fit each owner's ballot on one page
    assert pages(store, "ballot", election_id, tmp_path) == 600
    text = pdf_text(store, "ballot", election_id, tmp_path)
    last = flat(text.split("\f")[599])
    assert "住户599" in last and "6栋200" in last and "0600" in last and "候选人子" in last
    # 2栋 sorts before 10栋 (natural order), so 住户100 is on page 101
    assert "住户100" in flat(text.split("\f")[100])


# ---------------------------------------------------------------- 授权委托书
def test_proxy_form_is_for_this_meeting_with_blanks_and_no_id_numbers(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    approve_candidates(store, printed.election_id)
    assert pages(store, "proxy", printed.election_id, tmp_path) == 1
    text = flat(pdf_text(store, "proxy", printed.election_id, tmp_path))
    assert "授权委托书" in text and "（幸福花园首次业主大会会议）" in text
    for label in ("委托人（业主）", "房号", "专有部分面积", "受托人", "联系电话", "与委托人关系"):
        assert label in text
    assert "身份证" not in text
    assert "选举首届业主委员会委员（应选委员5名）" in text and "表决《管理规约》" in text
    assert "不得转委托" in text and "至本次会议投票结束（2024年5月5日）止" in text
    assert "委托人（签名）" in text and "受托人（签名）" in text
    assert reasons(store, "proxy", printed.election_id) == []


# ---------------------------------------------------------------- 业主名册公示
def test_register_notice_masks_phones_and_counts_as_the_tally_does(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    phones = {}
    with store.transaction() as session:
        for n, unit in enumerate(session.query(Unit).order_by(Unit.room).all()):
            unit.phone = f"1391234{n:04d}"
            phones[unit.owner_name] = unit.phone
    announce(store, printed.election_id, date(2024, 4, 1))
    assert reasons(store, "register-notice", printed.election_id) == []
    raw = pdf_text(store, "register-notice", printed.election_id, tmp_path)
    text = flat(raw)
    assert "幸福花园业主名册公示" in text and "全体业主：" in text
    assert "139****0000" in text
    assert not any(phone in text for phone in phones.values())
    assert not re.search(r"\d{15,18}", text)  # never an ID number
    assert all(f"业主{n}" in text for n in range(11))
    # 12 parts, the developer's unsold part one owner: 12 owners
    assert "本小区共有专有部分12个" in text and "业主总人数为12人" in text
    assert "建设单位未售或未交付的专有部分1个合并计为1人" in text
    assert "本次会议计算规则（一）专有部分面积。" in text and "（二）业主人数。" in text
    assert "司法解释" not in text and "最高人民法院" not in text
    assert "公示期自公示之日起至2024年4月19日止" in text  # the day before voting starts
    assert "特此公示。" in text and "幸福花园业主大会筹备组2024年4月1日" in text


def test_register_notice_before_the_assembly_is_announced_is_a_draft(
        store: Store, printed: PrintData) -> None:
    assert any("业主大会会议通知日期" in r for r in reasons(store, "register-notice", printed.election_id))


def test_room_names() -> None:
    from app.printing.documents.register import room_of

    assert room_of("5", "0101") == "5栋0101" and room_of("A", "101") == "A栋101"
    assert room_of("3栋", "201") == "3栋201" and room_of("商铺", "101") == "商铺101"


def test_mask_phone() -> None:
    from app.printing.documents.register import mask_phone

    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("0755-12345678") == "075*****5678"
    assert mask_phone("") == "—" and mask_phone(None) == "—"
    assert mask_phone("1234") == "**34"


# ---------------------------------------------------------------- 业委会成立公告 / 备案表
def seat(store: Store, printed: PrintData, meeting: bool) -> str:
    """Tally the printed election as the app does, seat its committee, and optionally record the
    first meeting (主任 and one 副主任) and part of the filing."""
    with store.transaction() as session:
        election = session.get(Election, printed.election_id)
        assert election is not None
        election.tally_json = json.dumps(election_tally(session, election, RULES).as_json(),
                                         ensure_ascii=False)
        committee = seat_committee(session, election, RULES, date(2024, 5, 8))
        rows = seated(members(session, committee.id))
        for n, member in enumerate(rows):
            member.phone = f"1370000{n:04d}"
        if meeting:
            record_first_meeting(session, committee, date(2024, 5, 12), rows[0].id, [rows[1].id],
                                 date(2024, 5, 20))
            filing.set_material(committee, "formation", True, RULES)
            filing.record_receipt(committee, "street", date(2024, 5, 25), date(2024, 6, 1))
        return committee.id


def test_committee_notice_lists_officers_term_and_filing(store: Store, printed: PrintData,
                                                         tmp_path: Path) -> None:
    committee_id = seat(store, printed, meeting=True)
    assert reasons(store, "committee-notice", committee_id) == []
    text = flat(pdf_text(store, "committee-notice", committee_id, tmp_path))
    assert "关于幸福花园业主委员会成立的公告" in text and "全体业主：" in text
    assert "2024年5月12日，业主委员会召开首次会议" in text
    assert "主任" in text and "副主任" in text and "委员" in text
    assert sum(name in text for name in CANDIDATES) == SEATS
    assert "任期2024年5月8日至2029年5月8日" in text
    assert "龙岗区住房和建设局" in text and "布吉街道办事处" in text
    assert "《业主大会和业主委员会指导规则》第三十三条" in text
    assert "联系电话13700000000" in text  # the 主任's number: how owners reach the committee
    assert "13700000001" not in text  # the members' own numbers are not posted
    assert "特此公告。" in text and "幸福花园业主委员会2024年5月12日" in text
    # the election's id finds the committee it seated
    assert flat(pdf_text(store, "committee-notice", printed.election_id, tmp_path)) == text


def test_a_by_election_announces_who_joined_the_sitting_committee(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    committee_id = seat(store, printed, meeting=True)
    with store.transaction() as session:
        first = session.get(Election, printed.election_id)
        assert first is not None
        by = Election(compound_id=first.compound_id, kind="by_election", stage="tallied", seats=1,
                      vote_start=date(2025, 3, 1), vote_end=date(2025, 3, 1),
                      result_published_on=date(2025, 3, 3))
        session.add(by)
        session.flush()
        session.add(Candidate(election_id=by.id, name="南宫雅琴", sort_order=0))
        by.tally_json = json.dumps({
            "matter": "election", "total_owners": 12, "total_area": "1128.00",
            "participating_owners": 10, "participating_area": "930.00", "quorum_met": True,
            "seats": 1, "elected": ["南宫雅琴"], "tied_for_last_seat": [],
            "candidates": [{"name": "南宫雅琴", "yes_owners": 9, "yes_area": "830.00", "passed": True}],
        }, ensure_ascii=False)
        seat_committee(session, by, RULES, date(2025, 3, 3))
    assert reasons(store, "committee-notice", committee_id) == []
    text = flat(pdf_text(store, "committee-notice", committee_id, tmp_path))
    assert "关于幸福花园业主委员会补选委员就任的公告" in text
    assert "补选产生业主委员会委员1名：南宫雅琴" in text
    assert "首次会议" not in text
    assert "报告委员变更情况" in text and "30日内" not in text  # not the new committee's filing
    assert sum(name in text for name in (*CANDIDATES, "南宫雅琴")) == SEATS + 1
    assert "幸福花园业主委员会2025年3月3日" in text and "自2025年3月3日起任职" in text
    # asked by the first election, its own 成立公告 as it was: the members it seated, its first meeting
    founding = flat(pdf_text(store, "committee-notice", printed.election_id, tmp_path))
    assert "关于幸福花园业主委员会成立的公告" in founding and "南宫雅琴" not in founding
    assert "幸福花园业主委员会2024年5月12日" in founding
    assert "任期2024年5月8日至2029年5月8日" in founding  # the term as set, not as cut by a successor


def test_a_committee_with_two_directors_is_not_posted_as_final(store: Store, printed: PrintData) -> None:
    committee_id = seat(store, printed, meeting=True)
    with store.transaction() as session:  # e.g. two colleagues each recorded a 主任 and synced
        rows = seated(members(session, committee_id))
        for member in rows:
            if member.role == "member":
                member.role = "director"
                break
    for kind in ("committee-notice", "filing-form"):
        assert any("名主任" in r for r in reasons(store, kind, committee_id)), kind


def test_committee_notice_before_the_first_meeting_is_a_draft(store: Store, printed: PrintData) -> None:
    committee_id = seat(store, printed, meeting=False)
    assert any("首次会议" in r for r in reasons(store, "committee-notice", committee_id))


def test_filing_form_has_the_checklist_receipts_and_boxes(store: Store, printed: PrintData,
                                                          tmp_path: Path) -> None:
    committee_id = seat(store, printed, meeting=True)
    text = flat(pdf_text(store, "filing-form", committee_id, tmp_path))
    assert "幸福花园业主委员会备案表" in text
    assert "首次业主大会会议" in text and "2024年4月20日至2024年5月5日" in text
    assert "业主总人数及面积12人" in text and "参与表决10人" in text
    assert "委员5名（主任1名、副主任1名）" in text
    assert "业主大会成立和业主委员会选举的情况√已提交" in text
    assert "管理规约□未提交" in text and "业主大会议事规则□未提交" in text
    assert "第1至4项依据《业主大会和业主委员会指导规则》第三十三条" in text
    assert "龙岗区住房和建设局" in text and "布吉街道办事处" in text
    assert "2024年5月25日" in text  # the street office's receipt
    for box in ("收件日期", "备案意见", "经办人", "盖章", "报送单位（盖章）", "主任（签名）"):
        assert box in text
    assert "报送日期：2024年5月25日" in text  # handed in when the first body received it
    why = reasons(store, "filing-form", committee_id)
    assert why == ["备案材料不全：管理规约、业主大会议事规则、业主委员会委员名单"]


def test_new_kinds_are_registered_for_the_cli() -> None:
    for kind in ("assembly-notice", "ballot", "proxy", "register-notice", "committee-notice",
                 "filing-form"):
        assert kind in printing.KINDS
        assert printing.KINDS[kind].label_zh


# ---------------------------------------------------------------- the print actions
def previewed(qtbot: Any, task: Any, tmp_path: Path, kind: str) -> None:
    """Wait for the task an action started; the preview it opened shows a PDF of `kind`."""
    from ui.printing.preview import _open_windows

    assert task is not None, "the action did not start"
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.succeeded, task.error
    assert len(_open_windows) == 1, f"expected one preview window, found {len(_open_windows)}"
    window = next(iter(_open_windows))
    qtbot.addWidget(window)
    assert window.isVisible() and window.page_count() >= 1
    pdf = tmp_path / f"{kind}-preview.pdf"
    pdf.write_bytes(window.pdf)
    assert f"Subject:         {kind}" in run_tool("pdfinfo", pdf)
    window.close()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise",
                           "does not support grabbing")
def test_print_menus_offer_the_new_papers(qtbot: Any, store: Store, printed: PrintData,
                                          data_dir: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.committee.view import CommitteeView
    from ui.context import UiContext, make_settings
    from ui.pages.elections_page import ElectionsPage

    with store.transaction() as session:  # an election with no candidates yet: no ballot
        other = session.query(Compound).filter_by(name="和平苑").one()
        bare = Election(compound_id=other.id, kind="reelection", stage="candidates_nominated")
        session.add(bare)
        session.flush()
        bare_id = bare.id
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(tmp_path / "settings.ini"))
    ctx = UiContext(store=store, data_dir=data_dir, settings=make_settings())
    page = ElectionsPage(ctx)
    qtbot.addWidget(page)
    page.select(printed.election_id)
    button = page.panel.print_button
    actions = button.actions_by_kind
    for kind in ("assembly-notice", "register-notice", "proxy"):
        assert actions[kind].isEnabled(), (kind, actions[kind].toolTip())
        assert actions[kind].text().startswith("打印")
    assert not actions["ballot"].isEnabled() and actions["ballot"].toolTip() == "投票已结束，不再发放选票"
    previewed(qtbot, button.trigger("proxy"), tmp_path, "proxy")
    page.select(printed.voting_election_id)
    assert actions["ballot"].isEnabled(), actions["ballot"].toolTip()
    assert actions["candidates-notice"].isEnabled()  # a draft before the 人选关, never greyed out

    page.select(bare_id)
    assert not actions["ballot"].isEnabled() and actions["ballot"].toolTip() == "还没有候选人"
    assert not actions["register-notice"].isEnabled()
    assert "名册" in actions["register-notice"].toolTip()
    assert actions["proxy"].isEnabled()

    seat(store, printed, meeting=False)
    view = CommitteeView(ctx, clock=lambda: date(2024, 5, 20))
    qtbot.addWidget(view)
    with store.session() as session:
        election = session.get(Election, printed.election_id)
        assert election is not None
        compound_id = election.compound_id
    view.load(compound_id)
    assert view.notice_button.isEnabled() and "草稿" in view.notice_button.toolTip()
    assert view.filing_button.isEnabled() and "备案材料不全" in view.filing_button.toolTip()
    previewed(qtbot, view.print_document("filing-form"), tmp_path, "filing-form")
