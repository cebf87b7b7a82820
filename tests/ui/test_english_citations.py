"""On the English UI a rule's source (依据: the law or the district setting it comes from) is in
English wherever it is shown: every source in the rules files has its English wording in the
catalogue's [terms], and ui.terms.citation words the 法定/区设置 label around it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from app.rule_source import Source

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _sources() -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, str):
                    found.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "resources" / "rules").glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def test_every_rule_source_reads_in_english(english: None) -> None:
    from ui.terms import citation, term

    sources = _sources()
    assert len(sources) > 30
    chinese = sorted(s for s in sources if CJK.search(term(s)))
    assert not chinese, "\n".join(chinese)
    for source in sources:
        for kind, verified in (("law", True), ("district", False)):
            shown = citation(Source(kind, source, verified))
            assert not CJK.search(shown), shown


def test_chinese_ui_keeps_the_citation_as_written() -> None:
    from ui.terms import citation

    source = "《物业管理条例》第十四条"
    assert citation(Source("law", source, True)) == "法定：" + source


def test_committee_check_words_are_coded() -> None:
    """The committee checks' titles and findings (app/committee/checks.py) read in English from
    their codes; only the members' names stay as typed."""
    from app.messages import problem

    for code, params in (("committee.owners_title", {}), ("committee.owners_ok", {"n": 5}),
                         ("committee.property_title", {}), ("committee.property_ok", {}),
                         ("committee.party_share_title", {}),
                         ("committee.party_share_found", {"party": 3, "total": 5, "num": 1, "den": 2}),
                         ("committee.cross_title", {}),
                         ("committee.cross_found", {"n": 0, "names": problem("committee.none"),
                                                    "min": 1})):
        english = problem(code, **params).text("en")
        assert english and not CJK.search(english), (code, english)
    found = problem("committee.cross_found", n=2, names=["王芳", "李强"], min=1)
    assert str(found) == "支部党员任委员 2 人（王芳、李强；要求至少 1 人）"  # as stored before
