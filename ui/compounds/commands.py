"""Undoable compound edits (QUndoStack): each command re-applies or reverts field values through
app.compounds.update, in its own transaction on a worker thread, then re-reads the list row
there too; the page is handed the row (the UI thread only shows it). Writes take their turn
(ui/turns.py): an undo right after a save waits for the save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from app import compounds
from app.progress import Progress
from db.store import Store
from ui.turns import WRITES

Runner = Callable[..., Any]  # UiContext.run_in_background
After = Callable[[str, "compounds.CompoundRow | None"], None]


class EditCompoundCommand(QUndoCommand):
    """Set some fields of one compound; undo puts the previous values back."""

    def __init__(self, store: Store, compound_id: str, changes: dict[str, Any],
                 after: After, on_error: Callable[[BaseException], None], run: Runner,
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
        self.run = run
        self.failed = False
        self.task: Any = None  # the last write's BackgroundTask (tests wait on it)

    def _write(self, values_of: Callable[[], dict[str, Any]], first: bool) -> None:
        ticket = WRITES.take()
        store, compound_id = self.store, self.compound_id

        def work(_progress: Progress) -> list[compounds.CompoundRow]:
            with WRITES.turn(ticket):
                values = values_of()  # read in turn: an undo's values come from its save
                if values:
                    with store.transaction() as session:
                        previous = compounds.update(session, compound_id, values)
                    if first and not self.previous:
                        self.previous = previous
            with store.session() as session:
                return compounds.list_rows(session, [compound_id])

        self.task = self.run(work, self._written, on_failure=self._failed, show_progress=False)

    def _written(self, rows: list[compounds.CompoundRow]) -> None:
        self.after(self.compound_id, rows[0] if rows else None)

    def _failed(self, exc: BaseException) -> None:
        self.failed = True
        self.setObsolete(True)  # nothing was saved: undo has nothing to put back
        self.on_error(exc)

    def redo(self) -> None:
        self._write(lambda: self.changes, first=True)

    def undo(self) -> None:
        self._write(lambda: self.previous, first=False)
