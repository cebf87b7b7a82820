"""The import arrows point ui → app → db: app/, db/ and server/ never import Qt; db/ never app/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", ["app", "db", "server"])
def test_no_qt_outside_ui(folder: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files(folder)
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in imported_modules(path))
    ]
    assert python_files(folder), f"{folder}/ has no Python files"
    assert offenders == []


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("db", {"app", "ui", "server"}), ("app", {"ui", "server"}), ("server", {"ui"})],
)
def test_imports_point_one_way(folder: str, forbidden: set[str]) -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(folder)
        for name in imported_modules(path)
        if name.split(".")[0] in forbidden
    ]
    assert offenders == []


def test_every_package_says_what_lives_there() -> None:
    for init in [p for f in ("app", "db", "ui", "server", "tests") for p in (ROOT / f).rglob("__init__.py")]:
        if ".venv" in init.parts:
            continue
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init} has no docstring"
