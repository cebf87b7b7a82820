"""The pinned PySide6 must not leak references to None/True/False (6.12.0 on Python 3.11 does,
and the app aborts after some ten thousand Qt calls)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_and_bools_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(20_000):
        label.setText("第五园")
        label.setEnabled(True)
        label.setHidden(False)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    drift = [a - b for a, b in zip(after, before, strict=True)]
    assert all(abs(d) < 1_000 for d in drift), f"reference counts drifted by {drift}"
