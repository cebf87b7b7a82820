"""A heading goes with what follows it — but only with as much as must: with the first lines of
a long paragraph, the header and first rows of a table, never with all of a long table (which
would leave the heading's page empty) and never alone at a page foot (GB/T 9704: a heading is
not separated from its text).

reportlab's own keepWithNext puts the heading and the whole next flowable in one KeepTogether;
when that is taller than a page it gives up and the heading stays alone. `Headed` asks the
follower to split instead and keeps the heading with the first part."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

from app.printing.linebreak import CJKParagraph


def loose(heading: CJKParagraph) -> CJKParagraph:
    """The same heading without reportlab's keepWithNext (Headed does the keeping)."""
    if not getattr(heading.style, "keepWithNext", 0):
        return heading
    style = ParagraphStyle(f"{heading.style.name}_headed", parent=heading.style, keepWithNext=0)
    return CJKParagraph(heading.text, style)


class Headed(Flowable):
    """A heading and the flowable after it, laid out as one until a page must break them."""

    def __init__(self, heading: CJKParagraph, follower: Flowable) -> None:
        super().__init__()
        self.heading = loose(heading)
        self.follower = follower
        self._heading_height = self._follower_height = self._gap = 0.0

    def getSpaceBefore(self) -> float:
        return float(self.heading.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.follower.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _w, self._heading_height = self.heading.wrapOn(self.canv, availWidth, availHeight)
        self._gap = max(self.heading.getSpaceAfter(), self.follower.getSpaceBefore())
        _w, self._follower_height = self.follower.wrapOn(
            self.canv, availWidth, max(availHeight - self._heading_height - self._gap, 0))
        self.width = availWidth
        self.height = self._heading_height + self._gap + self._follower_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        _w, heading_height = self.heading.wrapOn(self.canv, availWidth, availHeight)
        room = availHeight - heading_height - self._gap
        if room <= 0:
            return []
        parts = self.follower.splitOn(self.canv, availWidth, room)
        if not parts or _breaks_first(parts[0]):
            return []  # nothing of what follows fits here: the heading moves with it
        return [self.heading, *parts]

    def draw(self) -> None:
        self.heading.drawOn(self.canv, 0, self._follower_height + self._gap)
        self.follower.drawOn(self.canv, 0, 0)


def _breaks_first(flowable: Any) -> bool:
    """A split that starts with a page or frame break (a KeepTogether moving on): what follows
    goes to the next page, so the heading must too."""
    if isinstance(flowable, NullActionFlowable):
        return False  # "go on here": nothing moves
    return isinstance(flowable, ActionFlowable | PageBreak | CondPageBreak)


def keeps_with_next(flowable: Any) -> bool:
    return isinstance(flowable, CJKParagraph) and bool(getattr(flowable.style, "keepWithNext", 0))


def headed(story: list[Any]) -> list[Any]:
    """The story with every keep-with-next heading bound to what follows it (from the end, so
    一、 then （一） then text become one chain)."""
    result: list[Any] = []
    for flowable in reversed(story):
        if keeps_with_next(flowable) and result:
            result[0] = Headed(flowable, result[0])
        else:
            result.insert(0, flowable)
    return result
