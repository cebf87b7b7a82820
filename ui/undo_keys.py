"""Ctrl+Z / Ctrl+Shift+Z typed in a form field reach the app's 撤销 / 重做.

Qt gives every text field its own undo and lets it claim the undo keys, even when it has nothing
to undo: after a value was saved (Enter, or leaving the field) the field's history is empty, so
Ctrl+Z did nothing although the hint under the form promises it undoes the change. Here a field
keeps the keys only while it has unsaved typing of its own to undo or redo (it is "modified": a
form that saves a field marks it unmodified); otherwise they go on to the window's actions,
which undo the saved change (ctx.undo_stack).

The filter sits on the focused widget only (moved along on each focus change), never on the
whole application: an application filter is a call into Python for every event of every widget
— each paint of each widget — and each of those waits for the interpreter while a worker thread
runs Python (a refresh on the large district froze the window for 100+ ms that way).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid


def own_history(field: QObject, redo: bool) -> bool | None:
    """Whether a text field has typing of its own to undo (redo) — typed since it was last set
    or saved (a form marks a saved field unmodified); None for other widgets."""
    if isinstance(field, QAbstractSpinBox):
        field = field.findChild(QLineEdit) or field
    if isinstance(field, QLineEdit):
        return field.isModified() and (field.isRedoAvailable() if redo else field.isUndoAvailable())
    if isinstance(field, (QPlainTextEdit, QTextEdit)):
        document = field.document()
        return document.isModified() and (document.isRedoAvailable() if redo
                                           else document.isUndoAvailable())
    return None


class FieldUndoKeys(QObject):
    """An event filter on the focused field inside `window` (dialogs keep Qt's way)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self._watched: QWidget | None = None

    def follow_focus(self, app: QApplication) -> FieldUndoKeys:
        """Watch whichever widget of the window has the keyboard."""
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())
        return self

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched = self._watched
        if watched is not None and isValid(watched):
            watched.removeEventFilter(self)
        self._watched = None
        if new is not None and isValid(self.window) and self.window.isAncestorOf(new):
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo)
        if not (undo or redo) or not isinstance(watched, QWidget):
            return False
        if not self.window.isAncestorOf(watched) or own_history(watched, redo) is not False:
            return False
        event.ignore()  # not claimed by the field: the window's shortcut takes the key
        return True
