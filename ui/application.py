"""Start the desktop app: QApplication, translators, the local store, the main window.

`run(data_dir, exit_when_ready)` is what main.py calls. With exit_when_ready the app prints the
milliseconds until the compound list shows loaded data (or the welcome page, on an empty store)
and exits 0: the benchmarks and the Xvfb smoke test use it.

Import order matters for start-up: the data layer (SQLAlchemy and our ~30 mapped models) is
imported before PySide6. PySide6 installs an import hook that inspects every module imported
after it, which makes those ~250 modules load about 100–150 ms slower. So this module imports
no Qt at the top; `run` imports the data layer first.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


# The stamp of the rules files the last start validated (app.rules_stamp).
RULES_CHECKED = "rules/checked"
LOG_LEVEL = "log/level"  # DEBUG / INFO / WARNING / ERROR (QSettings)


def tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("application", text)


def make_application() -> QApplication:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    from ui.gil import favour_ui_thread

    favour_ui_thread()  # Qt's calls into Python wait less for worker threads
    app.setOrganizationName("CompoundDesk")
    app.setApplicationName("CompoundDesk")
    app.setApplicationDisplayName("小区治理工作台")
    return app


def settle_heap() -> None:
    """Put everything start-up made (modules, mapped classes, Qt wrappers, the loaded list) out
    of the cyclic garbage collector's reach; it lives as long as the app anyway.

    Without this, each full collection walks those objects again: while a page loads its tens
    of thousands of rows such collections paused the UI thread 50–70 ms (DESIGN.md allows 50).
    Objects made later are collected as usual; plain reference counting still frees the frozen
    ones that are not in cycles."""
    gc.freeze()


def run(data_dir: Path, exit_when_ready: bool = False) -> int:
    started = time.perf_counter()
    # The data layer first, Qt after it (see the module docstring).
    from db.keys import prefetch

    prefetch(data_dir)  # the keyring's key, fetched while Qt starts
    from app.compounds import is_empty
    from app.errors import WorkFailed

    app = make_application()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from ui.context import UiContext, make_settings
    from ui.i18n import chosen_language, install_translators
    from ui.leaving import leave_now, lingering_workers
    from ui.main_window import MainWindow
    from ui.operations import finish_for_exit

    settings = make_settings()
    install_translators(app, chosen_language(settings))
    from ui.font_size import apply_font_scale, stored_scale

    apply_font_scale(app, stored_scale(settings))  # 设置 → 显示 → 字号
    from app import logs
    from ui import crash

    logs.setup(str(settings.value(LOG_LEVEL, "INFO")))
    crash.install()
    logs.get("ui").info("started")
    from app.errors import BadInput
    from app.rules_stamp import checked_stamp
    from ui.operations import error_text

    try:  # never half-ruled: a wrong rules file stops the start, naming the key
        settings.setValue(RULES_CHECKED, checked_stamp(settings.value(RULES_CHECKED)))
    except BadInput as exc:
        print(str(exc), file=sys.stderr)
        if not exit_when_ready:
            QMessageBox.critical(None, tr("规则文件有误"),
                                 tr("规则文件有误，程序无法按规则工作，未启动。请修正后再打开：")
                                 + "\n" + error_text(exc))
        return 2
    try:  # the store's key: from the keyring, else a passphrase dialog (ui/passphrase_dialog.py)
        from ui.passphrase_dialog import open_store_asking

        store = open_store_asking(data_dir, interactive=not exit_when_ready)
    except WorkFailed as exc:
        print(str(exc), file=sys.stderr)
        if not exit_when_ready:
            QMessageBox.critical(None, tr("无法打开数据"), error_text(exc))
        return 1
    try:
        ctx = UiContext(store=store, data_dir=data_dir, settings=settings)
        with store.session() as session:
            empty = is_empty(session)
        window = MainWindow(ctx, empty_store=empty)
        window.ready.connect(settle_heap)
        if exit_when_ready:
            deadline = time.perf_counter() + 30

            def done() -> None:
                """Print once the window is really on screen (exposed), then quit."""
                handle = window.windowHandle()
                if handle is None or not handle.isExposed():
                    if time.perf_counter() < deadline:
                        QTimer.singleShot(5, done)
                        return
                    print("the main window never appeared on screen", file=sys.stderr)
                    app.exit(1)
                    return
                print(f"{(time.perf_counter() - started) * 1000:.0f}", flush=True)
                QTimer.singleShot(0, app.quit)

            window.ready.connect(done)
        if not exit_when_ready:  # the start-up benchmark and smoke runs make no backups
            from ui.backups_dialog import DailyBackups

            DailyBackups(ctx, window)
        window.show()
        code = int(app.exec())
        window.save_layout()
        finish_for_exit()
        if not exit_when_ready:
            from ui.backups_dialog import automatic_backup

            automatic_backup(ctx)  # on closing, as Anki does; a failure is logged only
    except BaseException:
        finish_for_exit()
        raise
    finally:
        store.close()
    if lingering_workers():  # a read still under way: see ui/leaving.py
        leave_now(code, settings)
    return code
