"""One compound picker: typed pinyin initials pick the compound they spell, recent compounds come
first, and a dialog that files a record refuses to save until a compound is picked — no record
lands in a compound the caseworker did not choose (the first one in the list, say)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from app.compound_choices import CompoundChoice, compound_choices, ranked
from app.search import pinyin_forms
from db.models import AgendaItem, Election


def _spelled_by_initials(choices: list[CompoundChoice]) -> tuple[CompoundChoice, str]:
    """A compound that is the top hit for its own initials, and not the list's first entry."""
    for choice in choices[1:]:
        initials = pinyin_forms(choice.name)[1]
        hits = ranked(choices, initials)
        if len(initials) >= 3 and hits and hits[0].id == choice.id:
            return choice, initials
    raise AssertionError("no compound of the demo is found first by its initials")


def _agenda_page(window, qtbot):  # type: ignore[no-untyped-def]
    window.show_page("agenda", {})
    page = window.page("agenda")
    qtbot.waitUntil(lambda: page.new_button.isEnabled(), timeout=20000)
    return page


def test_ranking_puts_the_name_before_its_place_and_recent_first(ctx) -> None:  # type: ignore[no-untyped-def]
    with ctx.store.session() as session:
        choices = compound_choices(session)
    target, initials = _spelled_by_initials(choices)
    assert ranked(choices, initials)[0] == target
    assert ranked(choices, target.name)[0] == target
    # the community's name finds its compounds, after any compound named like it
    by_place = ranked(choices, target.community)
    assert target in by_place
    # nothing typed: everything, the recent ones first in the order they were used
    last, before = choices[-1], choices[-2]
    assert ranked(choices, "", recent=[last.id, before.id])[:2] == [last, before]
    assert len(ranked(choices, "")) == len(choices)
    assert ranked(choices, "zzzzqqq") == []


def test_a_new_item_typed_as_initials_lands_in_that_compound(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _agenda_page(window, qtbot)
    dialog = page.new_item()
    picker = dialog.compound
    assert picker.compound_id() is None  # no silent default
    target, initials = _spelled_by_initials(picker.choices)
    picker.edit.setFocus()
    qtbot.keyClicks(picker.edit, initials)
    assert picker.hits[0].id == target.id
    assert picker.completer.popup().isVisible()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)  # Enter takes the highlighted top hit
    assert picker.compound_id() == target.id
    assert picker.edit.text() == target.name
    assert target.street in picker.place.text()  # street and community shown
    assert dialog.isVisible()  # Enter picked; it did not save the dialog
    dialog.title.setText("楼道堆物")  # (QTest types ASCII only; an IME commits Chinese)
    dialog.try_accept()
    assert not dialog.isVisible()
    with window.ctx.store.session() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.title == "楼道堆物")).one()
        assert item.compound_id == target.id

    # the next new item offers the compound just used first
    again = page.new_item()
    assert again.compound.compound_id() is None
    assert again.compound.show_hits("")[0].id == target.id
    again.reject()


def test_saving_without_a_pick_is_refused(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _agenda_page(window, qtbot)
    with window.ctx.store.session() as session:
        before = session.scalar(select(func.count()).select_from(AgendaItem))
    dialog = page.new_item()
    dialog.title.setText("没有小区的事项")
    qtbot.keyClicks(dialog.compound.edit, "qqqqzz")  # matches nothing: nothing picked
    assert dialog.compound.compound_id() is None
    dialog.try_accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "请选择小区" in dialog.error.text()
    with window.ctx.store.session() as session:
        assert session.scalar(select(func.count()).select_from(AgendaItem)) == before
    # a pick clears the old refusal
    dialog.compound.set_compound(dialog.compound.choices[3].id)
    assert not dialog.error.isVisible()
    dialog.reject()


def test_a_new_election_needs_a_picked_compound(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_page("elections", {})
    page = window.page("elections")
    dialog = page.new_election()
    with window.ctx.store.session() as session:
        count = session.scalar(select(func.count()).select_from(Election))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible() and dialog.error.isVisible()
    with window.ctx.store.session() as session:
        assert session.scalar(select(func.count()).select_from(Election)) == count
    target, initials = _spelled_by_initials(dialog.compound.choices)
    qtbot.keyClicks(dialog.compound.edit, initials)
    qtbot.keyClick(dialog.compound.edit, Qt.Key.Key_Return)
    assert dialog.compound_id() == target.id
    ok.click()
    assert not dialog.isVisible()
    QApplication.processEvents()
    with window.ctx.store.session() as session:
        made = session.scalars(select(Election).where(Election.compound_id == target.id,
                                                      Election.deleted_at.is_(None))).all()
    assert made, "the election was not created in the picked compound"


def test_ratings_forms_start_with_no_compound(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from db.models import Evaluation, RatingInspection

    window.show_page("ratings", {})
    page = window.page("ratings")
    with window.ctx.store.session() as session:
        counts = (session.scalar(select(func.count()).select_from(Evaluation)),
                  session.scalar(select(func.count()).select_from(RatingInspection)))
    evaluation = page.evaluation
    assert evaluation.compound.compound_id() is None and evaluation.compound.choices
    evaluation.save()
    assert "请先选择小区" in evaluation.message.text()
    inspection = page.inspection
    assert inspection.compound.compound_id() is None
    inspection.start()
    assert "请选择小区" in inspection.message.text() and inspection.form is None
    with window.ctx.store.session() as session:
        assert counts == (session.scalar(select(func.count()).select_from(Evaluation)),
                          session.scalar(select(func.count()).select_from(RatingInspection)))
    # a pick shows that compound's evaluations
    target = evaluation.compound.choices[0]
    evaluation.compound.set_compound(target.id)
    assert evaluation.compound.edit.text() == target.name
