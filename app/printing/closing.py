"""The 落款 of GB/T 9704-2012 7.3.5, drawn to the character.

Sealed (7.3.5.1): the date 右空四字, the issuer centred over the date, the seal's room above so
that it presses on both. Unsealed (7.3.5.2): the issuer 右空二字, the date on the next line
starting two characters right of the issuer. A date not known yet leaves blanks for the pen
(the document is then a draft)."""

from __future__ import annotations

from math import ceil

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.printing.fonts import font_name
from app.printing.layout import BODY_SIZE, LINE_PITCH, Signature, even_lines, printable, zh_date

SEAL_ROOM = 2  # blank lines above the issuer: a 42 mm seal spans them, the issuer and the date
BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def date_text(sig: Signature) -> str:
    return zh_date(sig.on) if sig.on is not None else BLANK_DATE


class SignOff(Flowable):
    """Issuer and date placed as the standard says, with the seal's room above them."""

    def __init__(self, sig: Signature) -> None:
        super().__init__()
        self.sig = sig
        self.font = font_name("body")
        self.lines: list[str] = []
        self.avail = 0.0

    def _issuer_lines(self, width: float) -> list[str]:
        """The issuer as typed (never markup), in as few even lines as fit 80 % of the width."""
        issuer = " ".join(printable(self.sig.issuer).split())
        room = width * 0.8
        total = stringWidth(issuer, self.font, BODY_SIZE)
        count = max(1, ceil(total / room))
        while True:
            lines = even_lines(issuer, count)
            if all(stringWidth(line, self.font, BODY_SIZE) <= width for line in lines) \
                    or count >= len(issuer):
                return lines
            count += 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        self.lines = self._issuer_lines(availWidth)
        rows = (SEAL_ROOM if self.sig.seal else 1) + len(self.lines) + 1 + (1 if self.sig.signer else 0)
        self.width, self.height = availWidth, rows * LINE_PITCH
        return self.width, self.height

    def positions(self) -> list[tuple[float, str]]:
        """(x, text) of each line below the seal room, top to bottom (also used by tests)."""
        char = BODY_SIZE
        date = date_text(self.sig)
        date_w = stringWidth(date, self.font, BODY_SIZE)
        widths = [stringWidth(line, self.font, BODY_SIZE) for line in self.lines]
        placed: list[tuple[float, str]] = []
        if self.sig.seal:
            date_x = self.avail - 4 * char - date_w
            centre = date_x + date_w / 2
            for line, w in zip(self.lines, widths, strict=True):
                x = min(max(centre - w / 2, 0.0), self.avail - w)
                placed.append((x, line))
            placed.append((date_x, date))
        else:
            issuer_x = self.avail - 2 * char - max(widths)
            date_x = issuer_x + 2 * char
            if date_x + date_w > self.avail - 2 * char:  # a date longer than the issuer
                date_x = self.avail - 2 * char - date_w
                issuer_x = date_x - 2 * char
            placed += [(issuer_x, line) for line in self.lines]
            placed.append((date_x, date))
        if self.sig.signer:
            label = f"{self.sig.signer_label}：{self.sig.signer}"
            placed.insert(0, (placed[0][0], label))
        return placed

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, BODY_SIZE)
        top = self.height - (SEAL_ROOM if self.sig.seal else 1) * LINE_PITCH
        for n, (x, line) in enumerate(self.positions()):
            baseline = top - n * LINE_PITCH - (LINE_PITCH + BODY_SIZE * 0.7) / 2
            canvas.drawString(x, baseline, line)
