"""字号: one text size for the whole app (设置 → 显示), kept in QSettings and applied at start.

The size is a share of the system's own UI font, so "标准" is what the desktop chose and a larger
step scales every widget that has no font of its own. Layouts follow the font; at 100 % every
page fits a 1366×768 screen (tests/ui/test_fits_small_screen.py), larger sizes let panels scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ui.i18n import QT_TRANSLATE_NOOP

FONT_SCALE_KEY = "ui/font_scale"  # percent of the system UI font
DEFAULT_SCALE = 100
SCALES = {
    90: QT_TRANSLATE_NOOP("Settings", "小"),
    100: QT_TRANSLATE_NOOP("Settings", "标准"),
    115: QT_TRANSLATE_NOOP("Settings", "大"),
    130: QT_TRANSLATE_NOOP("Settings", "特大"),
}
_BASE_PROPERTY = "compoundDeskBaseFont"  # the system font, kept on the app before any scaling


def stored_scale(settings: QSettings) -> int:
    """The chosen size in percent (100 when unset or not one of SCALES)."""
    try:
        value = int(str(settings.value(FONT_SCALE_KEY, DEFAULT_SCALE)))
    except ValueError:
        return DEFAULT_SCALE
    return value if value in SCALES else DEFAULT_SCALE


def base_font(app: QApplication) -> QFont:
    """The system UI font as it was before this app scaled it (remembered on first use)."""
    kept = app.property(_BASE_PROPERTY)
    if isinstance(kept, QFont):
        return QFont(kept)
    font = QFont(app.font())
    app.setProperty(_BASE_PROPERTY, font)
    return QFont(font)


def apply_font_scale(app: QApplication, percent: int) -> QFont:
    """Set the app-wide font to `percent` of the system font; returns the font set."""
    font = base_font(app)
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * percent / 100)
    else:  # a pixel-sized system font
        font.setPixelSize(max(1, round(font.pixelSize() * percent / 100)))
    app.setFont(font)
    return font


def choose_scale(settings: QSettings, percent: int) -> None:
    """Keep and apply a size picked in 设置."""
    settings.setValue(FONT_SCALE_KEY, percent)
    app = QCoreApplication.instance()
    if isinstance(app, QApplication):
        apply_font_scale(app, percent)
