"""Branch create/link through the party tab, and the dashboard against app.dashboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app import dashboard as figures
from app.coverage import coverage_by_compound
from db.models import Compound, PartyMember
from ui.pages.dashboard_page import VALUE_ROLE


def uncovered_pair(page):  # type: ignore[no-untyped-def]
    """Two compounds of one community, the first not organisationally covered."""
    by_community: dict[str, list] = {}
    for row in page.model.rows:
        by_community.setdefault(row.community_id, []).append(row)
    for rows in by_community.values():
        loose = [r for r in rows if r.coverage != "organisational"]
        if loose and len(rows) >= 2:
            other = next(r for r in rows if r.id != loose[0].id)
            return loose[0], other
    raise AssertionError("the demo has no community with an uncovered compound")


def test_joint_branch_create_and_member_link(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    target, neighbour = uncovered_pair(page)
    assert page.select_compound(target.id)
    tab = page.detail.party
    dialog = tab.open_branch_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.kind.setCurrentIndex(dialog.kind.findData("joint"))
    assert not ok.isEnabled()  # a joint branch needs two compounds
    assert "至少 2" in dialog.problem.text()
    dialog.set_checked([target.id, neighbour.id])
    dialog.name.setText("测试联合党支部")
    dialog.secretary.setText("王书记")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert [b.name for b in tab.branches.records] == ["测试联合党支部"]
    qtbot.waitUntil(lambda: page.model.rows[page.model.row_of(target.id)].coverage
                    == "organisational", timeout=10000)
    with demo_store.session() as session:
        coverage = coverage_by_compound(session)
    assert coverage[target.id] == coverage[neighbour.id] == "organisational"

    member_dialog = tab.open_member_dialog()
    member_dialog.name.setText("李党员")
    member_dialog.building.setText("3栋")
    member_dialog.on_committee.setChecked(True)
    member_dialog.accept()
    row = next(i for i, m in enumerate(tab.members.records) if m.name == "李党员")
    tab.member_view.selectRow(row)
    link = tab.open_link_dialog()
    link.branch.setCurrentIndex(link.branch.findText("测试联合党支部"))
    link.found_via.setCurrentIndex(link.found_via.findData("member_reported"))
    link.accept()
    with demo_store.session() as session:
        member = session.scalars(select(PartyMember).where(PartyMember.name == "李党员")).one()
        assert member.branch_id is not None and member.found_via == "member_reported"
        assert member.on_committee and member.compound_id == target.id
    row = next(i for i, m in enumerate(tab.members.records) if m.name == "李党员")
    tab.member_view.selectRow(row)
    tab.unlink_selected()
    with demo_store.session() as session:
        member = session.scalars(select(PartyMember).where(PartyMember.name == "李党员")).one()
        assert member.branch_id is None


def test_member_with_bad_phone_is_refused(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    tab = page.detail.party
    dialog = tab.open_member_dialog()
    dialog.name.setText("赵某")
    dialog.phone.setText("call me")
    dialog.accept()
    assert dialog.isVisible() and "电话" in dialog.problem.text()
    with demo_store.session() as session:
        assert session.scalars(select(PartyMember).where(PartyMember.name == "赵某")).first() is None


def dashboard_page(window, qtbot):  # type: ignore[no-untyped-def]
    window.show_page("dashboard", {})
    page = window.page("dashboard")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    return page


def test_dashboard_numbers_equal_app(window, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = dashboard_page(window, qtbot)
    with demo_store.session() as session:
        expected = figures.table_rows(figures.compute(session))
    shown = [[page.model.index(r, c).data(VALUE_ROLE)
              for c in range(page.model.columnCount())] for r in range(page.model.rowCount())]
    assert shown == expected
    total = expected[-1]
    with demo_store.session() as session:
        live = session.scalars(select(Compound).where(Compound.deleted_at.is_(None))).all()
    assert total[2] == len(live)
    assert page.coverage_sets["organisational"].count() == len(page.board.streets)
    assert sum(page.coverage_sets["organisational"].at(i)
               for i in range(len(page.board.streets))) == total[3]


def test_bar_click_opens_filtered_compounds(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = dashboard_page(window, qtbot)
    page.coverage_sets["work"].clicked.emit(0)
    assert window.current_key() == "compounds"
    compounds_page = window.page("compounds")
    street = page.board.streets[0]
    rows = [compounds_page.model.rows[compounds_page.proxy.mapToSource(
        compounds_page.proxy.index(r, 0)).row()] for r in range(compounds_page.proxy.rowCount())]
    assert len(rows) == street.work
    assert all(r.street_id == street.street_id and r.coverage == "work" for r in rows)


def test_dashboard_exports_xlsx(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    page = dashboard_page(window, qtbot)
    target = tmp_path / "总览.xlsx"
    task = page.export_to(target)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert task.succeeded, task.error
    sheet = load_workbook(target).active
    values = [["" if cell.value is None else cell.value for cell in row]
              for row in sheet.iter_rows()]
    assert values[0][:3] == ["街道", "社区", "小区数"]
    assert values[1:] == figures.table_rows(page.board)


def test_dashboard_shows_agenda_and_evaluation_figures_of_their_areas(window, demo_store,  # type: ignore[no-untyped-def]
                                                                      qtbot) -> None:
    from app.agenda_stats import agenda_figures
    from app.dashboard import evaluation_year
    from app.evaluations import dashboard_figures

    page = dashboard_page(window, qtbot)
    board = page.board
    with demo_store.session() as session:
        agenda = agenda_figures(session, today=board.today)
        evaluated = dashboard_figures(session, evaluation_year(session, board.today))
    assert board.total.agenda_items == sum(f.total for f in agenda) > 0
    assert board.total.open_agenda == sum(f.open for f in agenda)
    assert board.total.overdue_agenda == sum(f.overdue for f in agenda)
    assert board.total.answered_agenda == sum(f.answered for f in agenda)
    assert board.evaluations == evaluated and evaluated.committee_evaluated > 0
    assert f"已回音 {board.total.answered_agenda} 件" in page.agenda_summary.text()
    assert f"已评价业委会 {evaluated.committee_evaluated} 个" in page.evaluation_summary.text()


def test_dashboard_prints_the_coverage_report_of_the_selected_street(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.printing import preview

    page = dashboard_page(window, qtbot)
    assert not page.print_button.isEnabled()
    page.table.setCurrentIndex(page.model.index(0, 0))
    street_id = page.board.streets[0].street_id
    assert page.selected_street() == street_id and page.print_button.isEnabled()
    before = set(preview._open_windows)
    task = page.print_coverage()
    qtbot.waitUntil(lambda: task.done, timeout=30000)
    assert task.succeeded
    opened = set(preview._open_windows) - before
    assert len(opened) == 1
    window_shown = opened.pop()
    assert window_shown.pdf.startswith(b"%PDF")
    window_shown.close()
