"""Languages: our .qm for the chosen locale plus Qt's own qtbase translation.

Source strings are Chinese (zh_CN, the default); English comes from compound_desk_en.qm.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ui.resources import resources_dir

if TYPE_CHECKING:
    def QT_TRANSLATE_NOOP(context: str, message: str, /) -> str:
        """Marks `message` for pyside6-lupdate and returns it unchanged.

        PySide6's stub types the arguments and the result as `object`; the UI imports the
        function from here so its tables of source texts are typed `str`. lupdate finds the
        calls by name, wherever the function is imported from.
        """
        ...
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP  # re-export

LANGUAGE_KEY = "ui/language"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_installed: list[QTranslator] = []


class FallbackTranslator(QTranslator):
    """Our .qm, looked up by context and then in the empty context.

    pyside6-lupdate files strings of module-level `tr()` helpers (the pattern the UI uses:
    `def tr(text): return QCoreApplication.translate("Context", text)`) under the empty
    context, while they are translated at run time under "Context"; the fallback bridges that.
    """

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = super().translate(context, source, disambiguation, n)
        if not found and context:
            found = super().translate("", source, disambiguation, n)
        return found or None  # None (a null QString) lets Qt fall back to the source text


def chosen_language(settings: QSettings) -> str:
    value = str(settings.value(LANGUAGE_KEY, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def install_translators(app: QCoreApplication, language: str) -> list[str]:
    """Install translators for `language`; returns the files loaded (for the log and tests)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    loaded: list[str] = []
    ours = FallbackTranslator(app)
    path = resources_dir() / "i18n" / f"compound_desk_{language}.qm"
    if path.exists() and ours.load(str(path)):
        app.installTranslator(ours)
        _installed.append(ours)
        loaded.append(path.name)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if language != "en" and qtbase.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
        loaded.append(f"qtbase_{language}")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China)
                       if language == "zh_CN" else QLocale(QLocale.Language.English))
    return loaded
