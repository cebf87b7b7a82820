"""Undoable compound edits (QUndoStack): each command re-applies or reverts field values through
app.compounds.update, in its own transaction, and tells the page which row to refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from app import compounds
from app.errors import BadInput
from db.store import Store


class EditCompoundCommand(QUndoCommand):
    """Set some fields of one compound; undo puts the previous values back."""

    def __init__(self, store: Store, compound_id: str, changes: dict[str, Any],
                 after: Callable[[str], None], on_error: Callable[[BaseException], None],
                 name: str = "") -> None:
        fields = "、".join(compounds.FIELD_LABELS_ZH.get(f, f) for f in changes)
        super().__init__(name or QCoreApplication.translate("EditCompoundCommand", "修改{fields}")
                         .format(fields=fields))
        self.store = store
        self.compound_id = compound_id
        self.changes = dict(changes)
        self.previous: dict[str, Any] = {}
        self.after = after
        self.on_error = on_error
        self.failed = False

    def _apply(self, values: dict[str, Any]) -> dict[str, Any]:
        with self.store.transaction() as session:
            return compounds.update(session, self.compound_id, values)

    def redo(self) -> None:
        try:
            previous = self._apply(self.changes)
        except BadInput as exc:
            self.failed = True
            self.setObsolete(True)
            self.on_error(exc)
            return
        if not self.previous:
            self.previous = previous
        if not previous and not self.previous:
            self.setObsolete(True)  # nothing changed: keep it off the stack
        self.after(self.compound_id)

    def undo(self) -> None:
        if not self.previous:
            return
        try:
            self._apply(self.previous)
        except BadInput as exc:
            self.on_error(exc)
            return
        self.after(self.compound_id)
