"""设置 → 显示 → 字号: one size for the whole app, applied at once and kept for the next start."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from ui.font_size import apply_font_scale, base_font, stored_scale


def test_a_larger_font_applies_app_wide_and_is_kept(ctx, qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    from ui.settings_dialog import SettingsDialog

    base = base_font(qapp).pointSizeF()
    label = QLabel("小区")
    qtbot.addWidget(label)
    try:
        dialog = SettingsDialog(ctx)
        qtbot.addWidget(dialog)
        assert dialog.font_size.currentData() == 100  # 标准 until chosen
        dialog.font_size.setCurrentIndex(dialog.font_size.findData(130))
        assert abs(qapp.font().pointSizeF() - base * 1.3) < 0.01
        label.show()
        qtbot.waitUntil(lambda: abs(label.font().pointSizeF() - base * 1.3) < 0.01)
        assert abs(label.font().pointSizeF() - base * 1.3) < 0.01  # every widget follows
        assert stored_scale(ctx.settings) == 130  # the next start applies it (ui/application)
        again = SettingsDialog(ctx)
        qtbot.addWidget(again)
        assert again.font_size.currentText() == "特大"
    finally:
        apply_font_scale(qapp, 100)
    assert abs(qapp.font().pointSizeF() - base) < 0.01


def test_the_log_level_is_chosen_in_settings_applied_at_once_and_kept(  # type: ignore[no-untyped-def]
    ctx, qtbot, tmp_path, monkeypatch,
) -> None:
    """设置 → 显示 → 日志: 详细 makes the log keep debug lines now and at the next start."""
    import logging

    from app import logs
    from ui.application import LOG_LEVEL
    from ui.settings_dialog import SettingsDialog

    monkeypatch.setenv("COMPOUND_DESK_LOG_DIR", str(tmp_path / "logs"))
    root = logging.getLogger(logs.ROOT)
    before = root.level
    try:
        dialog = SettingsDialog(ctx)
        qtbot.addWidget(dialog)
        assert dialog.log_level.currentData() == "INFO"
        dialog.log_level.setCurrentIndex(dialog.log_level.findData("DEBUG"))
        assert root.level == logging.DEBUG
        assert ctx.settings.value(LOG_LEVEL) == "DEBUG"
        logs.get("ui.test").debug("a debug line")
        for handler in root.handlers:
            handler.flush()
        assert "a debug line" in (tmp_path / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")
        again = SettingsDialog(ctx)
        qtbot.addWidget(again)
        assert again.log_level.currentData() == "DEBUG"
    finally:
        root.setLevel(before)
