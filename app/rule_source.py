"""Where a rule comes from, in every section of the rules file: `kind` law or district, `source`,
and `verified` (true only when the cited text itself was read). Public documents cite verified
rules only; the app's own screens mark the others 待核实."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.messages import Problem, problem

# How the app's screens and the rules file's own notes mark what is not verified; a note in
# parentheses carrying one of these is for the district to confirm and never goes on paper.
UNVERIFIED_MARKS = ("待核实", "未经核实", "未能核实", "有来源称", "默认值")
_INNER = r"(?:[^（）()]|[（(][^（）()]*[）)])*"  # text with parentheses one level deep
UNVERIFIED_NOTE = re.compile(
    r"[（(]" + _INNER + "(?:" + "|".join(UNVERIFIED_MARKS) + ")" + _INNER + r"[）)]")


def without_unverified_notes(text: str) -> str:
    """`text` with every parenthesised unverified note taken out (what paper may show)."""
    return UNVERIFIED_NOTE.sub("", text)


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: `kind` law (never overridable) or district (local setting);
    `verified` only when the cited text itself was read."""

    kind: str
    source: str
    verified: bool = False

    @property
    def is_law(self) -> bool:
        return self.kind == "law"

    @property
    def citation(self) -> str | None:
        """The source as a public document may cite it: verified rules only, else None."""
        return self.source if self.verified else None

    def label(self) -> Problem:
        """label_zh worded by code, for a message shown in the screen's language."""
        if self.is_law:
            if self.verified:
                return problem("source.law", source=self.source)
            return problem("source.law_unverified", source=self.source)
        if self.verified:
            return problem("source.district", source=self.source)
        return problem("source.district_unverified", source=self.source)

    def label_zh(self) -> str:
        """For the app's own screens: unverified rules say so (待核实) for the district to confirm."""
        if not self.verified:
            return ("法定（待核实）：" if self.is_law else "待核实（区设置）：") + self.source
        return ("法定：" if self.is_law else "区设置：") + self.source

