"""Characters no font here can draw: reportlab would print an empty box where a name has 婳 or
𫖯, silently. A paper with such a character is only a draft, and says which character and
where, so nobody posts a notice with a blank in an owner's name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from reportlab.platypus import Flowable, Table

from app.printing.linebreak import CJKParagraph


def _cmaps() -> list[Any]:
    from reportlab.pdfbase import pdfmetrics

    from app.printing.fonts import register_fonts, shipped_font_name

    names = {choice.name for choice in register_fonts().values()} | {shipped_font_name()}
    return [pdfmetrics.getFont(name).face.charToGlyph for name in sorted(names)]


def texts_of(flowables: Iterable[Any]) -> Iterator[str]:
    """The text of paragraphs and of table cells (nested tables too)."""
    for item in flowables:
        if isinstance(item, CJKParagraph):
            yield item.getPlainText()
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    if isinstance(cell, str):
                        yield cell
                    elif isinstance(cell, Flowable):
                        yield from texts_of([cell])
                    elif isinstance(cell, list | tuple):
                        yield from texts_of(cell)
        elif isinstance(item, Flowable) and hasattr(item, "_content"):
            yield from texts_of(item._content)


def missing(texts: Iterable[str]) -> dict[str, str]:
    """Each character no registered font has, with the first piece of text it appears in."""
    cmaps = _cmaps()
    found: dict[str, str] = {}
    drawn: set[str] = set()
    for value in texts:
        if value.isascii():
            continue
        for ch in set(value) - drawn:
            if ch in found or ch.isspace() or ch.isascii():
                continue
            if any(ord(ch) in cmap for cmap in cmaps):
                drawn.add(ch)
            else:
                found[ch] = value
    return found


def draft_reason(gaps: dict[str, str], shown: int = 4) -> str:
    """"字库中没有“婳”字（见“王婳”）…" for the preview and the draft's reasons."""
    parts = []
    for ch, where in list(gaps.items())[:shown]:
        context = where.strip()
        at = context.find(ch)
        snippet = context[max(0, at - 6): at + 7]
        parts.append(f"“{ch}”（见“{snippet}”）")
    more = f"等{len(gaps)}个字" if len(gaps) > shown else ""
    return (f"字库中没有{'、'.join(parts)}{more}，打印出来是空白方框：请安装含这些字的字体，"
            "或印好后手写补全")
