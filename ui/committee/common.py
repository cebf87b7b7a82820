"""Shared bits of the committee widgets: translation, words for stored codes, dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate

from ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Committee"
ROLES = {
    "director": QT_TRANSLATE_NOOP("Committee", "主任"),
    "deputy": QT_TRANSLATE_NOOP("Committee", "副主任"),
    "member": QT_TRANSLATE_NOOP("Committee", "委员"),
    "alternate": QT_TRANSLATE_NOOP("Committee", "候补委员"),
}
LEAVE_REASONS = {
    "resigned": QT_TRANSLATE_NOOP("Committee", "辞职"),
    "removed": QT_TRANSLATE_NOOP("Committee", "罢免"),
    "disqualified": QT_TRANSLATE_NOOP("Committee", "资格终止"),
    "moved_out": QT_TRANSLATE_NOOP("Committee", "不再是业主"),
    "deceased": QT_TRANSLATE_NOOP("Committee", "去世"),
    "other": QT_TRANSLATE_NOOP("Committee", "其他"),
}
NEEDS = {
    "none": QT_TRANSLATE_NOOP("Committee", "无空缺"),
    "step_in": QT_TRANSLATE_NOOP("Committee", "应由候补委员按得票顺序递补"),
    "by_election": QT_TRANSLATE_NOOP("Committee", "候补委员已递补完毕，需补选"),
    "early": QT_TRANSLATE_NOOP("Committee", "委员不足原有人数半数，应告知街道办事处并重新选举"),
}
BODIES = {
    "housing": QT_TRANSLATE_NOOP("Committee", "区住房建设部门"),
    "street": QT_TRANSLATE_NOOP("Committee", "街道办事处"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def word(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    source = table.get(code)
    return tr(source) if source else code


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
