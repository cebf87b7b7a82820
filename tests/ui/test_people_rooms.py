"""The group and candidate editors' room picker (ui/elections/people.py) is refilled only when
the register changes: the panel re-reads the election after every ballot, and a room being
picked in the form stays picked through such a reload."""

from __future__ import annotations

from decimal import Decimal

from app.elections.register import Owner
from ui.elections.people import CandidateEditor, GroupEditor


def register(n: int) -> list[Owner]:
    return [Owner(f"k{i}", f"业主{i}", (f"1-{101 + i}",), Decimal("80"), (f"u{i}",))
            for i in range(n)]


def test_a_picked_room_survives_a_reload_of_the_same_register(qtbot) -> None:
    for editor in (GroupEditor(lambda _f, _r: True, lambda _r: True),
                   CandidateEditor(lambda _f, _r: True, lambda _r: True)):
        qtbot.addWidget(editor)
        editor.set_rows([], register(5))
        editor.room.setCurrentIndex(editor.room.findData("u3"))
        editor.set_rows([], register(5))  # re-read after a ballot: equal, not the same list
        assert editor.room.currentData() == "u3"
        assert editor.room.count() == 6  # 不在名册 and five rooms


def test_a_changed_register_refills_the_picker(qtbot) -> None:
    editor = GroupEditor(lambda _f, _r: True, lambda _r: True)
    qtbot.addWidget(editor)
    editor.set_rows([], register(5))
    editor.set_rows([], register(7))  # another compound's election, or owners imported
    assert editor.room.count() == 8
    assert editor.room.findData("u6") >= 0
