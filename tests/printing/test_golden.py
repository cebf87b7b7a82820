"""Golden texts: every document KIND printed from the fixture district (tests/printing/
fixture_store.py), read back with `pdftotext -layout`, matches tests/printing/golden/<kind>.txt
(or <kind>--<label>.txt where one kind prints differently per election kind). A change to a
document shows as a diff a reviewer reads; accept it by re-running with
COMPOUND_DESK_UPDATE_GOLDEN=1, which rewrites the golden files (and says so), then review them.

Every kind in app.printing.KINDS is checked, so a new kind fails here until the fixture district
says which record prints it (fixture_store.records) and its golden text is written.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest

from app.printing import KINDS
from tests.printing.fixture_store import (
    FixtureStore,
    fixture_district,
    layout_text,
    render_to,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "COMPOUND_DESK_UPDATE_GOLDEN"
TODAY_MARK = "〔打印日〕"


def golden_path(kind: str, label: str) -> Path:
    return GOLDEN / (f"{kind}--{label}.txt" if label else f"{kind}.txt")


def today_free(text: str) -> str:
    """A document dated the day it is printed (e.g. the coverage report's 截至) reads the same
    on any day: today's date, written as the documents write it, becomes a mark."""
    from app.agenda_rules import local_today

    for day in {date.today(), local_today()}:
        text = text.replace(f"{day.year}年{day.month}月{day.day}日", TODAY_MARK)
    return text


@pytest.fixture(scope="module")
def shipped_fonts() -> None:
    """The golden texts are laid out with the shipped font, the only one every machine has (a
    system 仿宋 has other widths, so other line breaks)."""
    from app.printing.fonts import register_fonts

    choices = register_fonts(use_system=False)
    system = sorted(f"{c.role}={c.path.name}" for c in choices.values() if not c.shipped)
    if system:
        pytest.fail("the golden texts are laid out with the shipped font, but this process "
                    f"registered system fonts first ({', '.join(system)}): run "
                    "tests/printing/test_golden.py in a process of its own")


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> FixtureStore:
    return fixture_district(tmp_path_factory)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_printed_text_matches_golden(kind: str, district: FixtureStore, shipped_fonts: None,
                                     tmp_path: Path) -> None:
    pairs = district.records.get(kind)
    if not pairs:
        pytest.fail(f"KIND {kind!r} has no record in the fixture district: add one to "
                    "tests/printing/fixture_store.py (records), then write its golden text with "
                    f"{UPDATE_ENV}=1")
    update = os.environ.get(UPDATE_ENV) == "1"
    store = district.open()
    problems: list[str] = []
    try:
        for label, record_id in pairs:
            pdf = render_to(store, kind, record_id, tmp_path / f"{kind}--{label or 'one'}.pdf")
            text = today_free(layout_text(pdf))
            path = golden_path(kind, label)
            if update:
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    path.write_text(text, encoding="utf-8")
                    print(f"{UPDATE_ENV}: rewrote {path.relative_to(GOLDEN.parent)}")
                continue
            if not path.exists():
                problems.append(f"{kind} [{label or '-'}]: no golden text {path.name} — write it "
                                f"with {UPDATE_ENV}=1 and review it")
                continue
            expected = path.read_text(encoding="utf-8")
            if text != expected:
                diff = "\n".join(difflib.unified_diff(
                    expected.splitlines(), text.splitlines(), f"golden/{path.name}",
                    f"printed {kind} {label}".rstrip(), lineterm="", n=2))
                problems.append(f"{kind} [{label or '-'}] differs from golden/{path.name} "
                                f"(accept with {UPDATE_ENV}=1):\n{diff}")
    finally:
        store.close()
    assert not problems, "\n\n".join(problems)


def test_the_fixture_district_prints_the_same_when_built_again(
        district: FixtureStore, shipped_fonts: None, tmp_path: Path) -> None:
    """A second build (other record ids, other moments of the build) prints the same text for
    every record: what differs between two runs can only be the documents' code."""
    from tests.printing.fixture_store import build_store, records

    again = tmp_path / "again"
    again.mkdir()
    built = build_store(again)
    second = FixtureStore(again, built, {})
    store_a, store_b = district.open(), second.open()
    try:
        pairs_b = records(store_b, built)
        differing: list[str] = []
        for kind, pairs in sorted(district.records.items()):
            assert len(pairs_b.get(kind, [])) == len(pairs), f"{kind}: other records on a rebuild"
            for (label, first_id), (_, second_id) in zip(pairs, pairs_b[kind], strict=True):
                one = layout_text(render_to(store_a, kind, first_id, tmp_path / "a.pdf"))
                two = layout_text(render_to(store_b, kind, second_id, tmp_path / "b.pdf"))
                if one != two:
                    diff = "\n".join(difflib.unified_diff(
                        one.splitlines(), two.splitlines(), "first build", "second build",
                        lineterm="", n=1))
                    differing.append(f"{kind} [{label or '-'}]:\n{diff}")
    finally:
        store_a.close()
        store_b.close()
    assert not differing, "the fixture district is not deterministic:\n" + "\n\n".join(differing)


def test_no_golden_text_is_left_without_its_document(district: FixtureStore) -> None:
    """A golden file no KIND/record prints any more (a kind renamed, a label dropped) would be
    read by reviewers as current: it is reported (and removed with COMPOUND_DESK_UPDATE_GOLDEN=1)."""
    wanted = {golden_path(kind, label).name for kind, pairs in district.records.items()
              if kind in KINDS for label, _ in pairs}
    stale = sorted(p for p in GOLDEN.glob("*.txt") if p.name not in wanted)
    if os.environ.get(UPDATE_ENV) == "1":
        for path in stale:
            path.unlink()
            print(f"{UPDATE_ENV}: removed golden/{path.name} (nothing prints it)")
        return
    assert not stale, "golden texts nothing prints any more: " + ", ".join(p.name for p in stale)
