"""Words of the owners' vote screens, through tr()."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "OwnersVotes"
SUBJECTS = {
    "management_statute": QT_TRANSLATE_NOOP("OwnersVotes", "管理规约"),
    "procedure_rules": QT_TRANSLATE_NOOP("OwnersVotes", "业主大会议事规则"),
    "agenda": QT_TRANSLATE_NOOP("OwnersVotes", "议事事项"),
    "removal": QT_TRANSLATE_NOOP("OwnersVotes", "罢免业委会委员"),
    "other": QT_TRANSLATE_NOOP("OwnersVotes", "其他共同决定事项"),
}
MATTERS = {
    "ordinary": QT_TRANSLATE_NOOP("OwnersVotes", "一般事项（过半数）"),
    "major": QT_TRANSLATE_NOOP("OwnersVotes", "重大事项（四分之三以上）"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def subject(code: str) -> str:
    return tr(SUBJECTS.get(code, code))


def matter(code: str) -> str:
    return tr(MATTERS.get(code, code))
