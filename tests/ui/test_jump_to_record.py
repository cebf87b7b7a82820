"""From a finding or an election to the record it is about, by keyboard: Enter on an audit
finding opens its election, or its compound at the tab that holds the record; a tallied election
offers the way to its new committee, where the first meeting and the filing are registered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from db.models import Election
from tests.ui.test_audit_page import break_an_answer, open_audit


def test_enter_on_a_finding_opens_its_compound_at_the_agenda_tab(window, qtbot) -> None:
    page = open_audit(window, qtbot)
    _name, compound_id = break_an_answer(window)
    window.ctx.changed("agenda_items")
    qtbot.waitUntil(lambda: page.report is not None and not page.report.ok and not page.running,
                    timeout=60000)
    page.show_what.setCurrentIndex(page.show_what.findData("violation"))
    view = page.finding_view
    view.setCurrentIndex(page.findings.index(0, 0))
    assert page.findings.record(0).subject.kind == "agenda_item"
    QTest.keyClick(view, Qt.Key.Key_Return)
    compounds = window.page("compounds")
    assert window.current_key() == "compounds"
    assert compounds.detail.compound_id == compound_id
    assert compounds.detail.tabs.currentWidget() is compounds.detail.agenda


def test_a_finding_on_an_election_opens_it(window, qtbot) -> None:
    page = open_audit(window, qtbot)
    with window.ctx.store.session() as session:
        election_id = session.scalars(select(Election.id).order_by(Election.id)).first()
    from app.audit.findings import Subject

    page.open_subject(Subject("election", str(election_id), "x"))
    assert window.current_key() == "elections"
    assert window.page("elections").panel.election_id == election_id


def test_a_tallied_election_leads_to_its_committee(window, qtbot) -> None:
    with window.ctx.store.session() as session:
        election = session.scalars(select(Election).where(Election.stage == "tallied")
                                   .order_by(Election.id)).first()
        assert election is not None
        election_id, compound_id = election.id, election.compound_id
    window.show_page("elections", {"election_id": election_id})
    panel = window.page("elections").panel
    assert panel.election_id == election_id
    button = panel.committee_button
    assert button.isVisibleTo(panel)
    assert "本届业委会" in button.text()
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    compounds = window.page("compounds")
    assert window.current_key() == "compounds"
    assert compounds.detail.compound_id == compound_id
    assert compounds.detail.tabs.currentWidget() is compounds.detail.sitting


def test_an_election_before_its_tally_has_no_committee_button(window, qtbot) -> None:
    with window.ctx.store.session() as session:
        election_id = session.scalars(select(Election.id).where(Election.stage == "voting")
                                      .order_by(Election.id)).first()
    window.show_page("elections", {"election_id": election_id})
    assert not window.page("elections").panel.committee_button.isVisibleTo(
        window.page("elections").panel)
