"""Fixtures for the shell tests: isolated QSettings, a store holding the small demo district
(generated once per session by app.demo and copied per test), and a ready main window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.store import Store, open_store

STORE_FILE = "compound-desk.sqlite3"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings go to a temp .ini, never to the user's real settings."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("COMPOUND_DESK_SETTINGS", str(path))
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo import generate

    folder = tmp_path_factory.mktemp("demo-template")
    store = open_store(folder, actor="tester")
    try:
        generate(store, size="small")
    finally:
        store.close()
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    for part in demo_template.iterdir():  # the store and its key description (store-key.json)
        if part.is_file():
            shutil.copy2(part, folder / part.name)
    return folder


@pytest.fixture
def demo_store(demo_dir: Path) -> Iterator[Store]:
    store = open_store(demo_dir, actor="tester")
    yield store
    store.close()


def finish_background_work() -> None:
    from PySide6.QtWidgets import QApplication

    from ui.operations import running_tasks

    for task in running_tasks():
        task.cancel()
        task.wait(10)
    QApplication.processEvents()


def make_context(store: Store, data_dir: Path):  # type: ignore[no-untyped-def]
    from ui.context import UiContext, make_settings

    return UiContext(store=store, data_dir=data_dir, settings=make_settings())


@pytest.fixture
def ctx(demo_store: Store, demo_dir: Path):  # type: ignore[no-untyped-def]
    context = make_context(demo_store, demo_dir)
    yield context
    finish_background_work()


@pytest.fixture
def window(ctx, qtbot):  # type: ignore[no-untyped-def]
    """The main window on the demo store, with the compound list loaded."""
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=20000):
        win.show()
    win.show_page("compounds", {})  # the start page is 我的待办; these tests work in the list
    page = win.page("compounds")
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20000)
    yield win
    finish_background_work()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform cannot pass size hints to a window manager and says so; harmless."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
