"""审计 page: the small demo obeys the rules (no finding, every compound ✓); a record broken past
the services shows up — compound, record, rule and source — with the compound's badge and the
navigation's count, after the data-changed signal (issue 14, "`audit`: the records obey the
rules": the same findings show in the UI)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.agenda_rules import local_today
from db.models import AgendaItem


def open_audit(window, qtbot):  # type: ignore[no-untyped-def]
    """Show the page (built on first show) and wait for its first audit."""
    from ui.pages.audit_page import AuditPage

    with qtbot.waitSignal(window.ctx.bus.show_page, timeout=1000):
        window.ctx.bus.show_page.emit("audit", {})
    page = window.page("audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.report is not None and not page.running, timeout=60000)
    return page


def break_an_answer(window) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """An item answered without saying how residents were told (written past the services);
    returns its compound's name and id."""
    with window.ctx.store.transaction() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.stage == "answered")
                               .order_by(AgendaItem.id)).first()
        assert item is not None
        item.answer_method = ""
        item.answered_on = item.answered_on or local_today() - timedelta(days=1)
        from db.models import Compound

        compound = session.get(Compound, item.compound_id)
        assert compound is not None
        return compound.name, compound.id


def test_the_demo_audits_clean(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.pages import PAGE_KEYS

    page = open_audit(window, qtbot)
    assert page.report.ok, [f.code for f in page.report.violations[:5]]
    assert "全部符合规则" in page.summary.text()
    assert all(f.severity == "info" for f in page.visible_findings())  # a by-election under way
    badges = [page.compounds.index(r, 1).data() for r in range(page.compounds.rowCount())]
    assert badges and set(badges) == {"✓"}  # no compound has a violation
    assert window.nav.item(PAGE_KEYS.index("audit")).text() == "审计"  # no count: no badge


def test_a_broken_record_shows_with_its_rule_badge_and_count(window, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from ui.pages import PAGE_KEYS

    page = open_audit(window, qtbot)
    compound, _ = break_an_answer(window)
    with qtbot.waitSignal(page.audited, timeout=60000) as blocker:
        window.ctx.changed("agenda_items")
    assert blocker.args == [1]
    assert "发现 1 处违规" in page.summary.text()
    page.show_what.setCurrentIndex(page.show_what.findData("violation"))
    rows = [[page.findings.index(r, c).data() for c in range(page.findings.columnCount())]
            for r in range(page.findings.rowCount())]
    assert len(rows) == 1
    kind, where, record, problem, source, code = rows[0]
    assert (kind, where, code) == ("违规", compound, "agenda.answer_method_missing")
    assert record.startswith("议事事项“") and "答复方式" in problem and "（待核实）" in source
    badges = {page.compounds.index(r, 0).data(): page.compounds.index(r, 1).data()
              for r in range(page.compounds.rowCount())}
    assert badges[compound] == "1" and badges["全部小区"] == "1"
    assert window.nav.item(PAGE_KEYS.index("audit")).text() == "审计（1）"
    page.finding_view.selectRow(0)
    assert "依据（区设置）" in page.detail.text() and compound in page.detail.text()
    page.apply_filters({"compound": "没有这个小区"})
    assert page.findings.rowCount() == 0
    page.apply_filters({"compound": compound})
    assert page.findings.rowCount() == 1
    page.show_what.setCurrentIndex(page.show_what.findData("info"))
    assert page.findings.rowCount() == 0  # the compound's only finding is its violation
    page.apply_filters({"compound": ""})
    assert all(page.findings.index(r, 0).data() == "说明" for r in range(page.findings.rowCount()))
    qtmodeltester.check(page.findings)
    qtmodeltester.check(page.compounds)


def test_the_compound_shows_its_badge_and_opens_its_findings(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    compound, compound_id = break_an_answer(window)
    window.ctx.changed("agenda_items")  # as every edit says it
    page = window.page("compounds")
    assert page.select_compound(compound_id)
    badge = page.detail.audit_badge
    qtbot.waitUntil(lambda: badge.isVisible() and "违规" in badge.text(), timeout=60000)
    assert badge.text() == "审计：1 处违规"
    from ui.pages import PAGE_KEYS

    assert window.nav.item(PAGE_KEYS.index("audit")).text() == "审计（1）"
    badge.click()
    audit = window.page("audit")
    assert window.current_key() == "audit" and audit.compound == compound
    qtbot.waitUntil(lambda: audit.report is not None and not audit.running, timeout=60000)
    assert [audit.findings.index(r, 1).data() for r in range(audit.findings.rowCount())] == [compound]
    other = next(c for c in (audit.compounds.index(r, 0).data()
                             for r in range(audit.compounds.rowCount())) if c != compound)
    assert other == "全部小区"
