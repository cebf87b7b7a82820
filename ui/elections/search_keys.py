"""Keys of the election list's search box: ↓ moves into the list, Enter opens the top hit — the
way the global search works — so an election found by typing is reached without Tab; Esc empties
the box, and the whole list is back to move through."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit


class SearchKeys(QObject):
    """Installed on `search`; `view` shows what the search leaves."""

    def __init__(self, search: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(search)
        self.view = view
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self.enter_list(top=True)
            if event.key() == Qt.Key.Key_Down:
                return self.enter_list(top=False)
            if event.key() == Qt.Key.Key_Escape and isinstance(watched, QLineEdit) \
                    and watched.text():
                watched.clear()
                return True
        return super().eventFilter(watched, event)

    def enter_list(self, top: bool) -> bool:
        """Focus the list on the top hit (Enter, or ↓ with no hit selected): selecting it shows
        its election. Nothing found: stay in the box."""
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return True
        if top or not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(model.index(0, 0))
        self.view.scrollTo(self.view.currentIndex())
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True
