"""Domain words (stages, kinds, roles, meeting types, check names) shown in the UI's language.

The rules files and stored records word these in Chinese; the Chinese UI shows them as they
are. The English UI looks a word up in the UI's translations first and then in the message
catalogue's [terms] table (resources/i18n/errors.toml) — one way for every page, so a stage
reads the same in the strip, the list, 我的待办 and the dashboard.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.messages import Problem, terms
from app.rule_source import Source

# Where the UI's translations keep domain words; tried in this order.
TERM_CONTEXTS = ("labels", "Elections", "agenda", "meetings", "MyWork", "ratings", "committee",
                 "pages")


def english() -> bool:
    """Whether the English translators are installed (ui/i18n.py sets QLocale's default)."""
    return QLocale().language() == QLocale.Language.English


def term(word: str) -> str:
    """`word` (Chinese, as stored or as the rules file has it) in the UI's language; a word
    with no English is shown as it is."""
    if not word or not english():
        return word
    for context in TERM_CONTEXTS:
        translated = QCoreApplication.translate(context, word)
        if translated != word:
            return translated
    return terms().get(word, word)


def worded(problem: Problem) -> str:
    """A catalogue message (code + params) in the UI's language, its domain words as above."""
    return problem.text("en" if english() else "zh_CN", term)


def label_term(word: str) -> str:
    """`term` for a label or a list entry: English starts with a capital (the catalogue keeps
    words lower-case for use inside sentences)."""
    text = term(word)
    return text[:1].upper() + text[1:] if english() else text


def citation(origin: Source) -> str:
    """Where a rule comes from (法定：… / 区设置（待核实）：…), in the UI's language: the
    rules file's citations are Chinese; the English UI shows the catalogue's [terms] wording."""
    return worded(origin.label())
