"""A report counts findings per compound, violations first — the count each compound's badge
shows (issue 14: "the same findings show in the UI (an 审计 view or a badge on the compound)")."""

from __future__ import annotations

from app.audit.findings import Finding, Report, Subject
from app.rules import Source

LAW = Source("law", "《业主大会和业主委员会指导规则》第三十三条", verified=True)


def finding(compound: str, severity: str = "violation") -> Finding:
    return Finding("filing.overdue", severity, compound,  # type: ignore[arg-type]
                   Subject("election", "e1", "首次选举（计票与结果公告）"), LAW)


def test_counts_per_compound_most_violations_first() -> None:
    report = Report(violations=[finding("乙苑"), finding("甲苑"), finding("乙苑")],
                    info=[finding("丙苑", "info"), finding("甲苑", "info")], checked={})
    assert report.by_compound() == [("乙苑", 2, 0), ("甲苑", 1, 1), ("丙苑", 0, 1)]
    assert [report.violations_of(c) for c in ("乙苑", "甲苑", "丙苑", "丁苑")] == [2, 1, 0, 0]
    assert [f.severity for f in report.findings] == ["violation"] * 3 + ["info"] * 2
    assert not report.ok and Report([], report.info, {}).ok
