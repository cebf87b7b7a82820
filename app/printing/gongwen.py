"""The 公文 pieces every notice and form is made of, in GB/T 9704-2012 order, so a document
module only says what its paper says: title, 主送, body with numbered levels, tables, 附件说明,
the closing phrase, 落款 (issuer and date, seal room), 附注 — and, when a precondition is not met,
why it is only a 草稿.

    doc = Doc("关于召开某小区首次业主大会会议的通知", kind="assembly-notice")
    doc.to("全体业主")
    doc.h1("会议时间和地点")
    doc.p("……")
    doc.closing("特此通知。")
    doc.sign("某小区业主大会筹备组", on)
    return doc.spec()

Numbering follows 7.3.3: 一、 (黑体, a line of its own), （一） (楷体, may run into its text),
1. and （1） (仿宋); each level is numbered by the Doc and restarts under its parent, so a
document can't jump from 二、 to （1）."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.printing.fonts import font_name
from app.printing.layout import (
    BODY_SIZE,
    DocumentSpec,
    Signature,
    form_table,
    styles,
    text,
)
from app.printing.linebreak import CJKParagraph
from app.printing.tables import ruled_table

_DIGITS = "零一二三四五六七八九"
CLOSINGS = {"公告": "特此公告。", "通知": "特此通知。", "公示": "特此公示。"}


def zh_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (heading numbers up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def closing_for(title: str) -> str:
    """The closing phrase the title's 文种 takes: a 公告 ends 特此公告, a 通知 特此通知…"""
    for kind, phrase in CLOSINGS.items():
        if title.endswith(kind) or title.endswith(kind + "书"):
            return phrase
    return ""


def _style(name: str, **overrides: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles().body, **overrides)


class Doc:
    """Builds one DocumentSpec; every method appends to the page in reading order."""

    def __init__(self, title: str, kind: str, keep: Sequence[str] = ()) -> None:
        """`keep`: names the title must not break inside when it takes two lines (the
        compound's, the community's); common title words are kept whole anyway."""
        self.title = title
        self.kind = kind
        self.keep = tuple(keep)
        self.story: list[Flowable] = []
        self.signature: Signature | None = None
        self.after: list[Flowable] = []
        self.reasons: list[str] = []
        self.keywords = ""
        self.page_numbers = True  # False for one-sheet-per-person papers (ballots)
        self.mentioned: list[str] = []  # drawn outside paragraphs and tables (see mention)
        self._levels = [0, 0, 0, 0]  # 一、 （一） 1. （1）

    # -- numbering ------------------------------------------------------------------------
    def _next(self, level: int) -> int:
        self._levels[level] += 1
        for deeper in range(level + 1, len(self._levels)):
            self._levels[deeper] = 0
        return self._levels[level]

    # -- the parts of the page --------------------------------------------------------------
    def to(self, addressee: str) -> None:
        """主送: flush left under the title, ending with a full-width colon."""
        self.story.append(CJKParagraph(text(addressee.rstrip("：:") + "："), styles().addressee))

    def p(self, value: str) -> None:
        """A body paragraph (plain text), first line indented two characters."""
        self.story.append(CJKParagraph(text(value), styles().body))

    def p_markup(self, markup: str) -> None:
        """A body paragraph in reportlab markup (the caller escapes its values)."""
        self.story.append(CJKParagraph(markup, styles().body))

    def h1(self, title: str) -> None:
        """一、title — 黑体, on its own line, kept with what follows."""
        number = zh_number(self._next(0))
        self.story.append(CJKParagraph(text(f"{number}、{title}"), styles().heading))

    def h2(self, title: str, body: str = "") -> None:
        """（一）title — 楷体; with `body` the text runs on in 仿宋 in the same paragraph."""
        label = text(f"（{zh_number(self._next(1))}）{title}")
        if not body:
            self.story.append(CJKParagraph(label, styles().heading2))
            return
        stop = "" if title.endswith(("。", "：", "？")) else "。"
        markup = f'<font name="{font_name("kai")}">{label}{stop}</font>{text(body)}'
        self.story.append(CJKParagraph(markup, styles().body))

    def item(self, value: str) -> None:
        """1. value — 仿宋, numbered within its parent level."""
        self.story.append(CJKParagraph(text(f"{self._next(2)}.{value}"), styles().body))

    def subitem(self, value: str) -> None:
        """（1）value — 仿宋."""
        self.story.append(CJKParagraph(text(f"（{self._next(3)}）{value}"), styles().body))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]],
              numeric: Sequence[int] = (), weights: Sequence[float] | None = None,
              row_height: float | None = None) -> None:
        """A ruled table sized from its content; its header row repeats on each page. A heading
        just before it stays with the header and first rows only (app.printing.keeping)."""
        self.story.append(ruled_table(header, rows, weights=weights, numeric=numeric,
                                      row_height=row_height))

    def form(self, rows: Sequence[tuple[str, str]]) -> None:
        """A two-column ruled form: shaded labels left, values right."""
        self.story.append(form_table(rows))

    def flow(self, flowable: Flowable) -> None:
        """Any other flowable (a QR code, a spacer, a custom table)."""
        self.story.append(flowable)

    def attachments(self, names: Sequence[str]) -> None:
        """附件说明 (7.3.4): 附件：1. name — one line each, names aligned, no end punctuation."""
        if not names:
            return
        label = "附件："
        indent = 2 * BODY_SIZE
        label_w = len(label) * BODY_SIZE
        style = _style("attachments", firstLineIndent=-label_w, leftIndent=indent + label_w,
                       spaceBefore=styles().body.leading)
        numbered = len(names) > 1
        lines = [f"{n}. {name}" if numbered else name for n, name in enumerate(names, 1)]
        self.story.append(CJKParagraph(text(label) + "<br/>".join(text(x) for x in lines), style))

    def closing(self, phrase: str | None = None) -> None:
        """特此公告。/特此通知。/特此公示。 — by default the one the title's 文种 takes."""
        value = phrase if phrase is not None else closing_for(self.title)
        if value:
            self.p(value)

    def sign(self, issuer: str, on: date | None, seal: bool = True, why: str = "") -> None:
        """落款: the issuing body and the date; no date yet makes the document a draft
        (`why` says which date is missing, else 成文日期未定)."""
        self.signature = Signature(issuer, on, seal=seal)
        if on is None:
            self.draft(why or "成文日期未定")

    def note(self, value: str) -> None:
        """附注 (7.3.6): under the date, indented two characters, in parentheses."""
        inner = value.strip().removeprefix("（").removesuffix("）")
        self.after.append(CJKParagraph(text(f"（{inner}）"), styles().body))

    def mention(self, *texts: str) -> None:
        """Text a builder draws itself (on the canvas, in a custom flowable): checked for
        characters no font has, as paragraphs and tables are."""
        self.mentioned.extend(t for t in texts if t)

    def draft(self, reason: str) -> None:
        """A precondition is not met: the paper prints as 草稿 and the preview says why."""
        if reason not in self.reasons:
            self.reasons.append(reason)

    def spec(self, subject: str | None = None) -> DocumentSpec:
        from app.printing.glyphs import draft_reason, missing, texts_of

        issuer = [self.signature.issuer] if self.signature else []
        gaps = missing([self.title, *issuer, *self.mentioned, *texts_of(self.story),
                        *texts_of(self.after)])
        if gaps:
            self.draft(draft_reason(gaps))
        from app.printing.keeping import headed

        return DocumentSpec(
            title=self.title, story=headed(self.story), signature=self.signature,
            subject=subject or self.kind, keywords=self.keywords,
            draft_reasons=list(self.reasons), after_signature=list(self.after),
            title_keep=self.keep, page_numbers=self.page_numbers,
        )
