"""The compound list and detail driven through the real widgets on the small demo district."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app import compounds
from db.models import Community, Compound, LifecycleChange


def add_compound(store, name: str, address: str = "") -> str:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        community = session.scalars(select(Community).order_by(Community.name)).first()
        return compounds.create(session, {"name": name, "community_id": community.id,
                                          "address": address})


def shown_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_search_matches_name_address_and_pinyin(demo_store, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    add_compound(demo_store, "第五园", "布吉街道坂雪岗大道")
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.page("compounds")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    total = page.proxy.rowCount()
    for query in ("dwy", "diwuyuan", "DiWuYuan", "第五", "坂雪岗"):
        window.search_box.setText(query)
        assert "第五园" in shown_names(page), query
        assert page.proxy.rowCount() < total, query
    window.search_box.setText("zzzzqqq")
    assert page.proxy.rowCount() == 0
    window.search_box.clear()
    assert page.proxy.rowCount() == total


def test_filters_agree_with_the_data(window, demo_store) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    rows = page.model.rows
    street_id = rows[0].street_id
    page.street.setCurrentIndex(page.street.findData(street_id))
    assert page.proxy.rowCount() == sum(1 for r in rows if r.street_id == street_id)
    page.coverage.setCurrentIndex(page.coverage.findData("organisational"))
    expected = sum(1 for r in rows if r.street_id == street_id and r.coverage == "organisational")
    assert page.proxy.rowCount() == expected
    page.clear_filters()
    page.acting.setCurrentIndex(page.acting.findData(True))
    with demo_store.session() as session:
        acting = session.scalars(select(Compound).where(
            Compound.residents_committee_acting.is_(True), Compound.deleted_at.is_(None))).all()
    assert page.proxy.rowCount() == len(acting) > 0
    page.clear_filters()
    page.committee.setCurrentIndex(page.committee.findData("active"))
    assert all(page.model.rows[page.proxy.mapToSource(page.proxy.index(r, 0)).row()]
               .committee_status == "active" for r in range(page.proxy.rowCount()))
    page.clear_filters()
    page.stage.setCurrentIndex(page.stage.findData("成熟期"))
    assert page.proxy.rowCount() == sum(1 for r in rows if r.lifecycle_stage == "成熟期")


def select_first(page, qtbot):  # type: ignore[no-untyped-def]
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.compound_id is not None)
    return page.detail.compound_id


def test_invalid_input_is_shown_and_not_saved(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    compound_id = select_first(page, qtbot)
    overview = page.detail.overview
    with demo_store.session() as session:
        before = session.get(Compound, compound_id).households
    overview.households.clear()
    qtbot.keyClicks(overview.households, "12a")
    assert overview.error_labels["households"].isVisibleTo(overview)
    assert overview.error_labels["households"].text() == "应为整数"
    qtbot.keyClick(overview.households, Qt.Key.Key_Return)
    assert overview.households.text() == "12a"  # still shown for the user to correct
    with demo_store.session() as session:
        assert session.get(Compound, compound_id).households == before
    overview.delivered.field.setFocus()
    overview.delivered.field.selectAll()
    qtbot.keyClicks(overview.delivered.field, "20990101")
    qtbot.keyClick(overview.delivered.field, Qt.Key.Key_Return)
    assert overview.errors["delivered_on"] == "future_date"
    overview.name.clear()
    overview.name.editingFinished.emit()
    assert overview.errors["name"] == "required"
    with demo_store.session() as session:
        assert session.get(Compound, compound_id).name != ""
    assert window.ctx.undo_stack.count() == 0


def test_edit_undo_redo_and_lifecycle_history(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    compound_id = select_first(page, qtbot)
    overview = page.detail.overview
    overview.households.setText("4321")
    qtbot.keyClick(overview.households, Qt.Key.Key_Return)

    def households() -> int:
        with demo_store.session() as session:
            return session.get(Compound, compound_id).households

    def row_households() -> int:
        return page.model.rows[page.model.row_of(compound_id)].households

    # saved in the background: the store, then the list row and the detail follow
    qtbot.waitUntil(lambda: households() == 4321 and row_households() == 4321, timeout=10_000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: households() != 4321 and row_households() != 4321, timeout=10_000)
    qtbot.waitUntil(lambda: page.detail.overview.households.text() == str(households()),
                    timeout=10_000)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: households() == 4321, timeout=10_000)

    with demo_store.session() as session:
        old_stage = session.get(Compound, compound_id).lifecycle_stage
    new_stage = "拆迁改造期" if old_stage != "拆迁改造期" else "成熟期"
    overview.stage.setCurrentIndex(overview.stage.findData(new_stage))

    def last_change() -> tuple[str | None, str] | None:
        with demo_store.session() as session:
            changes = session.scalars(select(LifecycleChange).where(
                LifecycleChange.compound_id == compound_id)
                .order_by(LifecycleChange.updated_at)).all()
            return (changes[-1].from_stage, changes[-1].to_stage) if changes else None

    qtbot.waitUntil(lambda: last_change() == (old_stage, new_stage), timeout=10_000)
    history = page.detail.history.model
    qtbot.waitUntil(lambda: any(new_stage in str(record[3]) for record in history.records),
                    timeout=10_000)


def test_create_compound_dialog_validates(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    existing = page.model.rows[0]
    window.new_compound_action.trigger()
    dialog = page.new_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.community.setCurrentIndex(dialog.community.findData(existing.community_id))
    dialog.name.setText(existing.name)
    assert not ok.isEnabled()
    assert "同名" in dialog.problem.text()
    dialog.name.setText("测试新园")
    dialog.households.setText("-3")
    assert not ok.isEnabled()
    dialog.households.setText("300")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "测试新园" in [r.name for r in page.model.rows]
    assert page.detail.title.text() == "测试新园"
    with demo_store.session() as session:
        created = session.scalars(select(Compound).where(Compound.name == "测试新园")).one()
        assert created.households == 300


def test_delete_asks_and_tombstones(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    compound_id = select_first(page, qtbot)
    box = page.delete_selected()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert page.model.row_of(compound_id) >= 0
    box = page.delete_selected()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert page.model.row_of(compound_id) == -1
    with demo_store.session() as session:
        assert session.get(Compound, compound_id).deleted_at is not None


def test_settings_keep_last_page_and_columns(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    first = MainWindow(ctx)
    qtbot.addWidget(first)
    page = first.page("compounds")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    page.view.setColumnWidth(0, 333)
    first.show_page("meetings", {})
    first.save_layout()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.current_key() == "meetings"
    assert second.page("compounds").view.columnWidth(0) == 333


def test_shortcuts_switch_pages_and_focus_search(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "my_work"  # 我的待办 is the first page
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "dashboard"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "compounds"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    # The window's focus widget, not hasFocus(): a busy offscreen test machine may not activate the window.
    assert window.focusWidget() is window.search_box


def test_rating_tab_lists_finished_inspections_and_prints_the_report(window, demo_store,  # type: ignore[no-untyped-def]
                                                                     qtbot) -> None:
    from app import evaluations, ratings
    from db.models import RatingInspection

    page = window.page("compounds")
    with demo_store.session() as session:
        inspected = session.scalars(
            select(RatingInspection.compound_id).where(RatingInspection.status == "final")
        ).first()
        assert inspected is not None, "the small demo has finished inspections"
        history = ratings.compound_history(session, inspected)
        evaluated = evaluations.evaluations_for_compound(session, inspected)
    assert page.select_compound(inspected)
    rating = page.detail.rating
    assert [r.inspection_id for r in rating.model.records] == [r.inspection_id for r in history]
    assert [e.id for e in page.detail.evaluations.model.records] == [e.id for e in evaluated]
    assert rating.print_button is not None and not rating.print_button.isEnabled()
    rating.view.setCurrentIndex(rating.model.index(0, 0))
    assert rating.print_button.isEnabled()
    assert rating.selected_document() == ("rating-report", history[0].inspection_id)
