"""The shared 公文 pieces (app.printing.gongwen, tables, closing): what every paper is built of,
checked on real PDFs read back with poppler (positions from `pdftotext -bbox`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from app.printing.gongwen import Doc, closing_for, zh_number
from app.printing.layout import BODY_SIZE, MARGIN_LEFT, TEXT_WIDTH, balanced_lines, render_pdf
from tests.printing.conftest import run_tool

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def printed(doc: Doc, tmp_path: Path, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render_pdf(doc.spec()))
    return path


def words(pdf: Path, page: int | None = None) -> list[tuple[float, float, float, str]]:
    """(x min, y min, x max, text) of every word, page by page."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = run_tool("pdftotext", *pages, "-bbox", pdf, "-")
    return [(float(a), float(b), float(c), t) for a, b, c, _d, t in WORD.findall(out)]


def page_texts(pdf: Path) -> list[str]:
    return run_tool("pdftotext", "-layout", pdf, "-").split("\f")[:-1]


def test_numbers_and_closings() -> None:
    assert [zh_number(n) for n in (1, 9, 10, 12, 20, 23)] == ["一", "九", "十", "十二", "二十", "二十三"]
    assert closing_for("关于召开翠湖花园首次业主大会会议的通知") == "特此通知。"
    assert closing_for("翠湖花园业主委员会选举结果公告") == "特此公告。"
    assert closing_for("翠湖花园业主委员会委员候选人公示") == "特此公示。"
    assert closing_for("授权委托书") == ""


def test_levels_are_numbered_by_the_doc_and_restart_under_their_parent(tmp_path: Path) -> None:
    doc = Doc("关于召开翠湖花园首次业主大会会议的通知", "assembly-notice")
    doc.to("全体业主")
    doc.h1("会议时间和地点")
    doc.h2("投票时间", "2027年1月15日。")
    doc.h2("投票地点")
    doc.item("会所一楼。")
    doc.item("电子投票。")
    doc.subitem("登录方式见附件。")
    doc.h1("会议议题")
    doc.h2("选举业主委员会")
    doc.item("应选5名。")
    doc.closing()
    doc.sign("翠湖花园业主大会筹备组", date(2026, 12, 28))
    text = run_tool("pdftotext", printed(doc, tmp_path), "-")
    order = ["全体业主：", "一、会议时间和地点", "（一）投票时间。2027年1月15日。", "（二）投票地点",
             "1.会所一楼。", "2.电子投票。", "（1）登录方式见附件。", "二、会议议题",
             "（一）选举业主委员会", "1.应选5名。", "特此通知。", "翠湖花园业主大会筹备组",
             "2026年12月28日"]
    positions = [text.find(line) for line in order]
    assert -1 not in positions, [line for line, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "____" not in text and "2026-12-28" not in text


def test_the_sealed_signoff_puts_the_date_four_characters_in_and_the_issuer_over_it(
        tmp_path: Path) -> None:
    doc = Doc("翠湖花园业主委员会选举结果公告", "result-notice")
    doc.p("现将选举结果公告如下。")
    doc.closing()
    doc.sign("翠湖花园业主大会筹备组", date(2021, 11, 20))
    found = {t: (x0, x1) for x0, _y, x1, t in words(printed(doc, tmp_path))}
    right_edge = MARGIN_LEFT + TEXT_WIDTH
    date_x0, date_x1 = found["2021年11月20日"]
    assert right_edge - date_x1 == pytest.approx(4 * BODY_SIZE, abs=1.5)  # 右空四字
    issuer_x0, issuer_x1 = found["翠湖花园业主大会筹备组"]
    assert (issuer_x0 + issuer_x1) / 2 == pytest.approx((date_x0 + date_x1) / 2, abs=1.5)


def test_the_signoff_and_last_paragraph_never_stand_alone_on_a_page(tmp_path: Path) -> None:
    """Fill a page to within a few lines: the last paragraph moves with the 落款."""
    for filler in range(14, 20):
        doc = Doc("关于成立翠湖花园业主大会筹备组的公告", "preparatory-notice")
        for _ in range(filler):
            doc.p("筹备组负责确认业主身份和投票权数，拟定管理规约草案。")
        doc.h1("异议方式")
        doc.p("业主对筹备组成员有异议的，可向坂田街道办事处反映。")
        doc.closing()
        doc.sign("坂田街道办事处", date(2021, 9, 11))
        pages = page_texts(printed(doc, tmp_path, f"p{filler}.pdf"))
        last = pages[-1]
        assert "坂田街道办事处" in last and "2021年9月11日" in last
        assert "业主对筹备组成员有异议的" in last, f"{filler} paragraphs: the 落款 stands alone"
        for page in pages[:-1]:  # a heading never ends a page
            body = [line.strip() for line in page.splitlines() if line.strip() and "—" not in line]
            assert not body[-1].startswith("一、"), f"{filler}: heading alone at the foot"


def test_table_cells_of_short_words_never_break_and_the_header_repeats(tmp_path: Path) -> None:
    doc = Doc("坂田街道小区党组织覆盖情况统计表", "coverage-report")
    rows = [[n, "白坭坑社区", f"第{n}小区花园", "工作覆盖", "—", "党建指导员"] for n in range(1, 61)]
    doc.table(["序号", "社区", "小区", "覆盖情况", "覆盖党支部", "党建指导员"], rows)
    pdf = printed(doc, tmp_path)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    for page in texts:
        assert "覆盖情况" in page and "党建指导员" in page  # the header on every page
    every = "\n".join(texts)
    assert every.count("白坭坑社区") == 60 and every.count("工作覆盖") == 60
    for broken in ("白坭坑社\n", "工作覆\n", "党建指导\n"):
        assert broken not in every


def test_a_draft_carries_a_watermark_and_its_reasons(tmp_path: Path) -> None:
    doc = Doc("翠湖花园业主委员会委员候选人公示", "candidates-notice")
    doc.p("现将候选人名单公示如下。")
    doc.draft("候选人名单尚未通过业委会人选关")
    doc.sign("翠湖花园业主大会筹备组", None, why="公示日期未定")
    spec = doc.spec()
    assert spec.draft_reasons == ["候选人名单尚未通过业委会人选关", "公示日期未定"]
    pdf = printed(doc, tmp_path)
    assert "草稿" in run_tool("pdftotext", pdf, "-")
    final = Doc("翠湖花园业主委员会委员候选人公示", "candidates-notice")
    final.p("现将候选人名单公示如下。")
    final.sign("翠湖花园业主大会筹备组", date(2021, 10, 1))
    assert "草稿" not in run_tool("pdftotext", printed(final, tmp_path, "final.pdf"), "-")


def test_page_numbers_can_be_left_out_for_one_sheet_papers(tmp_path: Path) -> None:
    doc = Doc("翠湖花园首次业主大会会议选票", "ballot")
    doc.p("在同意的候选人姓名后画“√”。")
    numbered = run_tool("pdftotext", printed(doc, tmp_path), "-")
    doc.page_numbers = False
    bare = run_tool("pdftotext", printed(doc, tmp_path, "bare.pdf"), "-")
    assert "— 1 —" in numbered and "— 1 —" not in bare


def test_a_two_line_title_breaks_between_words() -> None:
    assert balanced_lines("关于召开中央花园北区首次业主大会会议的通知", 2) == \
        "关于召开中央花园北区<br/>首次业主大会会议的通知"
    assert "“垃圾分类投放点异味扰民”<br/>" in balanced_lines(
        "关于“垃圾分类投放点异味扰民”办理情况的回音告知", 2)
    kept = balanced_lines("关于召开白坭坑社区中央花园北区首次业主大会会议的通知", 2,
                          keep=("中央花园北区", "白坭坑社区"))
    first, _second = kept.split("<br/>")
    assert first.endswith("北区")


def test_hostile_text_is_printed_as_text_never_as_markup(tmp_path: Path) -> None:
    doc = Doc("关于<b>加粗</b>&amp;的公告", "answer-notice")
    doc.p('<font name="Courier">张三</font> & <br/> 李四')
    doc.table(["序号", "姓名"], [[1, "<i>王五</i>"], [2, "赵六 & 孙七 <"]])
    doc.sign("某<小区>业主委员会", date(2026, 1, 5))
    text = run_tool("pdftotext", printed(doc, tmp_path), "-")
    for literal in ("<b>加粗</b>&amp;", '<font name="Courier">张三</font> & <br/> 李四', "<i>王五</i>",
                    "赵六 & 孙七 <", "某<小区>业主委员会"):
        assert literal in text.replace("\n", ""), literal


def test_a_character_no_font_has_makes_a_draft_that_names_it(tmp_path: Path) -> None:
    """王𫖯 (a character of the 通用规范汉字表 for names) would print as an empty box."""
    doc = Doc("翠湖花园业主委员会委员候选人公示", "candidates-notice")
    doc.table(["序号", "姓名"], [[1, "王𫖯"], [2, "李四"]])
    doc.sign("翠湖花园业主大会筹备组", date(2021, 10, 1))
    spec = doc.spec()
    assert len(spec.draft_reasons) == 1 and "“𫖯”" in spec.draft_reasons[0]
    assert "王𫖯" in spec.draft_reasons[0]
    clean = Doc("翠湖花园业主委员会委员候选人公示", "candidates-notice")
    clean.table(["序号", "姓名"], [[1, "王五"]])
    assert clean.spec().draft_reasons == []


def test_control_characters_never_reach_paper_and_a_long_issuer_wraps_inside_the_page(
        tmp_path: Path) -> None:
    issuer = "A&B<花园>" + "很长的小区名称" * 8 + "业主大会筹备组"
    doc = Doc("关于成立筹备组的公告", "preparatory-notice")
    doc.p("王\x00五\x07和赵\t芳")
    doc.table(["序号", "姓名"], [[1, "刘\x01明"]])
    doc.sign(issuer, date(2021, 9, 11))
    pdf = printed(doc, tmp_path)
    text = run_tool("pdftotext", pdf, "-")
    assert "王五和赵 芳" in text and "刘明" in text
    assert "&lt;" not in text and "&amp;" not in text
    assert "A&B<花园>" in text.replace("\n", "")
    for x0, _y, x1, word in words(pdf):
        if "小区名称" in word or "筹备组" in word:
            assert x0 >= MARGIN_LEFT - 0.5 and x1 <= MARGIN_LEFT + TEXT_WIDTH + 0.5, word


def test_a_cell_taller_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    doc = Doc("翠湖花园筹备时机关审核表", "checkpoint-form")
    doc.form([("小区", "翠湖花园"), ("社区党委意见", "甲方同意组织首次业主大会筹备工作。" * 150)])
    doc.table(["序号", "审核事项及核查情况", "结果"],
              [[1, "不在名册：" + "、".join(f"候选人{i:04d}" for i in range(300)), "不符合"]])
    pdf = printed(doc, tmp_path)
    text = run_tool("pdftotext", pdf, "-").replace("\n", "")
    assert "候选人0299" in text and text.count("甲") == 150  # all of it, over several pages


def test_a_number_keeps_its_unit_and_平方米_stays_whole() -> None:
    from app.printing.linebreak import can_break_before

    for text, pos in (("共4张", 2), ("30日内", 2), ("88.50平方米", 5), ("平方米", 1), ("平方米", 2)):
        assert not can_break_before(list(text), pos), (text, pos)
    assert can_break_before(list("张三李四"), 2)


def test_a_batch_file_name_stays_short_and_plain(tmp_path: Path) -> None:
    from app.printing.batch import MAX_NAME_CHARS, _safe

    name = _safe("关于“" + "很长的" * 60 + "”办理情况的回音告知/\\:*?\n")
    assert len(name) <= MAX_NAME_CHARS and not set('/\\:*?"<>|\n') & set(name)
    (tmp_path / f"001_{name}.pdf").write_bytes(b"%PDF")  # the file system takes it


def test_sentences_numbers_and_invisible_characters() -> None:
    from app.printing.data import missing_record
    from app.printing.layout import printable, sentence
    from app.printing.linebreak import can_break_before

    assert sentence("已更换灯具（费用由公共收益支付）") == "已更换灯具（费用由公共收益支付）。"
    assert sentence("已办结。（见附件）") == "已办结。（见附件）"
    assert sentence("同意") == "同意。" and sentence("同意！") == "同意！"
    number = list("总面积2,981.75平方米")
    assert not any(can_break_before(number, pos) for pos in range(4, len(number)))
    assert printable("吴\u200b敏\u202e\ufeff") == "吴敏" and printable("赵\t芳") == "赵 芳"
    assert str(missing_record("election", "")) == "请给出选举的编号"
    assert missing_record("election", "").text("en") == "Give the ID of the election"
    long = str(missing_record("meeting", "x" * 10_000))
    assert len(long) < 100 and "会议" in long


def test_text_a_builder_draws_itself_is_checked_for_missing_characters() -> None:
    doc = Doc("翠湖花园筹备时机关审核表", "checkpoint-form")
    doc.p("审核人一栏见下。")
    doc.mention("审核人：周𫖯")
    assert any("𫖯" in reason for reason in doc.spec().draft_reasons)


def test_a_heading_before_a_block_that_moves_on_moves_with_it(tmp_path: Path) -> None:
    """A heading followed by something kept together (an item with its list) that doesn't fit
    the rest of the page goes to the next page with it, never stays alone at the foot."""
    from reportlab.platypus import KeepTogether

    from app.printing.layout import styles
    from app.printing.linebreak import CJKParagraph
    from app.printing.tables import ruled_table

    for filler in range(12, 19):
        doc = Doc("关于召开梧桐公馆三期业主大会会议的通知", "assembly-notice")
        for _ in range(filler):
            doc.p("本次会议采用书面征求意见的形式召开。")
        doc.h1("会议议题")
        block = KeepTogether([CJKParagraph("（一）选举新一届业主委员会委员。", styles().body),
                              ruled_table(["序号", "姓名"], [[n, "黄俊"] for n in range(1, 9)])])
        doc.flow(block)
        doc.p("请各位业主按时投票。")
        doc.closing()
        doc.sign("梧桐公馆三期业主委员会换届小组", date(2026, 11, 1))
        for page in page_texts(printed(doc, tmp_path, f"k{filler}.pdf"))[:-1]:
            body = [line.strip() for line in page.splitlines() if line.strip() and "—" not in line]
            assert not body[-1].startswith("一、"), f"{filler}: 一、会议议题 alone at the foot"


def test_a_table_splits_between_rows_with_one_header_per_page(tmp_path: Path) -> None:
    """Rows that fit a page are never cut at a page foot, and a page shows its header once."""
    for filler in range(10, 17):
        doc = Doc("翠湖花园首次业主大会筹备条件审核表", "checkpoint-form")
        for _ in range(filler):
            doc.p("经核查，具备筹备首次业主大会会议条件。")
        doc.h1("审核事项")
        doc.table(["序号", "审核事项及核查情况", "结果"],
                  [[n, f"第{n}项\n核查情况：" + "已交付面积达到比例，首次交付已满两年。" * 3, "符合"]
                   for n in range(1, 7)])
        for page in page_texts(printed(doc, tmp_path, f"t{filler}.pdf")):
            assert page.count("审核事项及核查情况") <= 1, filler
        text = run_tool("pdftotext", printed(doc, tmp_path, f"t{filler}.pdf"), "-")
        for n in range(1, 7):  # each row's lines stay on one page, in order
            assert f"第{n}项" in text
