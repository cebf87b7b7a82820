"""业主表决 dialog: a figure left empty or mistyped is refused naming the field in Chinese — never
the stored key (voted_owners) — with the field marked and focused; Enter saves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.errors import BadInput
from app.owners_votes.records import VoteInput
from app.rules import load_rules
from ui.owners_votes.vote_dialog import ERROR_STYLE, FIGURES, OwnersVoteDialog


def _dialog(qtbot, run):
    base = VoteInput(compound_id="c", subject="agenda", title="续聘物业服务企业", matter="ordinary",
                     agenda_item_id="i")
    dialog = OwnersVoteDialog(load_rules(), base, (79, Decimal("8244.72")), date(2026, 12, 3), run,
                              ("agenda",))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _fill(dialog, **figures: str) -> None:
    for name, text in figures.items():
        dialog.figures[name].setText(text)


def test_a_mistyped_figure_is_named_in_chinese(qtbot) -> None:
    def run(data: VoteInput) -> None:
        from app.owners_votes.records import _count

        _count(data.voted_owners or "", "voted_owners")

    dialog = _dialog(qtbot, run)
    _fill(dialog, voted_owners="七十", voted_area_m2="7000", yes_owners="60", yes_area_m2="6000")
    dialog.try_accept()
    assert dialog.isVisible()
    text = dialog.error.text()
    assert "参与表决人数" in text and "七十" in text
    assert "voted_owners" not in text and "（" not in text.split("“")[0]
    assert dialog.figures["voted_owners"].styleSheet() == ERROR_STYLE


@pytest.mark.parametrize("empty", ["voted_owners", "voted_area_m2", "yes_owners", "yes_area_m2"])
def test_an_empty_figure_is_asked_for_not_taken_as_zero(qtbot, empty: str) -> None:
    saved: list[VoteInput] = []
    dialog = _dialog(qtbot, saved.append)
    figures = {"voted_owners": "70", "voted_area_m2": "7000", "yes_owners": "60",
               "yes_area_m2": "6000"}
    figures[empty] = ""
    _fill(dialog, **figures)
    QTest.keyClick(dialog.figures["voted_owners"], Qt.Key.Key_Return)
    assert saved == [] and dialog.isVisible()
    assert dialog.error.text().startswith("请填写")
    assert empty not in dialog.error.text()
    assert dialog.figures[empty].styleSheet() == ERROR_STYLE
    assert dialog.focusWidget() is dialog.figures[empty]


def test_enter_saves_a_complete_vote(qtbot) -> None:
    saved: list[VoteInput] = []
    dialog = _dialog(qtbot, saved.append)
    _fill(dialog, voted_owners="70", voted_area_m2="7000", yes_owners="60", yes_area_m2="6000")
    QTest.keyClick(dialog.figures["yes_area_m2"], Qt.Key.Key_Return)
    assert len(saved) == 1 and not dialog.isVisible()
    assert set(FIGURES) >= {"voted_owners", "yes_area_m2"}


def test_bad_input_without_a_field_is_shown_as_is(qtbot) -> None:
    def run(_data: VoteInput) -> None:
        raise BadInput("这个小区已删除")

    dialog = _dialog(qtbot, run)
    _fill(dialog, voted_owners="70", voted_area_m2="7000", yes_owners="60", yes_area_m2="6000")
    dialog.try_accept()
    assert dialog.error.text() == "这个小区已删除"


def test_enter_on_a_listed_vote_opens_it_for_correction(window, qtbot) -> None:
    from sqlalchemy import select

    from db.models import OwnersVote
    from ui.owners_votes.votes_box import VotesBox

    with window.ctx.store.session() as session:
        compound_id = session.scalars(select(OwnersVote.compound_id).order_by(OwnersVote.id)).first()
    assert compound_id is not None
    box = VotesBox(window.ctx.store, load_rules, lambda: date(2026, 12, 3))
    qtbot.addWidget(box)
    box.show_compound(compound_id)
    box.show()
    assert box.list.count() >= 1
    box.list.setCurrentRow(0)
    box.list.setFocus()
    QTest.keyClick(box.list, Qt.Key.Key_Return)
    assert box.dialog is not None and box.dialog.isVisible()
    assert box.dialog.windowTitle() == "更正业主表决结果"
    box.dialog.reject()
