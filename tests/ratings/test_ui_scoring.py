"""One full inspection by keyboard only, on the real page and store (pytest-qt).

Every key goes to whichever widget has the focus, so the test also proves the focus moves the
way a caseworker expects: points → Enter → next indicator; a deduction → its note → next.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from sqlalchemy import select

from app import ratings
from db.models import Attachment, RatingInspection
from db.store import Store
from tests.ratings.conftest import Place
from tests.ratings.helpers import photo
from ui.pages.ratings_page import RatingsPage, create_page
from ui.ratings.scoring import ScoringForm

DEDUCTIONS = {"C03": ("1", "3栋垃圾桶满溢"), "B05": ("0.5", "2栋架空层飞线充电")}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """ASCII as key clicks; Chinese as an input method commits it (QTest cannot click 李)."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), key, modifier)


def choose_file_by_keyboard(qtbot, form: ScoringForm, path: Path) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = form.evidence_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    assert isinstance(focused(), QLineEdit)  # the dialog opens with the cursor in "file name"
    type_keys(qtbot, str(path))
    with qtbot.waitSignal(dialog.filesSelected):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.points_edit)


def test_full_inspection_by_keyboard(qtbot, qtmodeltester, ui_ctx, store: Store,  # type: ignore[no-untyped-def]
                                     place: Place, tmp_path: Path) -> None:
    evidence = photo(tmp_path, "现场照片.jpg")
    page = create_page(ui_ctx)
    assert isinstance(page, RatingsPage)
    qtbot.addWidget(page)
    page.resize(1400, 860)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    for model in (page.ranking.model, page.company.history, page.company.trend,
                  page.evaluation.history):
        qtmodeltester.check(model)

    tab = page.inspection
    tab.compound.setFocus()  # the compound is picked, never taken by default
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.compound.edit)
    qtbot.keyClicks(tab.compound.edit, "dwy")
    press(qtbot, Qt.Key.Key_Return)
    assert tab.compound.compound_id() == place.compound_id
    tab.inspector.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.inspector)
    tab.inspector.selectAll()
    type_keys(qtbot, "李四")
    press(qtbot, Qt.Key.Key_Return)  # start
    form = tab.form
    assert isinstance(form, ScoringForm)
    qtmodeltester.check(form.model)
    assert focused() is form.points_edit and form.row.code == "A01"

    # Validation as typed: above the maximum is shown and Enter does not move on.
    type_keys(qtbot, "5")
    assert form.points_message.text() == "得分 5 超过满分 2"
    press(qtbot, Qt.Key.Key_Return)
    assert form.row.code == "A01" and focused() is form.points_edit
    press(qtbot, Qt.Key.Key_Backspace)

    skipped_evidence = "C01"
    for row in list(form.sheet.rows):
        assert form.row.code == row.code and focused() is form.points_edit
        points, note = DEDUCTIONS.get(row.code, (str(row.max_points), ""))
        type_keys(qtbot, points)
        if row.evidence_required and row.code != skipped_evidence:
            choose_file_by_keyboard(qtbot, form, evidence)
        press(qtbot, Qt.Key.Key_Return)
        if note:
            assert focused() is form.note_edit
            press(qtbot, Qt.Key.Key_Tab)  # a deduction without a note is refused
            assert "请写明扣分原因" in form.points_message.text() and focused() is form.note_edit
            type_keys(qtbot, note)
            press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.finish_button
    qtmodeltester.check(form.model)

    # Finishing is refused while C01 lacks its required photo; the form jumps there.
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "C01 需要证据照片" in form.problems_label.text()
    assert form.row.code == "C01" and focused() is form.points_edit
    choose_file_by_keyboard(qtbot, form, evidence)
    with qtbot.waitSignal(form.finished):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "97.5 分" in form.problems_label.text() and "★★★★★" in form.problems_label.text()

    with store.session() as session:
        inspection = session.get(RatingInspection, form.inspection_id)
        assert inspection is not None
        assert (inspection.status, inspection.total_points, inspection.stars,
                inspection.inspector) == ("final", Decimal("97.5"), 5, "李四")
        assert inspection.inspected_on == date.today()
        sheet = ratings.inspection_sheet(session, form.inspection_id)
        notes = {r.code: r.note for r in sheet.rows if r.note}
        assert notes == {code: note for code, (_p, note) in DEDUCTIONS.items()}
        required = sum(r.evidence_required for r in sheet.rows)
        attached = session.scalars(select(Attachment)).all()
        assert len(attached) == required and {a.filename for a in attached} == {"现场照片.jpg"}

    # The finished inspection shows in the street ranking and the company's history.
    assert [r.row.compound_name for r in page.ranking.model.rows] == ["第五园一期"]
    assert len(page.company.history.rows) == 1
    qtmodeltester.check(page.ranking.model)
    qtmodeltester.check(page.company.trend)


def test_agenda_items_shown_beside_the_cleaning_area(qtbot, ui_ctx, store: Store,  # type: ignore[no-untyped-def]
                                                     place: Place) -> None:
    with store.transaction() as session:
        inspection_id = ratings.start_inspection(
            session, compound_id=place.compound_id, inspected_on=date(2026, 3, 10),
            inspector="李四").id
    form = ScoringForm(store, ui_ctx.data_dir, inspection_id, today=date(2026, 3, 10))
    qtbot.addWidget(form)
    form.go_to(next(i for i, r in enumerate(form.sheet.rows) if r.code == "C03"))
    assert "3栋垃圾桶满溢" in form.links_label.text() and "逾期" in form.links_label.text()
    assert "已回复的卫生问题" not in form.links_label.text()
    form.go_to(next(i for i, r in enumerate(form.sheet.rows) if r.code == "D01"))
    assert "没有未办结的绿化类事项" in form.links_label.text()
