"""Every rules file goes through one validation (app/rulesfile.py): unknown keys refused and
each error names the file and the dotted key, the same way for all four files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import agenda_rules, rating_files
from app.rulesfile import RulesFileError


def _edited(source: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[sources]\n", "[sourcez]\n", "键 sources：缺少"),
        ("[categories.parking]", '[categories."停 车"]', "键 categories.停 车"),
        ('timezone = "Asia/Shanghai"', 'timezone = "Asia/Shanghai"\nzone = 1', "键 overdue.zone：未知的键"),
        ('label = "停车"', "label = 1", "键 categories.parking.label"),
    ],
    ids=["missing-table", "non-ascii-key", "unknown-key", "label-not-text"],
)
def test_agenda_file_errors_name_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _edited(agenda_rules.RULES_FILE, tmp_path, old, new)
    with pytest.raises(RulesFileError, match=re.escape(message)):
        agenda_rules.load_rules.__wrapped__(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('low_score = "60"', 'low_score = "sixty"', "键 evaluation.low_score：不是数字"),
        ('code = "W2"', 'code = "W1"', "键 evaluation.committee[W1].code：duplicate code 'W1'"),
        ('max_points = "20"', 'max_points = "20"\nweight = 2', "键 evaluation.committee[W1].weight：未知的键"),
    ],
    ids=["not-a-number", "duplicate", "unknown-key"],
)
def test_ratings_file_errors_name_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _edited(rating_files.BANDS_FILE, tmp_path, old, new)
    with pytest.raises(rating_files.TemplateFileError, match=re.escape(message)):
        rating_files.parse_form(path)


def test_the_shipped_files_load() -> None:
    assert "parking" in agenda_rules.load_rules().categories
    form = rating_files.parse_form()
    assert [q.code for q in form.questions["committee"]][:2] == ["W1", "W2"]
    template = rating_files.load_template_file(rating_files.DEFAULT_TEMPLATE_FILE)
    party_area = next(a for a in template.areas if a.code == "H")
    # 党建引领 (落实“听、议、定”) covers every matter residents raise: every category the agenda file
    # knows, the owners' matters of Civil Code Art. 278 included
    assert set(party_area.categories) == set(agenda_rules.load_rules().categories)
