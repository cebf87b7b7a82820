"""The 评分模板 tab on the real page and store (pytest-qt): look at the template, edit an
indicator (in place while unused, a new version once an inspection uses it, past scores kept),
invalid maxima refused as typed, template files imported or refused with the key at fault."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from app import ratings
from db.models import RatingIndicator, RatingInspection, RatingTemplate
from db.store import Store
from tests.ratings.conftest import Place
from tests.ratings.helpers import fill, photo, start
from ui.pages.ratings_page import RatingsPage
from ui.ratings.template_tab import IndicatorDialog, TemplateTab, parse_max_points

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"


def open_tab(qtbot, ui_ctx) -> tuple[RatingsPage, TemplateTab]:  # type: ignore[no-untyped-def]
    page = RatingsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1400, 860)
    page.show()
    qtbot.waitExposed(page)
    page.setCurrentWidget(page.template)
    tab = page.template
    assert tab.view is not None, "the tab loads when shown"
    return page, tab


def stored_template(store: Store) -> str:
    with store.transaction() as session:
        return ratings.current_template(session).id


def finished_inspection(store: Store, place: Place, tmp_path: Path) -> str:
    """A finished inspection on the current template, with 1.5 points taken off A01."""
    with store.transaction() as session:
        inspection_id = start(session, place.compound_id)
        fill(session, inspection_id, tmp_path / "data", photo(tmp_path),
             {"A01": Decimal("0.5")})
        ratings.finish_inspection(session, inspection_id)
    return inspection_id


def counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(RatingTemplate)) or 0,
                session.scalar(select(func.count()).select_from(RatingIndicator)) or 0)


def indicator(store: Store, code: str, template_id: str | None = None) -> ratings.IndicatorSpec:
    with store.session() as session:
        template = (session.get(RatingTemplate, template_id) if template_id
                    else ratings.current_template(session))
        assert template is not None
        return next(i for i in ratings.spec_of(session, template).indicators if i.code == code)


def open_dialog(qtbot, tab: TemplateTab, code: str) -> IndicatorDialog:  # type: ignore[no-untyped-def]
    """Select the indicator and press 编辑指标…, as a supervisor would."""
    assert tab.select(code)
    assert tab.edit_button.isEnabled()
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, IndicatorDialog) and dialog.isVisible()
    return dialog


def set_points(qtbot, dialog: IndicatorDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog.points_edit.selectAll()
    qtbot.keyClicks(dialog.points_edit, text)


def save(qtbot, dialog: IndicatorDialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.save_button.isEnabled(), dialog.points_message.text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def area_row(tab: TemplateTab, code: str) -> list[str]:
    model = tab.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == code)
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_tab_shows_the_template_by_area(qtbot, qtmodeltester, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    page, tab = open_tab(qtbot, ui_ctx)
    assert page.tabText(page.indexOf(tab)) == "评分模板"
    qtmodeltester.check(tab.model)
    assert tab.title.text() == "住宅物业服务星级评价"
    assert tab.meta.text() == "第 1 版 · 8 个方面 58 项指标 · 满分合计 100"
    assert "尚未被评价使用" in tab.usage.text()
    assert "区级设定" in tab.note.text()
    assert tab.model.rowCount() == 8
    assert sum(tab.model.rowCount(tab.model.index(r, 0)) for r in range(8)) == 58
    assert area_row(tab, "A") == ["A", "基础管理（8 项）", "14", "", ""]
    assert area_row(tab, "D")[2] == "8"
    a01 = tab.model.find("A01")
    row = [a01.siblingAtColumn(c).data() for c in range(5)]
    assert row[0] == "A01" and row[2] == "2" and row[3] == "需要"
    assert row[4] == "现场查看公示栏；缺一项扣0.5分，未公示不得分"
    assert not tab.edit_button.isEnabled()  # nothing selected yet
    tab.tree.setCurrentIndex(tab.model.index(0, 0))  # an area is not an indicator
    assert not tab.edit_button.isEnabled()


def test_editing_an_unused_template_edits_it_in_place(qtbot, qtmodeltester, ui_ctx,  # type: ignore[no-untyped-def]
                                                      store: Store) -> None:
    template_id = stored_template(store)
    before_counts = counts(store)
    _page, tab = open_tab(qtbot, ui_ctx)
    dialog = open_dialog(qtbot, tab, "A01")
    assert "尚未被评价使用" in dialog.version_note.text()
    set_points(qtbot, dialog, "2.50")
    assert dialog.points_message.text() == "原满分 2"
    dialog.text_edit.setPlainText("物业服务合同、企业资质公示\n（含投诉电话） ")  # one line kept
    dialog.evidence_box.setChecked(False)
    save(qtbot, dialog)

    edited = indicator(store, "A01", template_id)
    assert (edited.text, edited.max_points, edited.evidence) == (
        "物业服务合同、企业资质公示 （含投诉电话）", Decimal("2.5"), False)
    assert counts(store) == before_counts  # no second version, no extra indicator rows
    with store.session() as session:
        assert ratings.current_template(session).id == template_id
    assert tab.view is not None and tab.view.template_id == template_id
    assert tab.meta.text() == "第 1 版 · 8 个方面 58 项指标 · 满分合计 100.5（不是 100 分：得分率按满分合计计算）"
    assert area_row(tab, "A")[2] == "14.5"
    assert "直接修改" in tab.message.text() and "A01" in tab.message.text()
    assert tab.selected() is not None and tab.selected().code == "A01"  # type: ignore[union-attr]
    qtmodeltester.check(tab.model)


def test_editing_a_used_template_makes_a_new_version_and_keeps_past_scores(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx, store: Store, place: Place, tmp_path: Path) -> None:
    inspection_id = finished_inspection(store, place, tmp_path)
    with store.session() as session:
        old = session.get(RatingInspection, inspection_id)
        assert old is not None
        old_template, kept = old.template_id, (old.total_points, old.percent, old.stars)
        assert ratings.inspection_sheet(session, inspection_id).maximum == Decimal(100)
    page, tab = open_tab(qtbot, ui_ctx)
    assert "已被评价使用" in tab.usage.text()
    index = tab.model.find("A01")
    tab.tree.scrollTo(index)
    centre = tab.tree.visualRect(index).center()
    # a real double-click: the first press selects, the second (a double-click) opens the editor
    qtbot.mouseClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = tab.dialog
    assert isinstance(dialog, IndicatorDialog) and dialog.indicator.code == "A01"
    assert "另存为新版本" in dialog.version_note.text()
    set_points(qtbot, dialog, "3")
    save(qtbot, dialog)

    assert tab.message.text().startswith("模板已被评价使用，已另存为第 2 版；过去的评分不变")
    assert tab.meta.text() == "第 2 版 · 8 个方面 58 项指标 · 满分合计 101（不是 100 分：得分率按满分合计计算）"
    assert "尚未被评价使用" in tab.usage.text()
    assert "第2版" in page.inspection.template_label.text()  # the scoring tab follows
    with store.session() as session:
        current = ratings.current_template(session)
        assert (current.version, current.id != old_template) == (2, True)
        inspection = session.get(RatingInspection, inspection_id)
        assert inspection is not None and inspection.template_id == old_template
        assert (inspection.total_points, inspection.percent, inspection.stars) == kept
        sheet = ratings.inspection_sheet(session, inspection_id)
        assert sheet.maximum == Decimal(100)
        assert next(r for r in sheet.rows if r.code == "A01").max_points == Decimal(2)
    assert indicator(store, "A01").max_points == Decimal(3)
    assert indicator(store, "A01", old_template).max_points == Decimal(2)
    assert [r.template_label for r in page.company.history.rows] == ["住宅物业服务星级评价（第1版）"]


@pytest.mark.parametrize(("typed", "message"), [
    ("0", "满分必须大于 0"),
    ("abc", "“abc”不是数字"),
    ("1.234", "满分最多保留两位小数"),
])
def test_an_invalid_maximum_is_shown_as_typed_and_not_saved(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx, store: Store, typed: str, message: str) -> None:
    stored_template(store)
    before_counts = counts(store)
    _page, tab = open_tab(qtbot, ui_ctx)
    dialog = open_dialog(qtbot, tab, "A01")
    set_points(qtbot, dialog, typed)
    assert dialog.points_message.text() == message
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.points_edit, Qt.Key.Key_Return)  # Enter does not save either
    dialog.try_accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert indicator(store, "A01").max_points == Decimal(2)
    assert counts(store) == before_counts
    assert tab.message.text() == ""
    set_points(qtbot, dialog, "1.25")  # corrected: the message goes, 保存 comes back
    assert dialog.save_button.isEnabled() and dialog.points_message.text() == "原满分 2"


def test_parse_max_points() -> None:
    assert parse_max_points("2.50") == (Decimal("2.5"), "")
    assert str(parse_max_points("10")[0]) == "10"  # never 1E+1 in the store
    assert str(parse_max_points("10.00")[0]) == "10"
    for bad in ("", "-1", "1e1", "NaN", "Infinity", "0.001"):
        assert parse_max_points(bad)[0] is None, bad


def test_saving_without_a_change_writes_nothing(qtbot, ui_ctx, store: Store, place: Place,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    finished_inspection(store, place, tmp_path)
    before_counts = counts(store)
    _page, tab = open_tab(qtbot, ui_ctx)
    save(qtbot, open_dialog(qtbot, tab, "B01"))
    assert tab.message.text() == "指标 B01 没有改动"
    assert counts(store) == before_counts  # an in-use template would otherwise get version 2


def test_an_edit_against_a_replaced_version_is_refused_in_the_dialog(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx, store: Store, place: Place, tmp_path: Path) -> None:
    finished_inspection(store, place, tmp_path)
    _page, tab = open_tab(qtbot, ui_ctx)
    dialog = open_dialog(qtbot, tab, "A01")
    with store.transaction() as session:  # meanwhile (a sync, another window): version 2
        current = ratings.current_template(session)
        ratings.revise_indicator(session, current.id, "A02", guidance="另一处的修改")
    before_counts = counts(store)
    set_points(qtbot, dialog, "3")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text().startswith("评分模板已变为住宅物业服务星级评价（第2版）")
    assert counts(store) == before_counts
    assert indicator(store, "A01").max_points == Decimal(2)


def _template_file(tmp_path: Path, old: str, new: str, name: str = "template.toml") -> Path:
    text = ratings.DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def choose(qtbot, tab: TemplateTab, path: Path) -> None:  # type: ignore[no-untyped-def]
    """导入模板文件… → pick the file in the dialog."""
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    dialog = tab.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(path))
    with qtbot.waitSignal(dialog.fileSelected):
        dialog.accept()


def test_importing_a_bad_file_names_the_key_and_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx, store: Store, tmp_path: Path) -> None:
    template_id = stored_template(store)
    before_counts = counts(store)
    bad = _template_file(tmp_path, 'guidance = "抽查档案；每缺一类扣0.5分"\n', "")
    _page, tab = open_tab(qtbot, ui_ctx)
    choose(qtbot, tab, bad)
    text = tab.message.text()
    assert text.startswith("导入失败，模板没有改动：")
    assert "键 areas[A].indicators[A04].guidance：缺少" in text and str(bad) in text
    assert "b3261e" in tab.message.styleSheet()
    assert counts(store) == before_counts
    assert tab.view is not None and tab.view.template_id == template_id
    assert tab.meta.text().startswith("第 1 版")


def test_importing_a_good_file_makes_it_current(qtbot, ui_ctx, store: Store, place: Place,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    finished_inspection(store, place, tmp_path)  # version 1 is in use
    good = _template_file(tmp_path, 'guidance = "抽查档案；每缺一类扣0.5分"',
                          'guidance = "抽查档案；每缺一类扣0.5分，电子档案亦可"')
    page, tab = open_tab(qtbot, ui_ctx)
    choose(qtbot, tab, good)
    assert tab.message.text().startswith("已导入 template.toml：当前模板为住宅物业服务星级评价（第2版）")
    assert tab.meta.text().startswith("第 2 版")
    assert tab.model.find("A04").siblingAtColumn(4).data() == "抽查档案；每缺一类扣0.5分，电子档案亦可"
    assert "第2版" in page.inspection.template_label.text()
    with store.session() as session:
        assert ratings.current_template(session).version == 2

    # The same file again: nothing to do, and it says so.
    before_counts = counts(store)
    choose(qtbot, tab, good)
    assert "内容相同，没有改动" in tab.message.text()
    assert counts(store) == before_counts

    # A template of another name becomes current as its own version 1.
    other = _template_file(tmp_path, 'name = "住宅物业服务星级评价"', 'name = "商业物业服务星级评价"',
                           "commercial.toml")
    choose(qtbot, tab, other)
    assert tab.title.text() == "商业物业服务星级评价" and tab.meta.text().startswith("第 1 版")
    with store.session() as session:
        assert ratings.template_label(ratings.current_template(session)) == "商业物业服务星级评价（第1版）"


def _grab(widget, name: str) -> Path:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().toImage().save(str(path)), path
    return path


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    return len({image.pixel(x, y) for y in range(0, image.height(), 7)
                for x in range(0, image.width(), 7)})


def test_screenshots(qtbot, ui_ctx, store: Store, place: Place, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The edit dialog on a template in use, refusing a maximum (ratings_template_dialog.png),
    and the tab after an edit made version 2 (ratings_template.png), saved to screenshots/."""
    finished_inspection(store, place, tmp_path)
    _page, tab = open_tab(qtbot, ui_ctx)
    dialog = open_dialog(qtbot, tab, "B05")
    set_points(qtbot, dialog, "1.234")
    qtbot.wait(50)
    shots = [_grab(dialog, "ratings_template_dialog")]
    dialog.reject()
    dialog = open_dialog(qtbot, tab, "C03")
    set_points(qtbot, dialog, "2.5")
    save(qtbot, dialog)
    tab.select("B05")
    qtbot.wait(50)
    shots.append(_grab(tab.window(), "ratings_template"))
    for path in shots:
        assert path.stat().st_size > 10_000
        assert _distinct_colours(path) > 20, f"{path.name} looks blank"


@pytest.mark.parametrize(("role", "may_edit"), [("caseworker", False), ("supervisor", True),
                                                ("", True)])
def test_a_caseworker_logged_in_to_a_server_may_look_but_not_edit(  # type: ignore[no-untyped-def]
    qtbot, ui_ctx, store: Store, role: str, may_edit: bool,
) -> None:
    """The server takes template changes from supervisors only; without a login edits stay local."""
    from app.session import set_setting
    from app.sync.settings import ROLE

    with store.transaction() as session:
        set_setting(session, ROLE, role)
    _page, tab = open_tab(qtbot, ui_ctx)
    tab.select("A01")
    assert tab.edit_button.isEnabled() is may_edit
    assert tab.import_button.isEnabled() is may_edit
    assert ("区级主管" in tab.usage.text()) is not may_edit
    tab.tree.doubleClicked.emit(tab.model.find("A01"))  # double-click opens nothing either
    assert (tab.dialog is not None) is may_edit
    if tab.dialog is not None:
        tab.dialog.reject()
