"""Without a usable keyring the GUI asks for the passphrase: twice (≥ 8 characters) for new data,
once to open it; a wrong one is asked again with the reason, never a traceback; cancelling opens
nothing. Screenshots of both dialogs go to the shots folder for a look."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.errors import WorkFailed
from db import encrypt, keys
from db.store import STORE_FILENAME
from ui.passphrase_dialog import PassphraseDialog, open_store_asking

SHOTS = Path(os.environ.get("COMPOUND_DESK_SHOTS", "")) if os.environ.get(
    "COMPOUND_DESK_SHOTS") else None


@pytest.fixture
def no_keyring(data_dir: Path) -> Iterator[None]:
    keyring.set_keyring(fail.Keyring())
    keys.forget(data_dir)
    yield
    keys.forget(data_dir)


def answer(typed: list[tuple[str, str] | None], seen: list[str]) -> None:
    """Fill each passphrase dialog as it appears (None: cancel it), noting what it said."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(dialog.problem.text())
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / f"passphrase-{len(seen)}.png"))
        entry = typed.pop(0)
        if entry is None:
            dialog.reject()
        else:
            dialog.passphrase.setText(entry[0])
            dialog.repeat.setText(entry[1])
            box = dialog.findChild(QDialogButtonBox)
            assert box is not None
            box.button(QDialogButtonBox.StandardButton.Ok).click()
            if dialog.isVisible():  # refused in the dialog itself: note why, then cancel
                seen.append(dialog.problem.text())
                dialog.reject()
        if typed:
            QTimer.singleShot(20, fill)
    QTimer.singleShot(20, fill)


def test_new_data_gets_a_passphrase_and_opens_with_it(qtbot: QtBot, data_dir: Path,
                                                       no_keyring: None) -> None:
    seen: list[str] = []
    answer([("short", "short")], seen)
    with pytest.raises(WorkFailed) as refused:
        open_store_asking(data_dir)
    assert seen == ["", "口令至少需要 8 个字符"] and refused.value.code == "store.passphrase_cancelled"
    seen.clear()
    answer([("correct horse", "correct horse")], seen)
    open_store_asking(data_dir).close()
    assert keys.read_marker(data_dir).mode == "passphrase"  # type: ignore[union-attr]
    assert not encrypt.is_plaintext(data_dir / STORE_FILENAME)
    keys.forget(data_dir)
    seen.clear()
    answer([("wrong horse", ""), ("correct horse", "")], seen)
    store = open_store_asking(data_dir)
    store.close()
    assert seen == ["", "口令不正确，请重新输入"]


def test_cancel_opens_nothing(qtbot: QtBot, data_dir: Path, no_keyring: None) -> None:
    seen: list[str] = []
    answer([None], seen)
    with pytest.raises(WorkFailed) as refused:
        open_store_asking(data_dir)
    assert refused.value.code == "store.passphrase_cancelled"
    assert keys.read_marker(data_dir) is None
