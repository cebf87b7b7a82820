"""Typing Chinese into widgets the way an input method does: QTest's key clicks only know ASCII,
so each character arrives as a committed QInputMethodEvent (what pinyin IMEs send)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def ime_type(widget: QWidget, text: str) -> None:
    """Commit `text` into `widget` one character at a time."""
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)
