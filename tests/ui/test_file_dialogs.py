"""File dialogs open where the caseworker last went for the same purpose, else Documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ui import file_dialogs


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_each_purpose_remembers_its_own_folder(qapp: object, settings: QSettings, tmp_path: Path) -> None:
    pdfs, imports = tmp_path / "公告", tmp_path / "名册"
    pdfs.mkdir()
    imports.mkdir()
    assert file_dialogs.last_folder("pdf", settings) == file_dialogs.documents_folder()
    file_dialogs.remember("pdf", pdfs / "选举结果公告.pdf", settings)
    file_dialogs.remember("import", imports, settings)
    assert file_dialogs.last_folder("pdf", settings) == pdfs
    assert file_dialogs.last_folder("import", settings) == imports
    assert file_dialogs.last_folder("export", settings) == file_dialogs.documents_folder()


def test_a_folder_that_is_gone_falls_back_to_documents(qapp: object, settings: QSettings,
                                                        tmp_path: Path) -> None:
    gone = tmp_path / "U盘"
    gone.mkdir()
    file_dialogs.remember("backup", gone, settings)
    gone.rmdir()
    assert file_dialogs.last_folder("backup", settings) == file_dialogs.documents_folder()
    assert file_dialogs.documents_folder() != Path.cwd() or Path.cwd() == Path.home()
