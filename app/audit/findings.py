"""What an audit finds: a violation of a rule, or information (e.g. a historical record that was
never signed off), each with a code and params rather than a sentence, the rule's source, and
the record it is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from app.rules import Source

Severity = Literal["violation", "info"]


def citation(origin: Source) -> str:
    """A rule's source as the audit cites it: verified rules as is, the others marked 待核实."""
    return origin.citation or f"{origin.source}（待核实）"


@dataclass(frozen=True)
class Subject:
    """The record a finding is about: an election, a committee or an agenda item."""

    kind: Literal["election", "committee", "agenda_item"]
    id: str
    label: str  # Chinese, e.g. "首次选举（业委会就任）" or an agenda item's title


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    compound: str
    subject: Subject
    origin: Source
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return citation(self.origin)

    def as_json(self) -> dict[str, Any]:
        from app.audit.messages import message_zh

        return {
            "code": self.code, "params": self.params, "compound": self.compound,
            "subject": {"kind": self.subject.kind, "id": self.subject.id,
                        "label": self.subject.label},
            "rule": {"source": self.origin.source, "kind": self.origin.kind,
                     "verified": self.origin.verified},
            "citation": self.citation, "message": message_zh(self),
        }


@dataclass(frozen=True)
class Report:
    violations: list[Finding]
    info: list[Finding]
    checked: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def findings(self) -> list[Finding]:
        """Violations first, then information, each in report order."""
        return [*self.violations, *self.info]

    def by_compound(self) -> list[tuple[str, int, int]]:
        """(compound, violations, information) per compound with any finding, most violations
        first: the count a compound's badge shows."""
        counts: dict[str, list[int]] = {}
        for finding in self.violations:
            counts.setdefault(finding.compound, [0, 0])[0] += 1
        for finding in self.info:
            counts.setdefault(finding.compound, [0, 0])[1] += 1
        rows = [(name, bad, info) for name, (bad, info) in counts.items()]
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))

    def violations_of(self, compound: str) -> int:
        return sum(1 for f in self.violations if f.compound == compound)

    def as_json(self) -> dict[str, Any]:
        return {"violations": [f.as_json() for f in self.violations],
                "info": [f.as_json() for f in self.info], "checked": dict(self.checked)}
