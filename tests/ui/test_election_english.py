"""The ballot entry and tally of an election on the English UI: the legal share is worded in
English (it was the rules' Chinese), the tab is "Tally" (not the stage "Tallied") and the
candidates' line reads "Candidates: 1. …"; the Chinese UI reads as before."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from db.models import Election

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    from ui import i18n

    i18n.install_translators(qapp, request.param)
    yield request.param
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()


def _voting_panel(ctx, qtbot):
    from ui.elections.panel import ElectionPanel

    with ctx.store.session() as session:
        election_id = session.scalars(select(Election.id).where(Election.stage == "voting")).first()
    assert election_id is not None
    panel = ElectionPanel(ctx, date.today)
    qtbot.addWidget(panel)
    panel.load(election_id)
    qtbot.waitUntil(lambda: panel.tally.model.records != [], timeout=20000)
    return panel


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_the_tally_and_entry_read_in_english(language: str, ctx, qtbot) -> None:
    panel = _voting_panel(ctx, qtbot)
    summary = panel.tally.summary.text()
    share = re.search(r"[≥>] \d+/\d+ \((inclusive|exclusive)\)", summary)
    assert share is not None, summary
    names = {c.name for c in panel.view_data.candidates}
    lines = summary.splitlines()
    assert not [line for line in lines[:2] if CJK.search(line)], summary
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.tally)) == "Tally"
    listing = panel.ballots.candidates_label.text()
    assert listing.startswith("Candidates: 1. ")
    assert not CJK.search(re.sub("|".join(map(re.escape, names)), "", listing))


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_the_chinese_tally_reads_as_before(language: str, ctx, qtbot) -> None:
    panel = _voting_panel(ctx, qtbot)
    assert re.search(r"[≥>] \d+/\d+（(以上，含本数|不含本数)）", panel.tally.summary.text())
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.tally)) == "计票"
    assert panel.ballots.candidates_label.text().startswith("候选人：1. ")


@pytest.mark.parametrize("language", ["en", "zh_CN"], indirect=True)
def test_the_panel_title_and_tabs_fit_a_laptop_screen(language: str, window, qtbot) -> None:
    window.resize(1366, 768)
    window.show_page("elections", {})
    page = window.page("elections")
    voting = next(page.model.record(r).election_id for r in range(page.model.rowCount())
                  if page.model.record(r).stage == "voting")
    page.select(voting)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view_data is not None and panel.view_data.election.id == voting)
    QApplication.processEvents()
    bar = panel.tabs.tabBar()
    shown = [i for i in range(bar.count()) if bar.isTabVisible(i)]
    assert max(bar.tabRect(i).right() for i in shown) <= bar.width(), [
        bar.tabText(i) for i in shown]  # every tab's name in full, no scroll arrows
    line = panel.title.fontMetrics().lineSpacing()
    assert panel.title.height() < 2 * line, panel.title.text()  # one line, not broken mid-phrase


@pytest.mark.parametrize("language", ["en", "zh_CN"], indirect=True)
def test_every_column_of_the_checks_is_in_view(language: str, window, qtbot) -> None:
    """情况 and 依据 wrap beside 结果 and 条件 (依据 was pushed off to the right, 情况 cut)."""
    window.resize(1366, 768)
    window.show_page("elections", {})
    page = window.page("elections")
    at_checkpoint = next(page.model.record(r).election_id for r in range(page.model.rowCount())
                         if page.model.record(r).stage.startswith("checkpoint"))
    page.select(at_checkpoint)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.view_data is not None and panel.checks.records != [])
    panel.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    view = panel.checks_view
    header = view.horizontalHeader()
    assert header.length() <= view.viewport().width()
    assert min(header.sectionSize(c) for c in range(header.count())) > 40
    basis = view.model().index(0, 3).data()
    assert basis.startswith(("Statutory: ", "District setting: ") if language == "en"
                            else ("法定：", "区设置："))


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_a_re_election_names_its_group_in_english(language: str, ctx, qtbot) -> None:
    """换届小组 (a rules word) on the group tab and in the 打印 menu: it stayed Chinese."""
    from app.elections.stages import organiser
    from ui.elections.panel import ElectionPanel

    with ctx.store.session() as session:
        rows = session.execute(select(Election.id, Election.kind)).all()
    election_id = next(eid for eid, kind in rows if organiser(kind) == "换届小组")
    panel = ElectionPanel(ctx, date.today)
    qtbot.addWidget(panel)
    panel.load(election_id)
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.group_page)) == "Re-election group"
    notice = panel.print_button.actions_by_kind["preparatory-notice"].text()
    assert notice.startswith("Print Re-election group formation notice"), notice


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_a_re_election_names_its_checkpoints_in_english(language: str, ctx, qtbot) -> None:
    """换届时机关 and the other rules' checkpoint names, and a sign-off's status and signature
    (有效, 签名有效): the application tab's box and the review record were Chinese on the English UI."""
    from app.elections.stages import checkpoint_name
    from ui.elections.panel import ElectionPanel

    with ctx.store.session() as session:
        rows = session.execute(select(Election.id, Election.kind)).all()
    panel = ElectionPanel(ctx, date.today)
    qtbot.addWidget(panel)
    checked = 0
    for election_id, kind in rows:
        panel.load(election_id)
        assert not CJK.search(panel.facts.title()), panel.facts.title()
        for row in range(panel.history.rowCount()):  # all but the signer and the comment
            cells = [panel.history.index(row, column).data() for column in (0, 1, 3, 4, 5)]
            assert not CJK.search(" ".join(cells)), cells
            checked += checkpoint_name("timing", kind) != "筹备时机关"
    assert checked  # a re-election's review record was read
