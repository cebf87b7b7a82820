"""Every document kind as a real PDF: fonts embedded, text extractable, rules and signers named,
Chinese line breaking, repeated table headers, and the checkpoint form's QR code round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import BadInput
from app.printing import KINDS, build, render
from app.printing.data import NotReady
from app.printing.linebreak import bad_line_ends, bad_line_starts
from db.store import Store
from tests.helpers.cli import run_main
from tests.printing.conftest import PrintData, run_tool

# Papers filled in by hand: no 落款 and no rule to name (tests/printing/test_new_papers.py).
HAND_FILLED = ("ballot", "proxy")
COMMITTEE_KINDS = ("committee-notice", "filing-form")  # printed for a seated committee


def record_for(kind: str, data: PrintData, store: Store | None = None) -> str:
    if kind in COMMITTEE_KINDS and store is not None:
        return seated_committee(store, data)
    return {
        "checkpoint-form": data.approval_id,
        "signin-sheet": data.meeting_id,
        "minutes": data.meeting_id,
        "answer-notice": data.item_id,
        "coverage-report": data.street_name,
    }.get(kind, data.election_id)


def seated_committee(store: Store, data: PrintData) -> str:
    """The printed election's committee, seated as the app seats it at the tally, with its first
    meeting held (the committee papers need both)."""
    from datetime import date

    from app.committee.officers import record_first_meeting
    from app.committee.records import members, seated
    from app.committee.seating import seat_committee
    from app.elections.ballots import election_tally
    from app.rules import load_rules
    from db.models import Election, OwnersCommittee

    rules = load_rules()
    with store.transaction() as session:
        existing = session.scalars(select(OwnersCommittee.id).where(
            OwnersCommittee.election_id == data.election_id)).first()
        if existing is not None:
            return existing
        election = session.get(Election, data.election_id)
        assert election is not None
        election.tally_json = json.dumps(election_tally(session, election, rules).as_json(),
                                         ensure_ascii=False)
        committee = seat_committee(session, election, rules, date(2024, 5, 8))
        rows = seated(members(session, committee.id))
        record_first_meeting(session, committee, date(2024, 5, 12), rows[0].id, [rows[1].id],
                             date(2024, 5, 20))
        return committee.id


def write_pdf(store: Store, tmp_path: Path, kind: str, record_id: str) -> Path:
    with store.session() as session:
        pdf = render(session, kind, record_id)
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    return path


def fonts_of(path: Path) -> list[list[str]]:
    lines = run_tool("pdffonts", path).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


# The rating report needs a finished inspection; tests/ratings/test_export.py checks it.
@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"rating-report"}))
def test_every_kind_embeds_its_fonts_and_names_compound_rule_and_signer(
        store: Store, printed: PrintData, tmp_path: Path, kind: str) -> None:
    record = record_for(kind, printed, store)
    path = write_pdf(store, tmp_path, kind, record)
    fonts = fonts_of(path)
    assert fonts, "the PDF uses no font at all"
    for row in fonts:  # name type encoding emb sub uni object generation
        assert row[-5] == "yes", f"font {row[0]} is not embedded in {kind}"
    with store.session() as session:
        spec = build(session, kind, record)
    text = run_tool("pdftotext", path, "-").replace("\n", "")
    assert spec.title.replace(" ", "") in text.replace(" ", "")
    expected_place = printed.street_name if kind == "coverage-report" else printed.compound_name
    assert expected_place in text
    if kind in HAND_FILLED:
        assert spec.signature is None, f"{kind} is filled in by hand: no 落款"
        return
    assert any(name in text for name in ("条例", "民法典", "规则》")), f"{kind} names no rule"
    if kind == "filing-form":  # signed and sealed in its boxes by each body, not with a 落款
        assert spec.signature is None
        return
    assert spec.signature is not None and spec.signature.issuer in text


def test_election_notice_lists_candidates_method_and_thresholds_from_the_rules_file(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    from app.rules import load_rules

    rules = load_rules()
    path = write_pdf(store, tmp_path, "election-notice", printed.election_id)
    text = run_tool("pdftotext", path, "-").replace("\n", "")
    for name in printed.candidates:
        assert name in text
    assert "幸福花园会所二楼" in text and "电子投票" in text
    assert rules.quorum.origin.source in text and rules.election.origin.source in text
    assert "三分之二以上" in text and "过半数" in text
    assert "2024年4月20日至2024年5月5日" in text


def test_result_notice_shows_the_tally_and_who_was_elected(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    path = write_pdf(store, tmp_path, "result-notice", printed.election_id)
    text = run_tool("pdftotext", "-layout", path, "-")
    # 序号 候选人 同意人数 人数占比 同意面积 面积占比 结果
    rows = {line.split()[1]: line.split() for line in text.splitlines()
            if len(line.split()) == 7 and line.split()[1] in printed.candidates}
    assert set(rows) == set(printed.candidates)
    assert rows["欧阳明辉"][2] == "8" and rows["欧阳明辉"][3] == "80.00%"
    assert rows["欧阳明辉"][6] == "当选"
    assert rows["诸葛建国"][2:4] == ["10", "100.00%"]
    assert rows["皇甫文博"][6] == "未当选"
    flat = text.replace("\n", "").replace(" ", "")
    assert "本小区业主共12人" in flat and "参与表决的业主10人，占总人数的83.33%" in flat
    assert "有效选票10张，弃权票0张，无效选票0张" in flat
    assert "本次会议有效" in flat and "特此公告。" in flat


def test_long_paragraph_never_starts_a_line_with_closing_punctuation(
        store: Store, printed: PrintData, tmp_path: Path) -> None:
    path = write_pdf(store, tmp_path, "answer-notice", printed.item_id)
    lines = run_tool("pdftotext", "-layout", path, "-").splitlines()
    body = [line for line in lines if "居" in line or "议" in line]
    assert len(body) > 40, "the provoking paragraph did not make it into the PDF"
    assert bad_line_starts(lines) == []
    assert bad_line_ends(lines) == []


def test_plain_reportlab_wrapping_would_have_broken_the_rule() -> None:
    """The check above can fail: reportlab's own CJK wrap lets "，" start a line here."""
    from reportlab.platypus import Paragraph

    from app.printing.layout import TEXT_WIDTH, styles
    from app.printing.linebreak import CJKParagraph
    from tests.printing.conftest import PROVOKING

    def line_texts(para: Paragraph) -> list[str]:
        para.wrap(TEXT_WIDTH, 10_000)
        lines = para.blPara.lines
        if para.blPara.kind == 0:  # simple lines: (extra space, [words])
            return ["".join(words) for _space, words in lines]
        return ["".join(str(w.text) for w in line.words) for line in lines]

    plain = line_texts(Paragraph(PROVOKING, styles().body))
    ours = line_texts(CJKParagraph(PROVOKING, styles().body))
    assert bad_line_starts(plain) or bad_line_ends(plain)
    assert bad_line_starts(ours) == [] and bad_line_ends(ours) == []
    assert "".join(ours) == PROVOKING  # nothing lost or repeated


def test_multi_page_table_repeats_its_header(tmp_path: Path) -> None:
    from app.printing.layout import DocumentSpec, render_pdf, table

    rows = [[n, f"小区{n}", "组织覆盖"] for n in range(1, 90)]
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(DocumentSpec("长表测试", [table(["序号", "名称", "覆盖"], rows)])))
    pages = run_tool("pdftotext", "-layout", path, "-").split("\f")
    filled = [p for p in pages if p.strip()]
    assert len(filled) >= 3
    for page in filled:
        assert "序号" in page and "名称" in page


def test_qr_code_decodes_to_a_record_that_verify_accepts(
        store: Store, printed: PrintData, tmp_path: Path, data_dir: Path) -> None:
    path = write_pdf(store, tmp_path, "checkpoint-form", printed.approval_id)
    run_tool("pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", path, tmp_path / "page")
    png = next(tmp_path.glob("page*.png"))
    decoded = run_tool("zbarimg", "--quiet", "--raw", png).strip()
    assert decoded.startswith("CDSIGN1:")
    with store.session() as session:
        assert build(session, "checkpoint-form", printed.approval_id).keywords == decoded
    from app.signing import verify_qr_text

    assert verify_qr_text(decoded)["payload"]["id"] == printed.approval_id

    from app.elections.signoff import remember_public_key
    from app.signing import signing_key

    with store.transaction() as session:  # as signing does: the signer's key is known here
        remember_public_key(session, signing_key("tester"))
    by_file = run_main("verify", str(path), data_dir=data_dir)
    assert by_file.returncode == 0, by_file.stderr
    by_code = run_main("verify", decoded, data_dir=data_dir)
    assert by_code.returncode == 0 and "签名有效" in by_code.stdout
    unknown = run_main("verify", decoded, data_dir=tmp_path / "elsewhere")
    assert unknown.returncode == 1 and "签名人无法确认" in unknown.stderr

    body = decoded[len("CDSIGN1:"):]
    flipped = "A" if body[40] != "A" else "B"
    tampered = run_main("verify", "CDSIGN1:" + body[:40] + flipped + body[41:],
                        data_dir=tmp_path / "elsewhere")
    assert tampered.returncode == 2
    assert tampered.stderr.strip()


def test_notice_not_ready_or_unknown_raises_bad_input(store: Store, printed: PrintData) -> None:
    with store.session() as session:
        with pytest.raises(NotReady, match="尚未计票"):
            render(session, "result-notice", printed.voting_election_id)
        with pytest.raises(BadInput, match="没有“poster”这种文件"):
            render(session, "poster", printed.election_id)
        with pytest.raises(BadInput, match="找不到编号为“no-such-id”的选举"):
            render(session, "election-notice", "no-such-id")
        with pytest.raises(BadInput, match="找不到编号或名称为"):
            render(session, "coverage-report", "不存在街道")


def test_coverage_report_accepts_street_name_without_suffix(store: Store, printed: PrintData) -> None:
    with store.session() as session:
        spec = build(session, "coverage-report", "布吉")
    assert spec.title.startswith("布吉街道")


def test_fonts_are_registered_once_and_embeddable() -> None:
    from app.printing.fonts import SHIPPED_FONT, register_fonts

    first = register_fonts()
    assert register_fonts() is first
    assert set(first) == {"body", "title", "heading", "kai"}
    assert SHIPPED_FONT.is_file() and (SHIPPED_FONT.parent / "ARPHICPL.TXT").is_file()


def test_notice_command_writes_a_pdf_or_exits_2_with_one_message(
        store: Store, printed: PrintData, data_dir: Path, tmp_path: Path) -> None:
    store.close()
    out = tmp_path / "cover.pdf"
    done = run_main("notice", "coverage-report", "布吉街道", "-o", str(out), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    for args, message in [
        (("poster", printed.election_id), "没有“poster”这种文件"),
        (("election-notice", "no-such-id"), "找不到编号为“no-such-id”的选举"),
        (("result-notice", printed.voting_election_id), "尚未计票"),
    ]:
        target = tmp_path / "never.pdf"
        failed = run_main("notice", *args, "-o", str(target), data_dir=data_dir)
        assert failed.returncode == 2
        assert message in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
        assert not target.exists()


# What must never reach a posted or filed page: internal notes, unverified rules, developer text.
NEVER_ON_PAPER = ("未经核实", "取默认值", "待核实", "main.py", "SHA-256", "Ed25519", "None")


@pytest.mark.parametrize("kind", sorted(set(KINDS) - {"rating-report"}))
def test_no_internal_text_or_unverified_rule_on_paper(
        store: Store, printed: PrintData, tmp_path: Path, kind: str) -> None:
    from app.rules import load_rules

    rules = load_rules()
    unverified = {o.source for o in (rules.counting.origin, rules.counting.e_vote_origin,
                                     rules.periods.origin, rules.trigger.origin,
                                     rules.kinds.flows["reelection"].origin) if not o.verified}
    assert unverified, "the shipped rules file has unverified rules: this test checks they stay off paper"
    path = write_pdf(store, tmp_path, kind, record_for(kind, printed, store))
    text = run_tool("pdftotext", path, "-").replace("\n", "")
    for phrase in (*NEVER_ON_PAPER, *unverified):
        assert phrase not in text, f"{kind} prints {phrase!r}"
