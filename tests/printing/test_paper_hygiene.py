"""What must never appear on paper, for every document KIND printed from the small demo district
and from the fixture district (issue 15, "Nothing internal on paper" and the GB/T 9704 shape):
internal notes on unverified rules, command lines, hash and algorithm names, ISO dates, "None",
English words, blank dates where the data has one, doubled or garbled words, nested full-width
parentheses, a closing that does not match the 文种 of the title, the OS account name; and the
shape — a 公告/通知 has its 主送 line, the 落款 never stands alone on the last page, every page
is numbered "— N —", every font is embedded.

Each failure names the kind, the record and the offending text. The demo is built once per
session (a few seconds) and only read.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.errors import BadInput
from app.printing import KINDS
from db.store import Store, open_store
from tests.printing.fixture_store import (
    ACTOR,
    FixtureStore,
    demo_records,
    fixture_district,
    layout_text,
    poppler,
)

# ---- the rules -----------------------------------------------------------------------------------
FORBIDDEN: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an unverified-rule note", re.compile(r"未经核实|待核实|默认|有来源称|待区主管部门确认|未公开")),
    ("a command line", re.compile(r"python|main\.py|verify|\.pdf", re.IGNORECASE)),
    ("a hash or algorithm name", re.compile(r"SHA-?256|Ed25519|哈希|签名值", re.IGNORECASE)),
    ("an ISO date", re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}")),
    ("None/null", re.compile(r"\bNone\b|\bnull\b")),
    ("a garbled term", re.compile(r"第新一届|第首届")),
    ("nested full-width parentheses", re.compile(r"（[^（）\n]*（[^（）\n]*）[^（）\n]*）")),
)
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")  # "选举选举" (within a line: cells stay apart)
ENGLISH = re.compile(r"[A-Za-z]{2,}")
ENGLISH_ALLOWED: frozenset[str] = frozenset()  # none so far: Chinese papers carry no English words
# a date left to fill in: "____年__月__日" or "年  月  日" (spaces gone in the flat text)
BLANK_DATE = re.compile(r"(?<![\d〇零一二三四五六七八九十_])_*年_*月_*日")
CLOSINGS = ("公告", "通知", "公示")
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
SENTENCE_END = ("。", "；", "！", "？")  # a run-in （一）… paragraph that ends there is whole
HEADING_MAX = 24  # a heading line; longer is a paragraph that starts with its heading (run-in)
LEVELS = (re.compile(r"^[一二三四五六七八九十]+、"), re.compile(r"^（[一二三四五六七八九十]+）"),
          re.compile(r"^\d{1,2}[.．](?!\d)"), re.compile(r"^（\d{1,2}）"))
# Lines of the signing block itself (who signs, where to sign): not body text above a 落款.
SIGNING_LINE = re.compile(r"^(审核人|审批人|签字|签名|签发人|经办人|记录人|主持人|评价人|报送|日期|_+$)")
NOTICE_KINDS = ("公告", "通知", "公示")  # 文种 whose date the data gives (a form may leave one blank)


@dataclass(frozen=True)
class Printed:
    """One printed document as the checks see it."""

    source: str  # "demo" / "fixture"
    kind: str
    label: str
    record_id: str
    title: str
    draft: bool
    issuer: str
    pdf: Path
    numbered: bool = True  # pages carry "— N —" (a ballot, each page a paper of its own, does not)

    @property
    def name(self) -> str:
        return f"{self.source} {self.kind} [{self.label}] {self.record_id}"


def kind_of_paper(title: str) -> str:
    """The 文种 the title ends with (公告/通知/公示), or "" for a form, sheet or report."""
    for word in CLOSINGS:
        if title.removesuffix("（草稿）").endswith(word):
            return word
    return ""


def flat(text: str) -> str:
    """The text with layout spaces and line ends gone (a phrase may be justified or wrap)."""
    return re.sub(r"[ \t\u3000]+", "", text)


def content_problems(doc: Printed, text: str) -> list[str]:
    problems: list[str] = []
    lines = [flat(line) for line in text.replace("\f", "\n").splitlines()]
    joined = "".join(lines)
    for what, pattern in FORBIDDEN:
        for found in sorted({m.group(0) for m in pattern.finditer(joined)}):
            problems.append(f"{what}: {found!r}{_context(joined, found)}")
    for line in lines:
        for found in sorted({m.group(0) for m in DOUBLED.finditer(line)}):
            problems.append(f"a doubled word: {found!r} in “{line[:60]}”")
    words = sorted({w for w in ENGLISH.findall(text) if w not in ENGLISH_ALLOWED})
    if words:
        problems.append(f"English words: {', '.join(words)}")
    login = getpass.getuser()
    if len(login) >= 3 and re.search(rf"(?<![A-Za-z]){re.escape(login)}(?![A-Za-z])", text):
        problems.append(f"the OS account name {login!r}{_context(joined, login)}")
    paper = kind_of_paper(doc.title)
    if paper in NOTICE_KINDS and not doc.draft:
        for found in sorted({m.group(0) for m in BLANK_DATE.finditer(joined)}):
            problems.append(f"a blank date {found!r} on a {paper} that is not a draft")
    if paper:
        for closing in CLOSINGS:
            if closing != paper and f"特此{closing}" in joined:
                problems.append(f"closing 特此{closing} under a title ending {paper}: {doc.title!r}")
    return problems


def _context(joined: str, found: str) -> str:
    at = joined.find(found)
    return f" in “…{joined[max(0, at - 12): at + len(found) + 12]}…”" if at >= 0 else ""


def shape_problems(doc: Printed, text: str) -> list[str]:
    problems: list[str] = []
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    for number, page in enumerate(pages, start=1):
        numbers = [int(n) for n in PAGE_NUMBER.findall(page)]
        if doc.numbered and number not in numbers:
            problems.append(f"page {number} has no page number “— {number} —”")
        foot = _foot_line(page) if number < len(pages) else ""
        if HEADING.match(foot) and len(foot) <= HEADING_MAX and not foot.endswith(SENTENCE_END):
            problems.append(f"the heading {foot!r} stands alone at the foot of page {number}")
        elif foot.endswith("：") and not HEADING.match(foot):
            problems.append(f"the lead-in {foot!r} ends page {number}, what it introduces is on "
                            f"page {number + 1}")
    if kind_of_paper(doc.title) in ("公告", "通知") and not _has_addressee(pages[0], doc.title):
        problems.append(f"no 主送 line ending “：” under the title {doc.title!r}")
    if doc.issuer:
        last = layout_text(doc.pdf, page=len(pages))
        body = _lines_before(last, doc.issuer)
        if body is None:
            problems.append(f"the issuer {doc.issuer!r} is not on the last page {len(pages)}")
        elif not body:
            problems.append(f"the 落款 {doc.issuer!r} stands alone on the last page {len(pages)}")
    return problems


def _foot_line(page: str) -> str:
    """The last line of text on a page (the page number left out)."""
    lines = [flat(line) for line in page.splitlines()]
    lines = [line for line in lines if line and not PAGE_NUMBER.fullmatch(line)]
    return lines[-1] if lines else ""


def numbering_problems(text: str) -> list[str]:
    """GB/T 9704 numbering goes 一、 →（一）→ 1. →（1）without skipping a level below the first
    one used ("二、" followed by "（1）" skips two)."""
    problems: list[str] = []
    depth = 0
    last = ""
    for line in (flat(line) for line in text.replace("\f", "\n").splitlines()):
        level = next((n for n, pattern in enumerate(LEVELS, start=1) if pattern.match(line)), 0)
        if not level:
            continue
        if depth and level > depth + 1:
            problems.append(f"numbering skips a level: {line[:20]!r} after {last[:20]!r}")
        depth, last = level, line
    return problems


def _has_addressee(first_page: str, title: str) -> bool:
    """After the title's lines, the first line is the 主送 (e.g. "全体业主：")."""
    want = flat(title)
    seen = ""
    lines = [flat(line) for line in first_page.splitlines() if flat(line)]
    for n, line in enumerate(lines):
        seen += line
        if want in seen or seen.endswith(want):
            following = lines[n + 1] if n + 1 < len(lines) else ""
            return following.endswith("：") or following.endswith(":")
    return False


def _lines_before(page: str, issuer: str) -> list[str] | None:
    """The page's lines above the issuer's line (page numbers and blank lines left out); None
    when the issuer is not on the page."""
    lines = [flat(line) for line in page.splitlines()]
    lines = [line for line in lines if line and not PAGE_NUMBER.fullmatch(line)]
    target = flat(issuer)
    for n, line in enumerate(lines):
        if target and target in line:
            return [above for above in lines[:n] if not SIGNING_LINE.match(above)]
    return None


def font_problems(doc: Printed) -> list[str]:
    """pdffonts: every font embedded (its columns end "emb sub uni object ID")."""
    out = poppler("pdffonts", doc.pdf).splitlines()
    problems: list[str] = []
    for row in out[2:]:
        cells = row.split()
        if len(cells) >= 6 and cells[-5] != "yes":
            problems.append(f"a font not embedded: {cells[0]}")
    if len(out) <= 2:
        problems.append("no font at all (pdffonts lists none)")
    return problems


def check(doc: Printed) -> list[str]:
    """Words are read in reading order (a table's columns apart), the shape from the layout."""
    words, shape = layout_text(doc.pdf, layout=False), layout_text(doc.pdf)
    return [f"{doc.name}: {p}" for p in content_problems(doc, words) + numbering_problems(words)
            + shape_problems(doc, shape) + font_problems(doc)]


# ---- what is printed -----------------------------------------------------------------------------
def print_one(store: Store, source: str, kind: str, label: str, record_id: str,
              folder: Path) -> Printed | None:
    """Print a document (None when its data is not there yet: NotReady / BadInput)."""
    from app.printing import build
    from app.printing.layout import render_pdf

    with store.session() as session:
        try:
            spec = build(session, kind, record_id)
        except BadInput:
            return None
        data = render_pdf(spec)
    pdf = folder / f"{source}-{kind}-{label}-{record_id[:8]}.pdf"
    pdf.write_bytes(data)
    issuer = spec.signature.issuer if spec.signature is not None and \
        not spec.signature_in_story else ""
    return Printed(source, kind, label, record_id, spec.title, spec.is_draft, issuer, pdf,
                   numbered=spec.page_numbers)


@pytest.fixture(scope="session")
def demo_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo district, built once per session (a few seconds), only read."""
    from app.demo import generate

    folder = tmp_path_factory.mktemp("hygiene-demo")
    store = open_store(folder, actor="tester")
    try:
        generate(store, "small")
    finally:
        store.close()
    return folder


def _opened(folder: Path) -> Iterator[Store]:
    store = open_store(folder, actor=ACTOR)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> FixtureStore:
    return fixture_district(tmp_path_factory)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_internal_on_paper_of_the_fixture_district(
        kind: str, district: FixtureStore, tmp_path: Path) -> None:
    pairs = district.records.get(kind)
    if not pairs:
        pytest.fail(f"KIND {kind!r} has no record in the fixture district: add one to "
                    "tests/printing/fixture_store.py (records)")
    problems: list[str] = []
    for store in _opened(district.folder):
        for label, record_id in pairs:
            doc = print_one(store, "fixture", kind, label, record_id, tmp_path)
            if doc is None:
                problems.append(f"fixture {kind} [{label}] {record_id}: does not print")
                continue
            problems += check(doc)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_nothing_internal_on_paper_of_the_demo(kind: str, demo_store_dir: Path,
                                               tmp_path: Path) -> None:
    problems: list[str] = []
    printed = 0
    for store in _opened(demo_store_dir):
        pairs = demo_records(store).get(kind, [])
        for label, record_id in pairs:
            doc = print_one(store, "demo", kind, label, record_id, tmp_path)
            if doc is None:
                continue
            printed += 1
            problems += check(doc)
    assert printed, f"the demo prints no {kind!r}: its record type {KINDS[kind].record!r} " \
                    "is not picked by demo_records (tests/printing/fixture_store.py)"
    assert not problems, "\n".join(problems)


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """The checks themselves, on a made-up 公告 printed through the real layout: every rule
    names what it found (so a kind passing above passes because its paper is clean)."""
    from app.printing.layout import DocumentSpec, Signature, para, render_pdf

    login = getpass.getuser()
    bad = ("依据有来源称的规则（未经核实）。请运行 python main.py verify 本文件.pdf 核对 SHA-256 "
           f"与 Ed25519 签名值。评价日期 2026-10-11，签核人 {login}，None。现将第新一届"
           "换届选举选举结果公告如下（《条例》（2019年修订）第五条）。日期：____年__月__日。"
           "特此通知。")
    spec = DocumentSpec(title="关于某小区选举结果的公告", story=[para(bad)],
                        signature=Signature("某小区业主大会筹备组", None))
    pdf = tmp_path / "bad.pdf"
    pdf.write_bytes(render_pdf(spec))
    doc = Printed("made-up", "result-notice", "bad", "-", spec.title, False,
                  "某小区业主大会筹备组", pdf)
    found = "\n".join(check(doc))
    for expected in ("unverified-rule note", "command line", "hash or algorithm", "ISO date",
                     "None/null", "garbled term", "doubled word", "nested full-width",
                     "English words", "blank date", "closing 特此通知", "no 主送 line"):
        assert expected in found, f"{expected!r} not reported:\n{found}"
    if len(login) >= 3:
        assert "the OS account name" in found, found


def test_a_lone_signature_and_a_missing_page_number_are_found() -> None:
    """The shape checks on the layout text of a last page: a 落款 with no body line above it."""
    page = "\n\n        某小区业主大会筹备组\n          2026年12月3日\n\n— 2 —\n"
    assert _lines_before(page, "某小区业主大会筹备组") == []
    assert _lines_before("  特此公告。\n" + page, "某小区业主大会筹备组") == ["特此公告。"]
    assert _lines_before(page, "另一个单位") is None
    signed = "审核人：张三 职务：党建指导员\n签字：__________\n" + page
    assert _lines_before(signed, "某小区业主大会筹备组") == [], "a signing block is no body"
    assert not _has_addressee("关于某事的公告\n  根据……\n", "关于某事的公告")
    assert _has_addressee("关于某事\n的公告\n全体业主：\n", "关于某事的公告")


def test_a_font_not_embedded_is_found(tmp_path: Path) -> None:
    """reportlab's standard Helvetica is referenced, never embedded: the font check says so."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(pdf))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "1")
    canvas.save()
    doc = Printed("made-up", "-", "-", "-", "-", False, "", pdf)
    assert font_problems(doc) == ["a font not embedded: Helvetica"]


def test_a_heading_at_a_page_foot_and_a_skipped_level_are_found(tmp_path: Path) -> None:
    """Numbering and page feet, on layout text as pdftotext gives it ("\\f" between pages)."""
    assert numbering_problems("一、会议议题\n（一）选举\n1.表决\n（1）细则\n二、附则\n（一）其他\n") == []
    assert numbering_problems("二、议定事项\n（1）地下车库\n") == [
        "numbering skips a level: '（1）地下车库' after '二、议定事项'"]
    assert numbering_problems("填票说明\n1.同意某候选人当选的\n2.不同意的\n") == []
    doc = Printed("made-up", "-", "-", "-", "某表", False, "", tmp_path / "none.pdf")
    text = ("  正文。\n  二、异议方式\n\n      — 1 —\n\f  业主有异议的……\n      — 2 —\n\f"
            "  候选人名单如下：\n      — 3 —\n\f  1 张三\n      — 4 —\n")
    whole = "  （一）选举委员。应选委员5名。\n      — 1 —\n\f  （二）……\n      — 2 —\n"
    assert shape_problems(doc, whole) == [], "a whole run-in paragraph may end a page"
    unnumbered = Printed("made-up", "ballot", "-", "-", "选票", False, "", tmp_path / "none.pdf",
                         numbered=False)
    assert shape_problems(unnumbered, "  选票\n\f  选票\n") == [], "a ballot needs no page number"
    assert shape_problems(doc, "  选票\n") == ["page 1 has no page number “— 1 —”"]
    assert shape_problems(doc, text) == [
        "the heading '二、异议方式' stands alone at the foot of page 1",
        "the lead-in '候选人名单如下：' ends page 3, what it introduces is on page 4"]
