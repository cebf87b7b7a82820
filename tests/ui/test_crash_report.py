"""An unexpected error is logged with its traceback and shown as one Chinese dialog with its
details, 复制详细信息 and 打开日志文件夹; the app keeps running. A fatal crash of the interpreter
still leaves a trace in crash.log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from app import logs


def boom() -> None:
    raise ZeroDivisionError("division by zero in a slot")


def test_an_uncaught_error_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
        qtbot: Any, log_folder: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ui import crash

    try:
        boom()
    except ZeroDivisionError as exc:  # what sys.excepthook receives for a slot that raised
        crash._excepthook(type(exc), exc, exc.__traceback__)
    def shown() -> bool:
        dialog = crash.reporter().dialog
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(shown, timeout=5000)
    dialog = crash.reporter().dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "意外错误" in dialog.message.text() and "ZeroDivisionError" in dialog.message.text()
    assert "继续工作" in dialog.message.text()
    assert "def boom" in dialog.details.toPlainText() or "boom" in dialog.details.toPlainText()
    dialog.copy_details()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    text = (log_folder / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "compound_desk.ui.uncaught" in text and "Traceback" in text and "in boom" in text

    try:  # a second error while the dialog is open joins it, no second dialog
        boom()
    except ZeroDivisionError as exc:
        crash._excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: dialog.count == 2, timeout=5000)
    assert "共 2 个错误" in dialog.message.text()
    dialog.accept()
    assert QApplication.instance() is not None


def test_a_background_task_that_fails_unexpectedly_logs_and_opens_the_crash_dialog(
        qtbot: Any, log_folder: Path) -> None:
    from ui import crash
    from ui.operations import run_in_background

    def work(_progress: Any) -> None:
        raise KeyError("no such column in a worker")

    task = run_in_background(work, label="")
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert not task.succeeded
    dialog = crash.reporter().dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert "KeyError" in dialog.details.toPlainText()
    assert "compound_desk.ui.task" in (log_folder / logs.LOG_FILE).read_text(encoding="utf-8")
    dialog.accept()


def test_log_files_are_private_and_rotate(log_folder: Path) -> None:
    import os

    log_file = log_folder / logs.LOG_FILE
    if os.name == "posix":
        assert log_folder.stat().st_mode & 0o777 == 0o700
        assert log_file.stat().st_mode & 0o777 == 0o600
    logger = logs.get("app.test")
    for n in range(30_000):
        logger.info("line %d %s", n, "x" * 80)
    assert (log_folder / f"{logs.LOG_FILE}.1").exists()
    assert log_file.stat().st_size <= logs.MAX_BYTES


def test_a_fatal_crash_leaves_its_trace_in_crash_log(tmp_path: Path) -> None:
    folder = tmp_path / "fatal"
    script = ("import faulthandler, sys\n"
              "from app import logs\n"
              f"logs.setup('INFO', __import__('pathlib').Path({str(folder)!r}))\n"
              "faulthandler._sigsegv()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode != 0
    crash_text = (folder / logs.CRASH_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error" in crash_text
