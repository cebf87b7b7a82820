"""A block of lines that stays together without reportlab's KeepTogether, whose wrap answers a
huge height to force its own split — nested in the layout's KeepTogether of the last paragraph
and the 落款, that pushed the whole ending (even the title's page) onto a new page."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable


class Block(Flowable):
    """Flowables drawn one under the other as one unbreakable piece (signing lines, the 出席
    names of minutes): a few lines, so never taller than a page."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)
        self._sizes: list[tuple[float, float]] = []

    def _gap(self, n: int) -> float:
        """The space above part `n`: what the part above it asks below it, and its own above."""
        return float(self.parts[n - 1].getSpaceAfter() + self.parts[n].getSpaceBefore()) if n else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        self._sizes = [part.wrapOn(canv, availWidth, availHeight) for part in self.parts]
        self.width = availWidth
        self.height = sum(h for _, h in self._sizes) + sum(self._gap(n) for n in range(len(self.parts)))
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for n, (part, (_, h)) in enumerate(zip(self.parts, self._sizes, strict=True)):
            y -= self._gap(n) + h
            part.drawOn(self.canv, 0, y)
