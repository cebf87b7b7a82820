"""The toolbar's 设置… opens the signer's profile and 核验… the form check; both are reachable
from the keyboard-free toolbar and the window still fits a 1366-pixel screen."""

from __future__ import annotations

from typing import Any


def test_settings_and_verify_open_from_the_toolbar(window: Any, qtbot: Any) -> None:
    from ui.printing.verify_dialog import VerifyDialog
    from ui.settings_dialog import SettingsDialog

    window.resize(1366, 768)
    settings = window.open_settings()
    qtbot.addWidget(settings)
    assert isinstance(settings, SettingsDialog) and settings.isVisible()
    settings.reject()
    verify = window.open_verify_dialog()
    qtbot.addWidget(verify)
    assert isinstance(verify, VerifyDialog) and verify.isVisible()
    assert verify.code_edit.hasFocus() or verify.focusWidget() is verify.code_edit
    verify.reject()
    assert window.settings_action.text() and window.verify_action.text()
    assert window.minimumSizeHint().width() <= 1366
