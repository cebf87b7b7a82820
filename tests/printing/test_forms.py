"""The forms and meeting papers as a caseworker posts or files them, printed to real PDFs from
stores built through the workflow: the checkpoint form names what was approved and who signed
(by profile, never the account), carries the QR and nothing about how it is checked; the answer
notice names no committee a compound lacks; minutes of a meeting not yet held are a draft;
no paper carries an ISO date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import agenda, meetings
from app.printing import build, render
from db.models import AgendaItem, Candidate, CheckpointApproval, Election, GroupMember, Unit
from db.store import Store
from tests.printing.conftest import PrintData, run_tool

NOW = datetime(2024, 6, 10, 2, 0, tzinfo=UTC)
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# How a form is checked is the app's help, never the paper's.
DEVELOPER_WORDS = ("main.py", "verify", "SHA", "Ed25519", "哈希", "摘要", "公钥", "签名算法", "None")
SIGNER = "tester"  # the account that signs: must never reach paper


def pdf_text(store: Store, tmp_path: Path, kind: str, record_id: str) -> tuple[Path, str]:
    with store.session() as session:
        pdf = render(session, kind, record_id)
    path = tmp_path / f"{kind}-{record_id[:8]}.pdf"
    path.write_bytes(pdf)
    return path, run_tool("pdftotext", "-layout", path, "-")


def flat(value: str) -> str:
    """The text with line breaks and layout spaces gone, for phrases a line may split."""
    return re.sub(r"\s+", "", value)


def keep_profile(store: Store, name: str = "张建国", title: str = "党建指导员",
                 office: str = "布吉街道办事处") -> None:
    from app.profile import keep_profile as keep

    with store.transaction() as session:
        keep(session, SIGNER, name, title, office, version=1)


def compound_of(session: Session, printed: PrintData) -> str:
    return session.scalars(select(Election.compound_id).where(
        Election.id == printed.election_id)).one()


def _units(session: Session, compound_id: str) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.compound_id == compound_id,
                                                   Unit.developer_unsold.is_(False))
                                .order_by(Unit.building, Unit.room)))


def signed_group(store: Store, printed: PrintData) -> str:
    """A first election at 筹备组人选关 with a full group, approved through the sign-off."""
    from app.elections.signoff import sign_checkpoint
    from app.rules import load_rules

    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        election = Election(compound_id=compound_id, kind="first", stage="checkpoint_group", seats=5,
                            applied_on=date(2024, 5, 1), group_formed_on=date(2024, 5, 20),
                            reps_published_on=date(2024, 5, 25))
        session.add(election)
        session.flush()
        units = _units(session, compound_id)
        for n, (name, role) in enumerate([("赵志刚", "street_office"), ("钱丽华", "party_committee"),
                                          ("孙海", "police"), ("李秀梅", "residents_committee")]):
            session.add(GroupMember(election_id=election.id, name=name, role=role, is_leader=n == 0))
        for n, name in enumerate(("周文斌", "吴晓燕", "郑国强", "王春兰")):
            session.add(GroupMember(election_id=election.id, name=name, role="owner_rep",
                                    unit_id=units[n].id, is_party_member=n < 2))
        session.flush()
        row = sign_checkpoint(session, election, "group", "approved", SIGNER, load_rules(),
                              date(2024, 6, 10), comment="筹备组人选符合规定，同意。")
        return row.id


def signed_candidates(store: Store, printed: PrintData) -> str:
    """A first election at 业委会人选关 with five candidates, approved through the sign-off."""
    from app.elections.signoff import sign_checkpoint
    from app.rules import load_rules

    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        election = Election(compound_id=compound_id, kind="first", stage="checkpoint_candidates",
                            seats=5, applied_on=date(2024, 5, 1), group_formed_on=date(2024, 5, 20))
        session.add(election)
        session.flush()
        units = _units(session, compound_id)
        for n, name in enumerate(("欧阳明辉", "司马玉兰", "诸葛建国", "上官秀英", "东方志强")):
            session.add(Candidate(election_id=election.id, name=name, unit_id=units[n].id,
                                  is_party_member=n < 3, nominated_by="业主联名推荐", sort_order=n))
        session.flush()
        row = sign_checkpoint(session, election, "candidates", "approved", SIGNER, load_rules(),
                              date(2024, 6, 10), comment="候选人资格审查通过")
        return row.id


def test_group_form_names_members_with_units_and_roles_and_the_signers_profile(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    approval_id = signed_group(store, printed)
    keep_profile(store)
    _, text = pdf_text(store, tmp_path, "checkpoint-form", approval_id)
    lines = text.splitlines()
    for name, role, unit in [("赵志刚", "街道办事处代表", "布吉街道办事处"),
                             ("钱丽华", "社区党委代表", "四联社区党委"),
                             ("李秀梅", "居民委员会代表", "四联社区居民委员会"),
                             ("周文斌", "业主代表", "3栋0201"), ("吴晓燕", "业主代表", "3栋0401")]:
        row = next((line for line in lines if name in line), "")
        assert role in row and unit in row, (name, row)
    assert "组长" in next(line for line in lines if "赵志刚" in line)
    flat_text = flat(text)
    assert flat_text.startswith("幸福花园业主大会筹备组人选审核表") and "筹备组人选关" in flat_text
    assert "筹备组成员共8人" in flat_text
    assert "审核人：张建国" in flat_text and "职务：党建指导员" in flat_text
    assert "签字：" in flat_text and "经审核，同意通过筹备组人选关。" in flat_text
    assert SIGNER not in text  # the account name never reaches paper
    for word in DEVELOPER_WORDS:
        assert word not in text, word
    assert not ISO_DATE.search(text), ISO_DATE.search(text)
    with store.session() as session:
        spec = build(session, "checkpoint-form", approval_id)
    assert not spec.draft_reasons, spec.draft_reasons
    assert spec.signature is not None and spec.signature.issuer == "布吉街道办事处"


def test_candidates_form_lists_candidates_carries_the_qr_and_only_scan_to_check(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    approval_id = signed_candidates(store, printed)
    keep_profile(store, name="刘晓东", title="物管办科员")
    path, text = pdf_text(store, tmp_path, "checkpoint-form", approval_id)
    lines = text.splitlines()
    for name, room in [("欧阳明辉", "3栋0201"), ("东方志强", "3栋1001")]:
        row = next((line for line in lines if name in line), "")
        assert room in row and "业主联名推荐" in row, row
    assert "中共党员" in next(line for line in lines if "欧阳明辉" in line)
    assert "应选委员5名，候选人5名" in flat(text)
    assert flat(text).startswith("幸福花园首届业主委员会委员候选人审核表")
    assert "扫码核验" in text and "刘晓东" in text and SIGNER not in text
    for word in DEVELOPER_WORDS:
        assert word not in text, word

    run_tool("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", path, tmp_path / "page")
    decoded = run_tool("zbarimg", "--quiet", "--raw", next(tmp_path.glob("page*.png"))).strip()
    assert decoded.startswith("CDSIGN1:")
    info = run_tool("pdfinfo", path)
    assert f"Keywords:        {decoded}" in info  # `main.py verify FILE` reads it from here
    from app.signing import verify_qr_text

    assert verify_qr_text(decoded)["payload"]["id"] == approval_id


def test_form_without_a_signer_profile_is_a_draft_with_a_blank_for_the_pen(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    approval_id = signed_group(store, printed)
    with store.session() as session:
        spec = build(session, "checkpoint-form", approval_id)
    assert any("本人信息" in r for r in spec.draft_reasons), spec.draft_reasons
    _, text = pdf_text(store, tmp_path, "checkpoint-form", approval_id)
    assert "审核人：__________" in flat(text)
    assert SIGNER not in text


def test_form_whose_approved_list_changed_since_is_a_draft(
        store: Store, printed: PrintData) -> None:
    approval_id = signed_candidates(store, printed)
    keep_profile(store)
    with store.transaction() as session:
        election_id = session.scalars(select(CheckpointApproval.election_id).where(
            CheckpointApproval.id == approval_id)).one()
        session.add(Candidate(election_id=election_id, name="后来者", sort_order=9))
    with store.session() as session:
        spec = build(session, "checkpoint-form", approval_id)
    assert any("已有变动" in r for r in spec.draft_reasons), spec.draft_reasons


def test_form_cites_verified_rules_only(store: Store, printed: PrintData, tmp_path: Path) -> None:
    from app.rules import load_rules

    approval_id = signed_group(store, printed)
    keep_profile(store)
    _, text = pdf_text(store, tmp_path, "checkpoint-form", approval_id)
    rules = load_rules()
    unverified = [o.source for o in (rules.trigger.origin, rules.procedure.reps_publication.origin,
                                     rules.counting.origin) if not o.verified]
    assert unverified, "the rules file has unverified rules: this test checks they stay off paper"
    for source in unverified:
        assert source not in flat(text), source
    assert "有来源称" not in text and "待核实" not in text and "未经核实" not in text
    assert "《深圳经济特区物业管理条例》（2019年修订）第二十条" in flat(text)


def _item(session: Session, compound_id: str, title: str) -> AgendaItem:
    return agenda.create_item(session, compound_id=compound_id, title=title,
                              raised_on=date(2024, 5, 2), category="hygiene", source="visit",
                              raised_by="陈大文", now=NOW)


def test_answer_notice_names_no_committee_the_compound_lacks(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        item = _item(session, compound_id, "楼道堆放杂物")
        for target, change in [
            ("discuss", agenda.StageChange(positions={"residents_cmte": "同意清理"})),
            ("decide", agenda.StageChange(decision="三日内清理楼道杂物", responsible_party="业委会",
                                          deadline=date(2024, 5, 20))),
            ("doing", agenda.StageChange()),
            ("answered", agenda.StageChange(answer="杂物已清理", answer_method="notice")),
        ]:
            agenda.advance(session, item.id, target, change, now=NOW)
        item_id = item.id
    _, text = pdf_text(store, tmp_path, "answer-notice", item_id)
    flat_text = flat(text)
    assert "业主委员会" not in flat_text and "业委会" not in flat_text
    assert "四联社区居民委员会" in flat_text
    assert "责任单位为四联社区居民委员会" in flat_text and "2024年5月20日前" in flat_text
    assert "幸福花园各位居民：" in flat_text and "居民陈某" in flat_text
    assert not ISO_DATE.search(text)


def test_answer_notice_of_an_item_never_decided_says_how_it_was_handled(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        item = _item(session, compound_id, "小区门口路灯不亮")
        agenda.advance(session, item.id, "referred", agenda.StageChange(
            referred_to="区城管局", referred_due=date(2024, 5, 30)), now=NOW)
        agenda.advance(session, item.id, "answered", agenda.StageChange(
            referred_answer="路灯已修复", answer="路灯已由区城管局修复", answer_method="notice"),
            now=NOW)
        item_id = item.id
    _, text = pdf_text(store, tmp_path, "answer-notice", item_id)
    flat_text = flat(text)
    assert "待定" not in flat_text and "：—" not in flat_text and "责任方" not in flat_text
    assert "区城管局" in flat_text and "吹哨报到" in flat_text
    with store.session() as session:
        assert not build(session, "answer-notice", item_id).draft_reasons


def test_minutes_of_a_planned_meeting_are_a_draft(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        planned = meetings.create_meeting(session, compound_id=compound_id, kind="joint",
                                          held_at=datetime(2030, 1, 1, 2, tzinfo=UTC),
                                          place="会所").id
        forgotten = meetings.create_meeting(session, compound_id=compound_id, kind="joint",
                                            held_at=datetime(2024, 1, 5, 2, tzinfo=UTC)).id
    with store.session() as session:
        draft = build(session, "minutes", planned)
        never_closed = build(session, "minutes", forgotten)
        held = build(session, "minutes", printed.meeting_id)
    assert any("尚未召开" in r and "2030年1月1日" in r for r in draft.draft_reasons)
    opening = flat(pdf_text(store, tmp_path, "minutes", planned)[1])
    assert "拟于2030年1月1日10:00在会所召开" in opening and "听取了" not in opening
    assert draft.signature is not None and draft.signature.on is None  # no date in the future
    assert any("尚未登记为已召开" in r for r in never_closed.draft_reasons)
    assert not held.draft_reasons, held.draft_reasons
    _, text = pdf_text(store, tmp_path, "minutes", planned)
    assert "草" in text and "稿" in text  # the watermark


def test_minutes_of_a_held_meeting_list_attendees_decisions_owners_and_deadlines(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    _, text = pdf_text(store, tmp_path, "minutes", printed.meeting_id)
    flat_text = flat(text)
    assert "2024年3月1日14:30" in flat_text  # 06:30 UTC in Shenzhen
    assert "出席：" in flat_text and "参会0" in flat_text and "参会3" in flat_text
    assert "一、地下车库停车位不足" in flat_text
    assert "（一）各方意见。小区党支部：同意；物业服务企业：同意。" in flat_text
    assert "（二）会议议定。物业重新划线增加车位。" in flat_text
    assert "（三）责任单位和完成时限。由物业服务企业负责，2024年4月1日前完成。" in flat_text
    # the compound has no committee: its seat at the table is the residents' committee's
    assert "业委会" not in flat_text and "业主委员会" not in flat_text
    assert "待定" not in flat_text and not ISO_DATE.search(text)


def test_signin_sheet_has_a_line_for_each_attendee_and_blank_lines(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    path, text = pdf_text(store, tmp_path, "signin-sheet", printed.meeting_id)
    assert "Pages:           1" in run_tool("pdfinfo", path)
    flat_text = flat(text)
    assert "本人签名" in flat_text and "2024年3月1日14:30" in flat_text
    assert all(f"参会{n}" in flat_text for n in range(4))
    numbers = [line.split()[0] for line in text.splitlines() if line.split() and line.split()[0].isdigit()]
    assert numbers == [str(n) for n in range(1, 12)], numbers  # 4 listed + 7 blank: one page
    assert not ISO_DATE.search(text)


def test_coverage_report_counts_per_community_and_never_breaks_short_words(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    with store.session() as session:
        from app.printing.documents.coverage import coverage_report
        from app.printing.layout import render_pdf

        pdf = render_pdf(coverage_report(session, printed.street_name, today=date(2024, 6, 1)))
    path = tmp_path / "coverage.pdf"
    path.write_bytes(pdf)
    text = run_tool("pdftotext", "-layout", path, "-")
    # 幸福花园 has its branch, 和平苑 only an instructor
    assert "截至2024年6月1日" in flat(text)
    assert "组织覆盖1个，占50.0%；工作覆盖1个，占50.0%" in flat(text)
    lines = text.splitlines()
    header = next(line for line in lines if "覆盖党支部" in line)
    assert "党建指导员" in header and "覆盖情况" in header, header  # header cells never break
    for name, kind, who in (("幸福花园", "组织覆盖", "幸福花园小区党支部"), ("和平苑", "工作覆盖", "王指导")):
        row = next(line for line in lines if name in line and "社区" in line)
        assert "四联社区" in row and kind in row and who in row, row  # short cells on one line
    assert "合计" in text and "布吉街道办事处" in text
    assert not ISO_DATE.search(text)


@pytest.fixture
def demo(store: Store) -> Store:
    from app.demo import generate

    generate(store, "small")
    return store


def test_demo_papers_carry_no_iso_date_and_no_account_name(
        demo: Store, tmp_path: Path) -> None:
    from db.models import Meeting, RatingInspection, Street

    with demo.session() as session:
        records = [
            ("rating-report", session.scalars(select(RatingInspection.id).where(
                RatingInspection.status == "final")).first()),
            ("coverage-report", session.scalars(select(Street.id)).first()),
            ("minutes", session.scalars(select(Meeting.id).where(Meeting.status == "closed")).first()),
            ("answer-notice", session.scalars(select(AgendaItem.id).where(
                AgendaItem.stage == "answered")).first()),
        ] + [("checkpoint-form", session.scalars(select(CheckpointApproval.id).where(
            CheckpointApproval.checkpoint == cp)).first()) for cp in ("timing", "group", "candidates")]
    for kind, record_id in records:
        assert record_id, kind
        _, text = pdf_text(demo, tmp_path, kind, record_id)
        assert not ISO_DATE.search(text), (kind, ISO_DATE.search(text))
        for word in DEVELOPER_WORDS:
            assert word not in text, (kind, word)
        assert "区级设定" not in text and "未公开" not in text, kind  # the template's own note


def test_rating_report_names_the_inspector_by_profile_never_by_account(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    from decimal import Decimal

    from app import ratings
    from app.profile import keep_profile as keep
    from app.profile import own_user
    from db.models import Compound, PropertyCompany
    from tests.ratings.helpers import fill, photo

    with store.transaction() as session:
        company = PropertyCompany(name="万科物业（测试）")
        session.add(company)
        session.flush()
        compound = session.get(Compound, compound_of(session, printed))
        assert compound is not None
        compound.property_company_id = company.id
        account = own_user(session)  # what the page offers as 评价人 by default
        inspection_id = ratings.start_inspection(session, compound_id=compound.id,
                                                 inspected_on=date(2026, 3, 10),
                                                 inspector=account).id
        fill(session, inspection_id, tmp_path, photo(tmp_path), {"C03": Decimal(1)})
        ratings.finish_inspection(session, inspection_id)
    _, text = pdf_text(store, tmp_path, "rating-report", inspection_id)
    flat_text = flat(text)
    assert "评价日期2026年3月10日" in flat_text and "★★★★★（五星级）" in flat_text
    assert "评价人__________（签字）" in flat_text and account not in text
    assert "布吉街道办事处" in text and not ISO_DATE.search(text)

    with store.transaction() as session:
        keep(session, account, "李晓梅", "物管办科员", "布吉街道办事处", version=1)
    _, text = pdf_text(store, tmp_path, "rating-report", inspection_id)
    assert "评价人李晓梅" in flat(text) and account not in text
    with store.session() as session:
        assert not build(session, "rating-report", inspection_id).draft_reasons

    from sqlalchemy import text as sql

    with store.transaction() as session:  # figures no inspection can have (a store edited by hand)
        session.execute(sql("PRAGMA ignore_check_constraints = ON"))
        session.execute(sql("UPDATE rating_inspections SET percent = '123.4', stars = 9 WHERE id = :id"),
                        {"id": inspection_id})
    with store.session() as session:
        spec = build(session, "rating-report", inspection_id)
    assert any("得分有误" in r and "得分率" in r and "星级" in r for r in spec.draft_reasons)
    _, text = pdf_text(store, tmp_path, "rating-report", inspection_id)
    assert "123.40%" not in text and "★★★★★★" not in text


def test_a_revoked_approval_prints_as_a_draft_and_the_revocation_says_what_it_undid(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    from app.elections.signoff import sign_checkpoint
    from app.rules import load_rules

    approval_id = signed_candidates(store, printed)
    keep_profile(store)
    with store.transaction() as session:
        approval = session.get(CheckpointApproval, approval_id)
        election = session.get(Election, approval.election_id if approval else "")
        assert election is not None
        revocation = sign_checkpoint(session, election, "candidates", "revoked", SIGNER, load_rules(),
                                     date(2024, 6, 12), comment="候选人资格材料有误",
                                     revokes_id=approval_id).id
    with store.session() as session:
        revoked = build(session, "checkpoint-form", approval_id)
        undoing = build(session, "checkpoint-form", revocation)
    assert any("撤销" in r and "不再有效" in r for r in revoked.draft_reasons), revoked.draft_reasons
    assert not undoing.draft_reasons, undoing.draft_reasons
    _, text = pdf_text(store, tmp_path, "checkpoint-form", revocation)
    assert "撤销此前业委会人选关的审核通过。审核意见：候选人资格材料有误。" in flat(text)


def test_check_wording_is_made_paper_fit() -> None:
    """What app.elections.checks says for the screen, as the form prints it."""
    from app.printing.documents.checkpoint import paper_text

    assert paper_text("筹备组 7–10 人（有来源称20%业主可申请）") == "筹备组7至10人"
    assert paper_text("报告日期 2026-10-08，最迟 2027-03-15") == "报告日期2026年10月8日，最迟2027年3月15日"
    assert paper_text("业主名册：51 套、5174.23 m²") == "业主名册：51套、5174.23平方米"
    assert paper_text("其中经双找找到 10 名") == "其中经“双找”联系到10名"


@pytest.mark.parametrize("field, value", [("comment", "同意。（已篡改）"),
                                          ("signed_at", "2030-01-01 00:00:00.000000"),
                                          ("signature", "AAAA")])
def test_a_sign_off_altered_after_signing_prints_only_as_a_draft_without_its_text(
        store: Store, printed: PrintData, tmp_path: Path, field: str, value: str) -> None:
    from sqlalchemy import text as sql

    approval_id = signed_candidates(store, printed)
    keep_profile(store)
    with store.transaction() as session:  # as someone editing the store file would
        session.execute(sql(f"UPDATE checkpoint_approvals SET {field} = :v WHERE id = :id"),
                        {"v": value, "id": approval_id})
    with store.session() as session:
        spec = build(session, "checkpoint-form", approval_id)
    assert any("与签名不符" in r for r in spec.draft_reasons), spec.draft_reasons
    assert spec.keywords == ""  # no code to verify
    _, text = pdf_text(store, tmp_path, "checkpoint-form", approval_id)
    assert "已篡改" not in text and "2030年" not in text
    assert "扫码核验" not in text and "无有效核验码" in text


def test_a_signer_name_no_font_can_print_makes_the_form_a_draft(
        store: Store, printed: PrintData) -> None:
    approval_id = signed_group(store, printed)
    keep_profile(store, name="周\U0002b5af", title="党建指导员")
    with store.session() as session:
        spec = build(session, "checkpoint-form", approval_id)
    assert any("\U0002b5af" in r for r in spec.draft_reasons), spec.draft_reasons


def test_answer_notice_of_an_item_still_under_discussion_claims_nothing(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    from sqlalchemy import text as sql

    with store.transaction() as session:
        compound_id = compound_of(session, printed)
        item = _item(session, compound_id, "关于楼道灯不亮")
        agenda.advance(session, item.id, "discuss",
                       agenda.StageChange(positions={"party_branch": "先报修"}), now=NOW)
        session.execute(sql("UPDATE agenda_items SET answer = '已报修' WHERE id = :id"), {"id": item.id})
        item_id = item.id
    with store.session() as session:
        spec = build(session, "answer-notice", item_id)
    assert spec.title == "关于“楼道灯不亮”办理情况的回音告知"  # no doubled 关于
    assert spec.draft_reasons
    _, text = pdf_text(store, tmp_path, "answer-notice", item_id)
    assert "目前处于“议”阶段，尚未议定" in flat(text) and "直接办理" not in flat(text)


def test_coverage_report_takes_the_exact_street_name_and_refuses_a_guess(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    from app.errors import BadInput
    from db.models import Street

    with store.transaction() as session:
        session.add(Street(name="布吉", district="罗湖区"))  # a name only its 街道 suffix tells apart
    assert "龙岗区布吉街道" in flat(pdf_text(store, tmp_path, "coverage-report", "布吉街道")[1])
    assert "罗湖区布吉街道" in flat(pdf_text(store, tmp_path, "coverage-report", "布吉")[1])
    with store.session() as session, pytest.raises(BadInput, match="有2个街道名为"):
        build(session, "coverage-report", "布吉街道办事处")
