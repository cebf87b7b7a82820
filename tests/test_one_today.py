"""The app has one "today": the caseworker's, in the rules file's time zone (Asia/Shanghai;
app.agenda_rules.local_today). The machine's zone is not it: on a laptop set to UTC the two
differ from 16:00 to 24:00, and a deadline shown on a page would disagree with the audit's."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def machine_clock_calls(path: Path) -> list[str]:
    """`date.today` and a zone-less `datetime.now()` (the machine's local time) in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "today"
                and isinstance(node.value, ast.Name) and node.value.id == "date"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} date.today")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "now" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "datetime" and not node.args and not node.keywords):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} datetime.now()")
    return found


@pytest.mark.parametrize("folder", ["app", "ui"])
def test_no_machine_clock_dates(folder: str) -> None:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files
    assert [call for path in files for call in machine_clock_calls(path)] == []
