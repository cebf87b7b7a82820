"""Chinese line breaking (禁则): no closing punctuation at the start of a line, no opening
punctuation at its end, no Latin word or number cut in two.

reportlab's CJK wrap knows only a few full-width marks (it lets ，；：？！” start a line) and
ignores opening marks, so `CJKParagraph` replaces its line splitter with one that moves the break
back until both rules hold; the justified line absorbs the difference.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (
    FragLine,
    Paragraph,
    ParaLines,
    cjkU,
    makeCJKParaLine,
    sameFrag,
)
from reportlab.rl_config import _FUZZ

CLOSING = set(
    "，。、；：？！…‥”’）》」』】〕〗〙〉｝］›»·—～％‰℃°"
    ",.;:?!)]}%"
)
OPENING = set("“‘（《「『【〔〖〘〈｛［‹«([{￥＄$#＠@§")
# A break never falls between two of these (a Latin word, a number, a date like 2024-05-01).
_WORDISH = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./:-_+,")


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


# A number keeps its unit on its line (4张, 30日, 88.50平方米), and 平方米 stays whole.
_UNITS = set("年月日时分秒个人名张户栋号室层元万亿平米岁次条款项页份倍㎡%％")
_WHOLE = {("平", "方"), ("方", "米")}


def can_break_before(chars: list[str], pos: int) -> bool:
    """True when a line may end before chars[pos] (pos in 1..len-1)."""
    here, before = chars[pos], chars[pos - 1]
    if here in CLOSING or before in OPENING:
        return False
    if here in _WORDISH and before in _WORDISH:
        return False
    return not ((before.isdigit() and here in _UNITS) or (before, here) in _WHOLE)


def _break_position(chars: list[str], start: int, overflow_at: int) -> int:
    """The latest allowed break at or before `overflow_at`, keeping at least one char on the line;
    when none is allowed in the last half line, break where the text overflowed."""
    limit = max(start + 1, (start + overflow_at) // 2)
    for pos in range(overflow_at, limit - 1, -1):
        if can_break_before(chars, pos):
            return pos
    return overflow_at


class _Unit(cjkU):
    """One character of a paragraph with its frag and width (what reportlab's cjkU holds), made
    without a stringWidth call per character: widths come from a per-font cache."""

    def __new__(cls, value: str, frag: Any, width: float) -> _Unit:
        self = str.__new__(cls, value)
        self._frag = frag
        self._width = width
        return self


_widths: dict[tuple[str, float], dict[str, float]] = {}


def _units_of(frag: Any, text: str) -> list[Any]:
    if hasattr(frag, "cbDefn"):
        return [cjkU(t, frag, "utf8") for t in text]
    table = _widths.setdefault((frag.fontName, frag.fontSize), {})
    units = []
    for t in text:
        width = table.get(t)
        if width is None:
            width = table[t] = stringWidth(t, frag.fontName, frag.fontSize)
        units.append(_Unit(t, frag, width))
    return units


def split_cjk(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """Split paragraph frags into lines under the rules above (cf. reportlab's cjkFragSplit)."""
    units: list[Any] = []
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if text:
            units.extend(_units_of(frag, text))
        else:
            units.append(cjkU(text, frag, "utf8"))
    chars = [str(u) for u in units]
    lines: list[Any] = []
    start = i = 0
    used = 0.0
    max_width = max_widths[0]

    def emit(end: int, line_break: bool) -> None:
        nonlocal start, used, max_width
        line = units[start:end]
        width = sum(_width(u, max_width) for u in line)
        lines.append(
            _make_line(line, max_width, width, max_width - width, line_break, calc_bounds)
        )
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start, used = end, 0.0

    while i < len(units):
        u = units[i]
        if hasattr(u.frag, "lineBreak"):
            emit(i + 1, True)
            i += 1
            continue
        w = _width(u, max_width)
        if used + w > max_width + _FUZZ and i > start:
            end = _break_position(chars, start, i)
            emit(end, False)
            i = end
            continue
        used += w
        i += 1
    if start < len(units):
        emit(len(units), False)
    return ParaLines(kind=1, lines=lines)


def _roles() -> dict[str, str]:
    from app.printing.fonts import register_fonts

    return {choice.name: role for role, choice in register_fonts().items()}


def _make_line(units: list[Any], max_width: float, used: float, extra: float, line_break: bool,
               calc_bounds: bool) -> Any:
    """reportlab's makeCJKParaLine, comparing and measuring each frag once instead of once per
    character (its per-character frag comparison was a third of a notice's layout time)."""
    if any(hasattr(u.frag, "cbDefn") for u in units):  # an inline image: reportlab's own way
        return makeCJKParaLine(units, max_width, used, extra, line_break, calc_bounds)
    words: list[Any] = []
    current: Any = FragLine()
    chars: list[str] = []
    max_size = max_ascent = min_descent = 0.0
    last: Any = None
    for u in units:
        frag = u.frag
        if frag is not last:
            last = frag
            ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
            max_size = max(max_size, frag.fontSize)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            if not sameFrag(current, frag):
                word = current.clone()
                word.text = "".join(chars)
                words.append(word)
                chars = []
                current = frag
        chars.append(u)
    if chars:
        word = current.clone()
        word.text = "".join(chars)
        words.append(word)
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words[1:], fontSize=max_size,
                    ascent=max_ascent, descent=min_descent, maxWidth=max_width,
                    currentWidth=used, lineBreak=line_break)


class CJKParagraph(Paragraph):
    """A Paragraph that always wraps with `split_cjk` (style.wordWrap must be "CJK"); characters
    its font lacks (a GB2312-only 仿宋 has no 喆 or 堃) are set in the shipped font."""

    def __init__(self, text: Any, style: Any = None, *args: Any, **kwargs: Any) -> None:
        if isinstance(text, str) and style is not None and not text.isascii():
            role = _roles().get(style.fontName)
            if role is not None:
                from app.printing.fonts import fill_missing

                text = fill_missing(role, text)
        super().__init__(text, style, *args, **kwargs)

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        if not self.frags:
            return super().breakLinesCJK(maxWidths)
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return split_cjk(self.frags, list(maxWidths), auto_leading not in ("", "off"))


def bad_line_starts(lines: list[str]) -> list[str]:
    """Lines (e.g. of `pdftotext -layout`) that start with closing punctuation — for checks."""
    return [line for line in lines if line.strip() and line.strip()[0] in CLOSING - set(".-—")]


def bad_line_ends(lines: list[str]) -> list[str]:
    """Lines that end with opening punctuation."""
    return [line for line in lines if line.strip() and line.strip()[-1] in OPENING - set("$#@")]
