"""The `[term]` section of the rules file: typed, sourced, unknown keys refused."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from app.rules import DEFAULT_RULES, RulesError, parse_rules
from tests.committee.conftest import RULES

DATA = tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))


def _parse(change) -> None:
    data = copy.deepcopy(DATA)
    change(data["term"])
    parse_rules(data, Path("shenzhen.toml"))


def test_shipped_values_and_sources() -> None:
    """指导规则第三十二条 (five years, 7 days), 第三十三条 (filing materials), 深圳条例第四十一条
    (alternates, below half): verified law; the rest district settings marked unverified."""
    term = RULES.term
    assert (term.years, term.first_meeting_days, term.early_below) == (5, 7, 1 / 2)
    assert term.origin.verified and "第三十二条" in term.origin.source
    assert term.vacancy_origin.verified and "第四十一条" in term.vacancy_origin.source
    assert not term.countdown_origin.verified and term.countdown_origin.kind == "district"
    assert [m.key for m in term.materials_for("first") if m.required] == [
        "formation", "statute", "procedure_rules", "members_list"]
    assert all(m.origin.verified for m in term.materials if m.key != "members_list")
    assert term.owners.blocking and term.owners.origin.is_law


def test_term_beyond_five_years_refused() -> None:
    """指导规则第三十二条: 任期不超过5年 — a district may set fewer, never more."""
    _parse(lambda t: t.update(years=4))
    with pytest.raises(RulesError, match=r"term\.years"):
        _parse(lambda t: t.update(years=6))


def test_unknown_key_and_missing_source_refused() -> None:
    with pytest.raises(RulesError, match=r"term\.alternates\.maximum"):
        _parse(lambda t: t["alternates"].update(maximum=3))
    with pytest.raises(RulesError, match=r"term\.countdown\.source"):
        _parse(lambda t: t["countdown"].pop("source"))


def test_duplicate_material_refused() -> None:
    with pytest.raises(RulesError, match=r"term\.filing\.materials"):
        _parse(lambda t: t["filing"]["materials"].append(dict(t["filing"]["materials"][0])))
