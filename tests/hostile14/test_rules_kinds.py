"""Hostile edits of the [kinds.*] tables of shenzhen.toml: each is refused with one message naming
the key, so no rules are half-read. A by-election may not be triggered by a committee fallen below
half its members: the law then asks for an early re-election (深圳条例第四十一条)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.errors import describe
from app.rules import DEFAULT_RULES, RulesError, load_rules_file

FIRST_TAIL = '"tallied", "seated", "filed"]\npreparation'


def _early_removed(text: str) -> str:
    return re.sub(r"\[kinds\.early\].*?(?=\n\[(?!kinds\.early))", "", text, flags=re.S)


CASES = [
    ("unknown key", lambda t: t.replace('[kinds.first]\nname = "首次选举"',
                                        '[kinds.first]\nname = "首次选举"\nbogus = 1'),
     "key kinds.first.bogus: unknown key"),
    ("stages out of order", lambda t: t.replace(FIRST_TAIL, '"seated", "tallied", "filed"]\npreparation'),
     "key kinds.first.stages: must follow the order"),
    ("a stage twice", lambda t: t.replace(FIRST_TAIL, '"tallied", "tallied", "seated", "filed"]\npreparation'),
     "key kinds.first.stages: must follow the order"),
    ("no filing", lambda t: t.replace(FIRST_TAIL, '"tallied", "seated"]\npreparation'),
     "key kinds.first.stages: missing filed"),
    ("a kind missing", _early_removed, "key kinds.early: missing"),
    ("an unknown kind", lambda t: t + '\n[kinds.recall]\nname = "罢免"\n', "key kinds.recall: unknown key"),
    ("a trigger with no source", lambda t: t.replace(
        'condition = "vacancies"\nkind = "district"\nsource = "补选：区设置（深圳条例第四十一条规定候补递补、不足半数重新选举）"\n',
        'condition = "vacancies"\nkind = "district"\n'),
     "key kinds.by_election.triggers.vacancies.source: missing"),
    ("a by-election below half", lambda t: t.replace('condition = "vacancies"', 'condition = "too_few"'),
     "key kinds.by_election.triggers.vacancies.condition"),
]


@pytest.mark.parametrize("edit, message", [(e, m) for _, e, m in CASES], ids=[n for n, _, _ in CASES])
def test_hostile_kind_edits_name_the_key(tmp_path: Path, edit: object, message: str) -> None:
    original = DEFAULT_RULES.read_text(encoding="utf-8")
    edited = edit(original)  # type: ignore[operator]
    assert edited != original
    path = tmp_path / "shenzhen.toml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(RulesError) as refused:
        load_rules_file(path)
    assert message in describe(refused.value, "en")  # the coded message, worded in English
    assert "键 " in str(refused.value) and "\n" not in str(refused.value).strip()
