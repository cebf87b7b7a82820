"""No Chinese on the English UI where the app words things itself: the rules' stage, kind,
meeting type, party and category words, the election buttons, the checkpoint checks, the
dashboard's elections line, the election and meeting lists' kind and stage columns, the stage
strip. Names of compounds and people are data and stay as entered; the Chinese UI keeps the
rules' own words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agenda_rules import load_rules as agenda_rules
from app.elections.checks import candidate_checks, candidates, group_checks, group_members
from app.elections.stages import KIND_NAMES, flow
from app.elections.workflow import MOVE_LABELS
from app.rules import load_rules
from db.models import Election
from tests.ui.conftest import finish_background_work
from ui.elections.common import check_detail, check_title
from ui.terms import term

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from ui import i18n

    i18n.install_translators(qapp, request.param)
    yield request.param
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()
    i18n.install_translators(qapp, "zh_CN")  # back to the default locale for later tests
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()


def _domain_words() -> set[str]:
    rules, agenda = load_rules(), agenda_rules()
    words = set(KIND_NAMES.values()) | set(MOVE_LABELS.values()) | set(rules.kinds.stage_names.values())
    for kind in KIND_NAMES:
        found = flow(kind, rules)
        if found is not None:
            words |= set(found.stage_names.values())
    for table in (agenda.categories, agenda.sources, agenda.roles, agenda.meeting_kinds):
        words |= set(table.values())
    return words


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_every_rules_word_has_english(language: str) -> None:
    chinese = sorted(f"{w} → {term(w)}" for w in _domain_words() if CJK.search(term(w)))
    assert not chinese, "\n".join(chinese)


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_the_chinese_ui_keeps_the_rules_words(language: str) -> None:
    assert all(term(w) == w for w in _domain_words())


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_checkpoint_checks_are_worded_in_english(language: str, demo_store) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules()
    shown = []
    with demo_store.session() as s:
        elections = s.scalars(select(Election).where(Election.deleted_at.is_(None))).all()
        for election in elections[:40]:
            names = {p.name for p in candidates(s, election.id)}
            names |= {m.name for m in group_members(s, election.id)}
            for check in group_checks(s, election, rules) + candidate_checks(s, election, rules):
                detail = check_detail(check)
                for name in sorted(names, key=len, reverse=True):
                    detail = detail.replace(name, "")
                shown += [check_title(check), detail]
    assert shown
    chinese = sorted({t for t in shown if CJK.search(t)})
    assert not chinese, "\n".join(chinese)


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_chinese_checks_read_as_before(language: str, demo_store) -> None:  # type: ignore[no-untyped-def]
    rules = load_rules()
    with demo_store.session() as s:
        election = s.scalars(select(Election).where(Election.kind == "first")).first()
        assert election is not None
        checks = candidate_checks(s, election, rules)
    seats = next(c for c in checks if c.code == "candidates.seats")
    c = rules.committee
    assert check_title(seats) == seats.title == f"业委会 {c.min_size}–{c.max_size} 人且为单数"
    assert check_detail(seats) == seats.detail == f"应选 {election.seats} 名"


def _column(model: Any, header: str) -> list[str]:
    """The shown texts of the column whose header is `header` (its Chinese source)."""
    wanted = {QCoreApplication.translate(context, header) for context in ("Elections", "agenda")}
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) in wanted)
    return [str(model.index(r, column).data() or "") for r in range(model.rowCount())]


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_english_pages_show_no_chinese_words(language: str, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    chinese: list[str] = []

    window.show_page("elections", {})
    elections: Any = window.page("elections")
    qtbot.waitUntil(lambda: elections.model.rowCount() > 0, timeout=20000)
    for header in ("类型", "阶段"):
        chinese += [f"elections {header}: {t}" for t in _column(elections.model, header) if CJK.search(t)]
    elections.view.setCurrentIndex(elections.proxy.index(0, 0))
    panel = elections.panel
    qtbot.waitUntil(lambda: bool(panel.timeline.chips), timeout=20000)
    chinese += [f"stage strip: {c.text()}" for c in panel.timeline.chips if CJK.search(c.text())]
    chinese += [f"button: {b.text()}" for b in panel.move_buttons if CJK.search(b.text())]

    window.show_page("dashboard", {})
    dashboard: Any = window.page("dashboard")
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20000)
    line = dashboard.elections.text()
    assert line.startswith("Elections by stage")
    if CJK.search(line):
        chinese.append(f"dashboard: {line}")

    window.show_page("meetings", {})
    meetings: Any = window.page("meetings")
    qtbot.waitUntil(lambda: meetings.model.rowCount() > 0, timeout=20000)
    kinds = _column(meetings.model, "类型")
    chinese += [f"meetings Type: {t}" for t in kinds if CJK.search(t)]
    finish_background_work()
    assert not chinese, "\n".join(sorted(set(chinese)))


@pytest.mark.parametrize("language", ["zh_CN", "en"], indirect=True)
def test_a_narrow_card_keeps_the_deadline_readable(language: str) -> None:
    from datetime import date

    from PySide6.QtGui import QFont, QFontMetrics

    from ui.agenda.card_delegate import fitted_date_line

    metrics = QFontMetrics(QFont())
    when = QCoreApplication.translate("agenda", "期限 ") + "2026-12-17"
    today = date(2026, 12, 3)
    assert fitted_date_line(when, 1000, metrics, today) == when
    short = fitted_date_line(when, metrics.horizontalAdvance(when) - 1, metrics, today)
    assert short.endswith("12月17日" if language == "zh_CN" else "Dec 17")
    assert "…" not in short
    other_year = when.replace("2026", "2027")
    assert fitted_date_line(other_year, metrics.horizontalAdvance(other_year) - 1, metrics,
                            today) == "2027-12-17"


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_my_work_names_elections_and_meetings_in_english(language: str) -> None:
    from datetime import date

    from app import my_work
    from app.agenda_rules import load_rules as agenda_rules_now
    from app.elections.stages import stages_for
    from app.my_work import WorkRow
    from ui.my_work.model import what_text

    def row(what: str, **params: object) -> WorkRow:
        return WorkRow(what, date(2026, 12, 17), "c", "x", "elections", {}, dict(params))

    rows = [row(my_work.ELECTION_STAGE, kind=kind, stage=stage)
            for kind in KIND_NAMES for stage in stages_for(kind)]
    rows += [row(my_work.FIRST_MEETING, kind=kind) for kind in KIND_NAMES]
    rows += [row(my_work.FILING, kind=kind) for kind in KIND_NAMES]
    rows += [row(my_work.MEETING_PLANNED, kind=kind, title="") for kind in agenda_rules_now().meeting_kinds]
    chinese = sorted({what_text(r) for r in rows if CJK.search(what_text(r))})
    assert not chinese, "\n".join(chinese)


def _outcomes() -> list[Any]:
    """A passed vote, and one failing every count with figures out of order."""
    from decimal import Decimal

    from app.owners_votes.outcome import outcome_of

    rules = load_rules()
    passed = outcome_of(100, Decimal(1000), 80, Decimal(800), 70, Decimal(700), "ordinary", rules)
    failed = outcome_of(100, Decimal(1000), 5, Decimal(50), 9, Decimal(60), "major", rules)
    return [passed, failed]


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_an_owners_vote_outcome_is_worded_in_english(language: str) -> None:
    from ui.owners_votes.labels import outcome_text

    passed, failed = (outcome_text(o) for o in _outcomes())
    assert passed == "Passed"
    assert failed.startswith("Not passed: Figures out of order") and "owners voting below" in failed
    assert not CJK.search(passed + failed), failed


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_an_owners_vote_outcome_reads_in_chinese(language: str) -> None:
    from ui.owners_votes.labels import outcome_text

    passed, failed = (outcome_text(o) for o in _outcomes())
    assert passed == "表决通过"
    assert failed.startswith("未通过：表决数字有误") and "参与表决人数未达 ≥ 2/3" in failed
