"""A UI `_build…` method stays under 100 lines: a longer one is split into named parts
(the filter bar, the list, the card…), each readable on one screen."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
LIMIT = 100


def test_no_build_method_of_100_lines_or_more() -> None:
    long = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_build"):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines >= LIMIT:
                    long.append(f"{path.relative_to(UI)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long
