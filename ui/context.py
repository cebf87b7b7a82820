"""What every page gets: the open store, the data dir, QSettings, the app-wide signal bus, and the
one way to run long work off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from app.progress import Progress
from db.store import Store
from ui.reloads import Reloads

if TYPE_CHECKING:
    from ui.operations import BackgroundTask

T = TypeVar("T")

SETTINGS_ORG = "CompoundDesk"
SETTINGS_APP = "CompoundDesk"


class Bus(QObject):
    """App-wide signals, so pages stay ignorant of each other.

    data_changed(table): a table name that changed, or "" for "reload everything".
    open_compound(id): show that compound's detail.
    show_page(key, filters): switch to a page, applying filters it understands.
    """

    data_changed = Signal(str)
    open_compound = Signal(str)
    show_page = Signal(str, dict)


def make_settings(data_dir: Path | None = None) -> QSettings:
    """QSettings for the UI (geometry, last page, column layouts, language).

    COMPOUND_DESK_SETTINGS (an .ini path) overrides the platform location: tests use it so they
    never touch the user's real settings.
    """
    import os

    override = os.environ.get("COMPOUND_DESK_SETTINGS")
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(SETTINGS_ORG, SETTINGS_APP)


@dataclass
class UiContext:
    """Handed to every page's `create_page(ctx)`."""

    store: Store
    data_dir: Path
    settings: QSettings
    bus: Bus = field(default_factory=Bus)
    undo_stack: QUndoStack = field(default_factory=QUndoStack)  # Ctrl+Z / Ctrl+Shift+Z
    window: QWidget | None = None  # the main window once built: parent for dialogs
    reloads: Reloads = field(init=False)  # who re-reads after a change (only the shown page)

    def __post_init__(self) -> None:
        self.reloads = Reloads(self.bus.data_changed)

    def run_in_background(
        self,
        work: Callable[[Progress], T],
        on_success: Callable[[T], Any] | None = None,
        *,
        on_failure: Callable[[BaseException], Any] | None = None,
        label: str = "",
        parent: QWidget | None = None,
        show_progress: bool = True,
        read_only: bool = False,
    ) -> BackgroundTask[T]:
        """Run `work(progress)` in a worker thread; its T reaches on_success (see
        ui.operations.run_in_background)."""
        from ui.operations import run_in_background

        return run_in_background(
            work, on_success, on_failure=on_failure, label=label,
            parent=parent or self.window, show_progress=show_progress, read_only=read_only,
        )

    def changed(self, table: str = "", origin: QObject | None = None) -> None:
        """Tell every page that `table` (or everything) changed; `origin`, the widget that made
        the change and has shown it already, is not reloaded (see ui.reloads)."""
        with self.reloads.origin(origin):
            self.bus.data_changed.emit(table)
