"""The rules file loads, states its sources, and a broken one names the key at fault."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from app.rules import DEFAULT_RULES, RulesError, load_rules, load_rules_file


def test_default_rules_load_with_sources() -> None:
    rules = load_rules()
    assert rules.quorum.share == Fraction(2, 3) and rules.quorum.inclusive
    assert rules.election.share == Fraction(1, 2) and not rules.election.inclusive
    assert rules.major.share == Fraction(3, 4) and rules.major.inclusive
    assert rules.major.items == (6, 7, 8)
    assert rules.quorum.origin.is_law and "第二百七十八条" in rules.quorum.origin.source
    assert not rules.party_share.origin.is_law  # a district setting, shown as such
    assert rules.committee.size_ok(5) and rules.committee.size_ok(11)
    assert not rules.committee.size_ok(6) and not rules.committee.size_ok(13)
    assert (rules.group.min_members, rules.group.max_members) == (7, 10)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "broken.toml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('share = "2/3"', 'share = "0.6667"', "tally.quorum.share"),
        ('share = "3/4"', "share = 0.75", "tally.major.share"),
        ("min_size = 5", 'min_size = "five"', "committee.min_size"),
        ('kind = "law"\nsource = "《业主大会', 'kind = "rule"\nsource = "《业主大会', "committee.kind"),
        ("objection_days = 7", "objection_dayz = 7", "district.periods.objection_days"),
        ("verified = true\n\n[tally.election]", "\n[tally.election]", "tally.quorum.verified"),
        ("verified = true\n\n[tally.election]", 'verified = "yes"\n\n[tally.election]',
         "tally.quorum.verified"),
        ('share = "2/3"', 'share = "1e100000000/3"', "tally.quorum.share"),
        ("[filing]\n", "[filing]\nnote = 1\n", "filing.note"),
        ("odd = true", "odd = true\nevenness = 1", "committee.evenness"),
        ("inclusive = true\nkind", "inclusive = false\nkind", "tally.quorum.inclusive"),
    ],
)
def test_broken_rules_name_the_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    with pytest.raises(RulesError, match=f"键 {key}"):
        load_rules_file(_broken(tmp_path, old, new))


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = = 1", encoding="utf-8")
    with pytest.raises(RulesError, match="不是有效的 TOML"):
        load_rules_file(bad)
    with pytest.raises(RulesError, match="找不到"):
        load_rules_file(tmp_path / "absent.toml")


def test_every_rule_says_whether_it_was_verified() -> None:
    """Verified rules are cited as they are; unverified ones say 待核实 in the app and have no
    citation for paper (printed notices cite verified rules only)."""
    rules = load_rules()
    assert rules.quorum.origin.verified and rules.quorum.origin.citation == rules.quorum.origin.source
    assert rules.periods.filing_origin.verified and "第三十三条" in rules.periods.filing_origin.source
    assert rules.assembly_notice_days == 15 and "第十四条" in rules.assembly_notice_origin.source
    assert "修订" in rules.group.origin.source and "修正" not in rules.group.origin.source
    unverified = rules.periods.origin
    assert not unverified.verified and unverified.citation is None
    assert unverified.label_zh().startswith("待核实（区设置）")
    assert not rules.counting.origin.verified
    assert rules.counting.origin.label_zh().startswith("法定（待核实）")


def test_unverified_rules_never_reach_paper() -> None:
    from app.printing import rules_text as rt

    rules = load_rules()
    assert rules.counting.origin.source not in rt.counting_sentence(rules)
    assert rules.quorum.origin.source in rt.quorum_sentence(rules)
    assert rt.basis(rules.periods.origin) == "本区工作要求"
    assert rt.according_to(rules.periods.origin, "本小区业主大会议事规则") == "根据本小区业主大会议事规则的规定，"


def test_unverified_notes_are_taken_out_of_text_for_paper() -> None:
    from app.rule_source import without_unverified_notes

    assert without_unverified_notes("申请业主达到比例（有来源称20%业主可申请）") == "申请业主达到比例"
    assert without_unverified_notes("公示5日（待核实（区设置））") != "公示5日（待核实（区设置））"
    assert without_unverified_notes("翠湖花园（一期）") == "翠湖花园（一期）"  # a name's parentheses stay
