"""The page after GB/T 9704-2012 (党政机关公文格式) and the building blocks every document uses.

A4; text area 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm); body FangSong
三号 (16 pt) on a 22-line grid; title 二号 (22 pt) bold Song, centred; page numbers "— 1 —" in
四号 half-width digits 7 mm below the text area, odd pages right and even pages left, one
character in; issuing body and date at the bottom right with room for the seal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageTemplate,
    Table,
    TableStyle,
)

from app.printing.fonts import font_name, register_fonts
from app.printing.linebreak import CJKParagraph, can_break_before

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
TABLE_SIZE = 12.0  # 小四, so a table of names fits the width
LINE_PITCH = TEXT_HEIGHT / 22  # 22 lines a page
DRAFT_HEAD = "草稿 · 不得张贴或归档"
TITLE_STROKE = 0.45  # pt of outline that makes the Song title bold when no bold face exists


@dataclass
class Styles:
    """Paragraph styles bound to the registered fonts."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    heading: ParagraphStyle
    heading2: ParagraphStyle
    addressee: ParagraphStyle
    right: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    """The styles, built once per process after the fonts are registered."""
    global _styles
    if _styles is None:
        register_fonts()
        body_font, title_font, head_font = font_name("body"), font_name("title"), font_name("heading")
        body = ParagraphStyle(
            "body", fontName=body_font, fontSize=BODY_SIZE, leading=LINE_PITCH,
            firstLineIndent=2 * BODY_SIZE, alignment=TA_JUSTIFY, wordWrap="CJK",
        )
        _styles = Styles(
            title=ParagraphStyle(
                "title", fontName=title_font, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.45,
                alignment=TA_CENTER, wordWrap="CJK", spaceAfter=LINE_PITCH,
            ),
            subtitle=ParagraphStyle(
                "subtitle", parent=body, firstLineIndent=0, alignment=TA_CENTER,
            ),
            body=body,
            plain=ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=TA_LEFT),
            heading=ParagraphStyle(  # 一、 in 黑体 on its own line, never alone at a page foot
                "heading", parent=body, fontName=head_font, alignment=TA_LEFT, keepWithNext=1,
            ),
            heading2=ParagraphStyle(  # （一） in 楷体
                "heading2", parent=body, fontName=font_name("kai"), alignment=TA_JUSTIFY,
                keepWithNext=1,
            ),
            addressee=ParagraphStyle(  # 主送: flush left, ends with a full-width colon
                "addressee", parent=body, firstLineIndent=0, alignment=TA_LEFT,
            ),
            right=ParagraphStyle(
                "right", parent=body, firstLineIndent=0, alignment=TA_RIGHT,
                rightIndent=2 * BODY_SIZE,
            ),
            cell=ParagraphStyle(
                "cell", fontName=body_font, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35,
                alignment=TA_LEFT, wordWrap="CJK",
            ),
            cell_head=ParagraphStyle(
                "cell_head", fontName=head_font, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.35,
                alignment=TA_CENTER, wordWrap="CJK",
            ),
            small=ParagraphStyle(
                "small", fontName=body_font, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.5,
                alignment=TA_LEFT, wordWrap="CJK",
            ),
        )
    return _styles


_SPACES = {0x09: 0x20, 0x0D: 0x20}  # a tab or a carriage return is a space on paper


def printable(value: object) -> str:
    """The value as paper shows it: control characters, bidi overrides and invisible spaces
    (never meant as characters: a damaged or hand-edited store) dropped, tabs and carriage
    returns as spaces; newlines kept."""
    from db.types import BAD_CHARACTERS

    return BAD_CHARACTERS.sub("", ("" if value is None else str(value)).translate(_SPACES))


def escape(value: str) -> str:
    """&, < and > as entities (what xml.sax.saxutils.escape does; importing that module pulls in
    urllib.request and http.client, ~15 ms of every fresh `main.py notice`)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: object) -> str:
    """Escape a value for reportlab's paragraph markup (after `printable`)."""
    return escape(printable(value))


def zh_date(value: date | None) -> str:
    """2024年5月10日 (GB/T 9704: Arabic numerals, no leading zeros); blank line when unknown."""
    if value is None:
        return "____年__月__日"
    return f"{value.year}年{value.month}月{value.day}日"


def sentence(value: str) -> str:
    """Text that ends a sentence: adds "。" unless it already ends with punctuation. A closing
    parenthesis ends it only after a full stop inside: "已更换灯具（费用由公共收益支付）" still
    needs its "。"."""
    value = value.strip()
    if not value:
        return value
    if value[-1] in "。！？；…":
        return value
    if value[-1] in "）)":
        opening = max(value.rfind("（"), value.rfind("("))
        if value[-2] in "。！？" or (opening > 0 and value[opening - 1] in "。！？"):
            return value  # "（…。）" or "…。（见附件）": the sentence has ended
    return value + "。"


# Words a title line never breaks inside (GB/T 9704 7.3.1: 回行时要做到词意完整).
TITLE_WORDS = (
    "关于", "召开", "成立", "首次", "业主大会", "业主委员会", "筹备组", "换届小组", "换届选举", "提前换届",
    "补选", "选举结果", "候选人", "委员", "会议", "公告", "通知", "公示", "名册", "备案表", "审核表",
    "委托书", "授权", "签到表", "纪要", "回音", "告知", "议事", "事项", "居民委员会", "党组织", "覆盖",
    "情况", "统计表", "物业服务", "星级", "评价", "报告", "选票", "小区", "社区", "街道", "办事处",
)


def _inside_words(title: str, words: Sequence[str]) -> set[int]:
    """Positions strictly inside an occurrence of one of `words` (a break there splits a word)."""
    inside: set[int] = set()
    for word in sorted(set(words), key=len, reverse=True):
        start = title.find(word)
        while word and start >= 0:
            inside.update(range(start + 1, start + len(word)))
            start = title.find(word, start + 1)
    return inside


def _inside_quotes(title: str) -> set[int]:
    """Positions inside a short quotation (“垃圾分类投放点异味扰民”): a title line never splits it."""
    inside: set[int] = set()
    start = title.find("“")
    while start >= 0:
        end = title.find("”", start + 1)
        if end < 0:
            break
        if end - start <= 20:
            inside.update(range(start + 1, end + 1))
        start = title.find("“", end + 1)
    return inside


def balanced_lines(title: str, lines: int, keep: Sequence[str] = ()) -> str:
    """The title as markup split into `lines` lines of near-even length at allowed breaks,
    never inside a name in `keep` (a compound, a community) or a common title word."""
    return "<br/>".join(text(p) for p in even_lines(title, lines, keep))


def even_lines(title: str, lines: int, keep: Sequence[str] = ()) -> list[str]:
    """`title` as plain text in `lines` pieces of near-even length (see balanced_lines)."""
    chars = list(title)
    names = _inside_words(title, keep) | _inside_quotes(title)
    words = names | _inside_words(title, TITLE_WORDS)
    breaks: list[int] = []
    start = 0
    for n in range(1, lines):
        target = round(len(chars) * n / lines)
        allowed = [p for p in range(start + 1, len(chars)) if can_break_before(chars, p)]
        for avoid in (words, names):  # drop word-splitting breaks while some remain
            kept = [p for p in allowed if p not in avoid]
            if kept:
                allowed = kept
                break
        if not allowed:
            break
        start = min(allowed, key=lambda p: (abs(p - target), -p))
        breaks.append(start)
    return [title[a:b] for a, b in zip([0, *breaks], [*breaks, len(title)], strict=True)]


class BoldTitle(Flowable):
    """The document title: the Song face drawn with fill and a thin outline, which reads as the
    bold 小标宋 of GB/T 9704 even when the machine has no bold Song face."""

    def __init__(self, title: str, keep: Sequence[str] = ()) -> None:
        super().__init__()
        self.title = title
        self.keep = tuple(keep)
        self.para = CJKParagraph(text(title), styles().title)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = self.para.wrap(availWidth, availHeight)
        lines = len(self.para.blPara.lines)
        if lines > 1:  # GB/T 9704: a long title in lines of even length, not a stub on its own
            self.para = CJKParagraph(balanced_lines(self.title, lines, self.keep), styles().title)
            size = self.para.wrap(availWidth, availHeight)
        return size

    def getSpaceAfter(self) -> float:
        return float(self.para.getSpaceAfter())

    def draw(self) -> None:
        from app.printing.fonts import font_choice

        if font_choice("title").heavy:  # a real 小标宋 is bold by design: no outline over it
            self.para.drawOn(self.canv, 0, 0)
            return
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(TITLE_STROKE)
        canvas.setStrokeColor(colors.black)
        canvas._code.append("2 Tr")  # text render mode 2: fill then stroke
        self.para.drawOn(canvas, 0, 0)
        canvas._code.append("0 Tr")
        canvas.restoreState()


@dataclass
class Signature:
    """The 落款: issuing body and date (GB/T 9704 7.3.5). `seal`: the body seals it, so the date
    sits 右空四字 with the issuer centred over it and the seal's room above; otherwise the issuer
    sits 右空二字 with the date below it moved two characters right. `signer` is legacy: a line
    "签发人：…" above the issuer, for forms only."""

    issuer: str
    on: date | None
    signer: str = ""
    signer_label: str = "签发人"
    seal: bool = True


@dataclass
class DocumentSpec:
    """What a document says, independent of how the page is drawn."""

    title: str
    story: list[Flowable] = field(default_factory=list)
    signature: Signature | None = None
    signature_in_story: bool = False  # the story places the signature itself (forms)
    keywords: str = ""  # goes into the PDF Info "Keywords" (the QR text of a signed form)
    subject: str = ""
    author: str = ""
    # why this is only a draft (a precondition not met): the pages carry a 草稿 watermark and the
    # preview names each reason; empty for a document ready to post
    draft_reasons: list[str] = field(default_factory=list)
    # "— N —" under each page; off for papers handed out one per person (a ballot), where each
    # sheet stands alone and carries its own number
    page_numbers: bool = True
    # names a title line must not break inside (the compound's, the community's)
    title_keep: tuple[str, ...] = ()
    # the trailing story items printed after the 落款 (附注), kept on its page
    after_signature: list[Flowable] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return bool(self.draft_reasons)


def para(value: str, style: ParagraphStyle | None = None, markup: bool = False) -> CJKParagraph:
    """A paragraph of plain text (escaped) or of reportlab markup when `markup`."""
    return CJKParagraph(value if markup else text(value), style or styles().body)


def heading(value: str) -> CJKParagraph:
    return CJKParagraph(text(value), styles().heading)


def table(header: Sequence[str], rows: Sequence[Sequence[object]],
          widths: Sequence[float] | None = None, align_right: Sequence[int] = (),
          row_height: float | None = None) -> Table:
    """A ruled table whose header row repeats on every page; columns sized from their content
    (app.printing.tables) so a short cell never breaks inside a word; `widths` only says which
    columns take the spare room."""
    from app.printing.tables import ruled_table

    return ruled_table(header, rows, weights=widths, numeric=align_right, row_height=row_height)


def form_table(rows: Sequence[tuple[str, str]], width: float = TEXT_WIDTH) -> Table:
    """A ruled two-column form: shaded labels on the left, values on the right."""
    st = styles()
    data = [[CJKParagraph(text(label), st.cell_head), CJKParagraph(text(value), st.cell)]
            for label, value in rows]
    from app.printing.tables import RuledTable

    # a value taller than a page (a long 意见) continues on the next page; others stay whole
    result = RuledTable(data, colWidths=[width * 0.26, width * 0.74])
    result.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font_name("body")),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return result


def signature_block(sig: Signature) -> Flowable:
    """The 落款 (see app.printing.closing)."""
    from app.printing.closing import SignOff

    return SignOff(sig)


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """"— N —" in 四号, 7 mm under the text area; odd pages right, even pages left, one char in."""
    number = canvas.getPageNumber()
    label = f"— {number} —"
    size = 14.0
    canvas.saveState()
    canvas.setFont(font_name("title"), size)
    y = MARGIN_BOTTOM - 7 * mm - size
    if number % 2:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT - size, y, label)
    else:
        canvas.drawString(MARGIN_LEFT + size, y, label)
    canvas.restoreState()


def _watermark(canvas: Canvas) -> None:
    """草稿 across the page in light grey: a draft can't be mistaken for the posted notice."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.28))
    canvas.setFont(font_name("heading"), 150)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(40)
    canvas.drawCentredString(0, -50, "草稿")
    canvas.restoreState()
    canvas.saveState()  # and in words at the head of the page, where a reader starts
    canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
    canvas.setFont(font_name("heading"), 12)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - MARGIN_TOP + 18,
                           DRAFT_HEAD)
    canvas.restoreState()


def _is_real_paragraph(flowable: Flowable) -> bool:
    """Body text, not a closing phrase (特此公告。), an 附件 line or a spacer."""
    follower = getattr(flowable, "follower", None)  # a heading bound to its text (keeping)
    if follower is not None:
        return _is_real_paragraph(follower)
    if not isinstance(flowable, CJKParagraph) or flowable.style.name == "attachments":
        return False
    return len(flowable.getPlainText().strip()) > 12


def _keeps_with_next(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return bool(getattr(style, "keepWithNext", False))


def _ending(spec: DocumentSpec) -> list[Flowable]:
    """The story with its 落款 kept on one page with the last body paragraph (GB/T 9704 7.3.5.4:
    the signature never stands alone on a page)."""
    story = list(spec.story)
    if spec.signature is None or spec.signature_in_story:
        return [*story, *spec.after_signature]
    tail: list[Flowable] = []
    while story and not isinstance(story[-1], Table) and len(tail) < 3:
        tail.insert(0, story.pop())
        if _is_real_paragraph(tail[0]):
            break
    while story and _keeps_with_next(story[-1]):
        tail.insert(0, story.pop())  # a heading goes with its paragraph, never alone at a foot
    return [*story, KeepTogether([*tail, signature_block(spec.signature), *spec.after_signature])]


def render_pdf(spec: DocumentSpec) -> bytes:
    """Lay the document out on A4 and return the PDF bytes (fonts embedded as subsets)."""
    styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=spec.title,
        author=spec.author, subject=spec.subject, keywords=spec.keywords, creator="Compound Desk",
        invariant=True, initialFontName=font_name("body"), initialFontSize=BODY_SIZE,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, TEXT_WIDTH, TEXT_HEIGHT, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        if spec.draft_reasons:
            _watermark(canvas)
        if spec.page_numbers:
            _page_number(canvas, document)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    story: list[Flowable] = [BoldTitle(spec.title, spec.title_keep), *_ending(spec)]
    try:
        doc.build(story)
    except LayoutError as exc:  # one piece taller than a page that cannot be split
        from app import logs
        from app.errors import BadInput

        logs.get("app.printing").warning("layout failed for %s: %s", spec.subject, str(exc)[:300])
        shown = spec.title if len(spec.title) <= 40 else spec.title[:40] + "…"
        raise BadInput(code="printing.content_too_long", shown=shown) from None
    return buffer.getvalue()
