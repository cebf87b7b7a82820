"""The shell's parts: item models under qtmodeltester, the background helper, the welcome page,
translations, and the pure app/ pieces the shell relies on (coverage, pinyin keys)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication
from shiboken6 import isValid

from app import compounds, party
from app.coverage import ORGANISATIONAL, UNCOVERED, WORK, classify, coverage_by_compound
from app.errors import BadInput, Cancelled
from app.progress import check_cancelled
from app.search import matches, search_key
from db.models import Community, Street
from ui.operations import run_in_background, running_tasks


def test_item_models_pass_qtmodeltester(window, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = window.page("compounds")
    qtmodeltester.check(page.model)
    page.set_search_text("yuan")
    qtmodeltester.check(page.proxy)
    page.view.setCurrentIndex(page.proxy.index(0, 0))
    detail = page.detail
    for model in (detail.party.branches, detail.party.members, detail.committee.model,
                  detail.agenda.model, detail.rating.model, detail.history.model):
        qtmodeltester.check(model)
    window.show_page("dashboard", {})
    dashboard = window.page("dashboard")
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20000)
    qtmodeltester.check(dashboard.model)


def test_background_helper_delivers_result_error_and_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}
    main_thread = threading.get_ident()

    def ok(progress):  # type: ignore[no-untyped-def]
        progress.report(1, 2, "half")
        return threading.get_ident()

    def got(value: object) -> None:
        seen["worker"] = value
        seen["delivered_on"] = threading.get_ident()

    task = run_in_background(ok, got, show_progress=False)
    qtbot.waitUntil(lambda: task.done)
    assert seen["worker"] != main_thread and seen["delivered_on"] == main_thread

    def bad(_progress):  # type: ignore[no-untyped-def]
        raise BadInput("文件 x.csv 第 3 行：户数应为整数")

    errors: list[BaseException] = []
    task = run_in_background(bad, on_failure=errors.append, show_progress=False)
    qtbot.waitUntil(lambda: task.done)
    assert [str(e) for e in errors] == ["文件 x.csv 第 3 行：户数应为整数"]

    started = threading.Event()

    def long(progress):  # type: ignore[no-untyped-def]
        started.set()
        while True:
            check_cancelled(progress)
            threading.Event().wait(0.01)

    task = run_in_background(long, on_failure=errors.append, show_progress=False)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: task.done)
    assert isinstance(task.error, Cancelled) and len(errors) == 1  # cancel is not an error


def test_progress_dialog_appears_for_long_work_and_cancels(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)

    def long(progress):  # type: ignore[no-untyped-def]
        for step in range(1000):
            progress.report(step, 1000, f"第 {step} 步")
            check_cancelled(progress)
            threading.Event().wait(0.01)

    task = run_in_background(long, label="长任务", parent=parent)
    qtbot.waitUntil(lambda: task._dialog is not None and task._dialog.isVisible(), timeout=5000)
    from PySide6.QtWidgets import QPushButton

    task._dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert isinstance(task.error, Cancelled)


def test_empty_store_shows_welcome_and_loads_demo(store, data_dir, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import finish_background_work, make_context
    from ui.main_window import MainWindow

    ctx = make_context(store, data_dir)
    window = MainWindow(ctx, empty_store=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.show()
    welcome = window._welcome
    assert welcome is not None and window.stack.currentWidget() is welcome
    assert not window.nav.isEnabled()
    with qtbot.waitSignal(welcome.data_loaded, timeout=60000):
        welcome.demo_button.click()
    page = window.page("compounds")
    qtbot.waitUntil(lambda: page.is_loaded and page.model.rowCount() > 0, timeout=20000)
    assert window.nav.isEnabled() and window._welcome is None
    finish_background_work()


def test_english_translation_is_loaded(qapp) -> None:  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_translations",
                                                  root / "scripts" / "build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    module.compile_all()
    from ui.i18n import install_translators

    try:
        loaded = install_translators(qapp, "en")
        assert "compound_desk_en.qm" in loaded
        assert QCoreApplication.translate("MainWindow", "新建小区") == "New compound"
        assert QCoreApplication.translate("labels", "组织覆盖") == "Organisational coverage"
        loaded = install_translators(qapp, "zh_CN")
        assert "qtbase_zh_CN" in loaded
        assert QCoreApplication.translate("MainWindow", "新建小区") == "新建小区"
    finally:
        install_translators(qapp, "zh_CN")


def test_coverage_rules() -> None:
    assert classify(True, None, None) == ORGANISATIONAL
    assert classify(True, "张指导员", "m1") == ORGANISATIONAL
    assert classify(False, "张指导员", None) == WORK
    assert classify(False, "  ", "m1") == WORK
    assert classify(False, " ", None) == UNCOVERED


def test_coverage_from_the_store(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        street = Street(name="测试街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="测试社区")
        session.add(community)
        session.flush()
        a, b, c, d = (compounds.create(session, {"name": n, "community_id": community.id})
                      for n in ("甲园", "乙园", "丙园", "丁园"))
        branch = party.create_branch(session, name="甲乙联合党支部", kind="joint",
                                     compound_ids=[a, b])
        compounds.update(session, c, {"instructor_name": "陈指导员"})
        with pytest.raises(BadInput):
            party.create_branch(session, name="坏支部", kind="single", compound_ids=[a, b])
    with store.session() as session:
        assert coverage_by_compound(session) == {a: ORGANISATIONAL, b: ORGANISATIONAL,
                                                 c: WORK, d: UNCOVERED}
    with store.transaction() as session:
        party.update_branch(session, branch, kind="single", compound_ids=[a])
    with store.session() as session:
        assert coverage_by_compound(session)[b] == UNCOVERED
    with store.transaction() as session:
        party.update_branch(session, branch, kind="joint", compound_ids=[a, b])
        party.delete_branch(session, branch)
    with store.session() as session:
        assert coverage_by_compound(session)[a] == UNCOVERED


def test_dashboard_counts_open_and_overdue_agenda(store) -> None:  # type: ignore[no-untyped-def]
    from app import dashboard as figures
    from app.agenda_stats import agenda_figures
    from db.models import AgendaItem

    with store.transaction() as session:
        street = Street(name="议事街道")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="议事社区")
        session.add(community)
        session.flush()
        cid = compounds.create(session, {"name": "议事园", "community_id": community.id,
                                         "committee_status": "active"})
        for stage, deadline in (("doing", date(2026, 1, 1)), ("answered", date(2026, 1, 1)),
                                ("closed", date(2026, 1, 1)), ("listen", None),
                                ("decide", date(2030, 1, 1))):
            session.add(AgendaItem(compound_id=cid, title=stage, raised_on=date(2025, 12, 1),
                                   stage=stage, deadline=deadline))
    with store.session() as session:
        board = figures.compute(session, today=date(2026, 6, 1))
        (agenda,) = agenda_figures(session, today=date(2026, 6, 1))
    # the agenda area's definitions: answered and closed items are not open
    assert (board.total.open_agenda, board.total.overdue_agenda) == (3, 1)
    assert (board.total.agenda_items, board.total.open_agenda, board.total.overdue_agenda,
            board.total.answered_agenda) == (agenda.total, agenda.open, agenda.overdue,
                                             agenda.answered)
    assert board.total.committee_pct == 100.0 and board.streets[0].street == "议事街道"


def test_pinyin_keys() -> None:
    key = search_key("第五园", "坂雪岗大道")
    for query in ("dwy", "diwuyuan", "DWY", "di wu", "五园", "bxgdd", "banxuegang"):
        assert matches(key, query), query
    assert not matches(key, "dwz")
    assert not matches(search_key("万科城"), "dwy")


def test_a_result_for_a_closed_window_is_dropped_quietly(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Work that finishes after the page that asked for it was deleted must not raise."""
    import threading

    from PySide6.QtCore import QObject, Signal

    class Listener(QObject):
        changed = Signal()

        def got(self, value: int) -> None:
            self.changed.emit()

    release = threading.Event()
    listener = Listener()
    task = run_in_background(lambda progress: release.wait(5) and 42, listener.got,
                             show_progress=False)
    listener.deleteLater()
    qtbot.waitUntil(lambda: not isValid(listener))
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert task.succeeded and task.result is None
    assert task not in running_tasks()  # nor kept as running forever (quitting waits for those)


def test_import_stays_reachable_once_the_store_holds_data(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """导入 (Ctrl+I) on the toolbar opens the import wizard over a store that already has data;
    the welcome page that offers it is gone once there is data."""
    from ui.importing.wizard import ImportWizard

    assert window.import_action.shortcut().toString() == "Ctrl+I"
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()
