"""Ruled tables whose columns are sized from their content, as a browser lays out an HTML
table: every column first gets what its unbreakable cells need (a short cell such as 白坭坑社区
or 党建指导员 never breaks inside the word, a number never breaks), the spare width goes to the
columns whose text can wrap. The header row repeats on every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Table, TableStyle

from app.printing.fonts import font_name
from app.printing.layout import LINE_PITCH, TEXT_HEIGHT, TEXT_WIDTH, printable, styles, text
from app.printing.linebreak import CJKParagraph, can_break_before

SHORT_CELL = 6  # characters: a cell this short is one word (白坭坑社区, 党建指导员, 2026年1月5日 wraps)
WRAP_UNIT = 3  # a long cell may wrap, but a column is never narrower than this many characters
PADDING = 4.0
LONG_TABLE_ROWS = 60
CENTRED_HEADERS = ("序号",)  # a running number sits in the middle of its narrow column


def _width(value: str, font: str, size: float) -> float:
    return max((stringWidth(line, font, size) for line in value.split("\n")), default=0.0)


def _longest_run(value: str, font: str, size: float) -> float:
    """The widest stretch of a long cell that cannot break (a Latin word, a number)."""
    chars = list(value)
    widest, start = 0.0, 0
    for pos in range(1, len(chars) + 1):
        if pos == len(chars) or can_break_before(chars, pos):
            widest = max(widest, stringWidth(value[start:pos], font, size))
            start = pos
    return widest


def _header_needs(value: str, font: str, size: float) -> tuple[float, float]:
    """A header breaks only before its parenthesised unit (同意面积 / （平方米）), never inside
    a word: "占参与表决人数" stays whole."""
    natural = _width(value, font, size)
    cut = value.find("（")
    if cut <= 0:
        return natural, natural
    return max(_width(value[:cut], font, size), _width(value[cut:], font, size)), natural


def _needs(value: str, font: str, size: float, short: int, numeric: bool) -> tuple[float, float]:
    """(minimum, natural) width of one cell's text."""
    natural = _width(value, font, size)
    if numeric or len(value) <= short:
        return natural, natural
    unit = stringWidth("国" * WRAP_UNIT, font, size)
    return min(natural, max(unit, _longest_run(value, font, size))), natural


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: float,
                  numeric: Sequence[int] = (), weights: Sequence[float] | None = None,
                  size: float | None = None) -> list[float]:
    """Widths (points) summing to `total`: minimums first, then the spare room shared out."""
    st = styles()
    size = size or st.cell.fontSize
    body, head = st.cell.fontName, st.cell_head.fontName
    count = len(header)
    minimum = [0.0] * count
    natural = [0.0] * count
    for col, value in enumerate(header):
        minimum[col], natural[col] = _header_needs(value, head, size)
    for row in rows:
        for col, value in enumerate(row[:count]):
            low, high = _needs(value, body, size, SHORT_CELL, col in numeric)
            minimum[col] = max(minimum[col], low)
            natural[col] = max(natural[col], high)
    minimum = [w + 2 * PADDING + 1 for w in minimum]
    natural = [max(w + 2 * PADDING + 1, m) for w, m in zip(natural, minimum, strict=True)]
    share = list(weights) if weights and len(weights) == count else None
    if sum(natural) <= total:  # everything fits on one line: spread the spare room
        basis = share or natural
        spare = total - sum(natural)
        return [n + spare * b / sum(basis) for n, b in zip(natural, basis, strict=True)]
    if sum(minimum) >= total:  # even the words don't fit: shrink evenly (rare, very wide tables)
        return [m * total / sum(minimum) for m in minimum]
    flex = [n - m for n, m in zip(natural, minimum, strict=True)]
    if share:  # the caller's say in who takes the room (a 说明 column before a 内容 one)
        flex = [f * w for f, w in zip(flex, share, strict=True)]
        if not sum(flex):
            flex = [n - m for n, m in zip(natural, minimum, strict=True)]
    spare = total - sum(minimum)
    return [m + spare * f / sum(flex) for m, f in zip(minimum, flex, strict=True)]


class _SplitsTallRows:
    """A table that splits between rows, and inside a row only when that row is taller than a
    page (a 1,000-character 意见): a row that fits a page is never cut at a page foot."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        table: Any = self
        table.splitInRow = 0
        parts: list[Any] = super().split(availWidth, availHeight)  # type: ignore[misc]
        heights = [h for h in (getattr(table, "_rowHeights", None) or []) if h]
        if parts or not heights or max(heights) <= TEXT_HEIGHT * 0.85:
            return parts
        table.splitInRow = 1
        try:
            return list(super().split(availWidth, availHeight))  # type: ignore[misc]
        finally:
            table.splitInRow = 0


class RuledTable(_SplitsTallRows, Table):
    pass


class RuledLongTable(_SplitsTallRows, LongTable):
    pass


def ruled_table(header: Sequence[str], rows: Sequence[Sequence[object]],
                weights: Sequence[float] | None = None, numeric: Sequence[int] = (),
                row_height: float | None = None, total: float = TEXT_WIDTH) -> Table:
    """A ruled table: shaded header row repeated on each page, numbers right-aligned."""
    st = styles()
    right = ParagraphStyle("cell_right", parent=st.cell, alignment=TA_RIGHT)
    centre = ParagraphStyle("cell_centre", parent=st.cell, alignment=TA_CENTER)
    centred = [col for col, h in enumerate(header) if h in CENTRED_HEADERS]
    cells = [[printable(v) for v in row] for row in rows]
    widths = column_widths(header, cells, total, numeric, weights)
    data: list[list[Any]] = [[CJKParagraph(text(h), st.cell_head) for h in header]]
    fits = [w - 2 * PADDING - 0.5 for w in widths]
    body, size = st.cell.fontName, st.cell.fontSize
    for row in cells:
        data.append([
            v if _plain_fits(v, fits[col], body, size)
            else CJKParagraph(text(v).replace("\n", "<br/>"),
                              centre if col in centred else right if col in numeric else st.cell)
            for col, v in enumerate(row)
        ])
    heights = [None] + [row_height] * len(rows) if row_height else None
    # a long table splits page by page in linear time (a plain Table re-lays the rest each page)
    kind: type[Table] = RuledLongTable if len(rows) > LONG_TABLE_ROWS else RuledTable
    result = kind(data, colWidths=widths, rowHeights=heights, repeatRows=1,
                  spaceAfter=LINE_PITCH * 0.4)  # air between the bottom rule and what follows
    result.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font_name("body")),  # else Table sets Helvetica
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("FONTSIZE", (0, 1), (-1, -1), size),  # the plain-text cells, as the paragraph ones
        ("LEADING", (0, 1), (-1, -1), st.cell.leading),
        *[("ALIGN", (col, 1), (col, -1), "RIGHT") for col in numeric if col not in centred],
        *[("ALIGN", (col, 1), (col, -1), "CENTER") for col in centred],
    ]))
    return result


def _plain_fits(value: str, width: float, font: str, size: float) -> bool:
    """A cell drawn as plain text (no paragraph: a 2,000-row register lays out in a fraction of
    the time): it fits on one line and its font has every character of it."""
    if not value or "\n" in value or stringWidth(value, font, size) > width:
        return not value
    from app.printing.fonts import fill_missing

    return fill_missing("body", value) == value
