"""File dialogs that remember where the caseworker last went, per purpose (import, export,
PDFs, backups, e-votes), in QSettings; the first time they open in the user's Documents folder,
never in the program's working folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PURPOSES = ("import", "export", "pdf", "backup", "evote", "verify")
KEY = "folders/{purpose}"


def _settings() -> QSettings:
    from ui.context import make_settings

    return make_settings()


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def last_folder(purpose: str, settings: QSettings | None = None) -> Path:
    """The folder last used for `purpose` while it still exists, else Documents."""
    value = (settings or _settings()).value(KEY.format(purpose=purpose), "")
    folder = Path(str(value)) if value else None
    return folder if folder is not None and folder.is_dir() else documents_folder()


def remember(purpose: str, chosen: Path, settings: QSettings | None = None) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    (settings or _settings()).setValue(KEY.format(purpose=purpose), str(folder))


def save_path(parent: QWidget | None, purpose: str, caption: str, file_name: str,
              pattern: str) -> Path | None:
    """Ask where to save `file_name`; None when cancelled."""
    start = last_folder(purpose) / file_name
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(start), pattern)
    if not chosen:
        return None
    remember(purpose, Path(chosen))
    return Path(chosen)


def open_path(parent: QWidget | None, purpose: str, caption: str, pattern: str) -> Path | None:
    """Ask for a file to open; None when cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(last_folder(purpose)), pattern)
    if not chosen:
        return None
    remember(purpose, Path(chosen))
    return Path(chosen)


def folder_path(parent: QWidget | None, purpose: str, caption: str) -> Path | None:
    """Ask for a folder (batch printing); None when cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(last_folder(purpose)))
    if not chosen:
        return None
    remember(purpose, Path(chosen))
    return Path(chosen)
