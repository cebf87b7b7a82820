"""Words for agenda codes, through tr(). Category/source/role labels are data (agenda.toml)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.agenda_rules import load_rules
from ui.i18n import QT_TRANSLATE_NOOP
from ui.terms import label_term

STAGE = {
    "listen": QT_TRANSLATE_NOOP("agenda", "听"),
    "discuss": QT_TRANSLATE_NOOP("agenda", "议"),
    "decide": QT_TRANSLATE_NOOP("agenda", "定"),
    "doing": QT_TRANSLATE_NOOP("agenda", "办"),
    "answered": QT_TRANSLATE_NOOP("agenda", "回音"),
    "closed": QT_TRANSLATE_NOOP("agenda", "办结"),
    "referred": QT_TRANSLATE_NOOP("agenda", "吹哨报到"),
}
STAGE_HINT = {
    "listen": QT_TRANSLATE_NOOP("agenda", "已收集"),
    "discuss": QT_TRANSLATE_NOOP("agenda", "三方协商"),
    "decide": QT_TRANSLATE_NOOP("agenda", "已决定"),
    "doing": QT_TRANSLATE_NOOP("agenda", "办理中"),
    "answered": QT_TRANSLATE_NOOP("agenda", "已答复居民"),
    "closed": QT_TRANSLATE_NOOP("agenda", "已办结"),
    "referred": QT_TRANSLATE_NOOP("agenda", "社区吹哨、部门报到"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("agenda", text)


def stage(code: str) -> str:
    return tr(STAGE.get(code, code))


def category(code: str) -> str:
    return label_term(load_rules().categories.get(code, code))


def owners_matter(code: str) -> bool:
    """The category is decided by the owners' vote (agenda.toml, 民法典第二百七十八条)."""
    return code in load_rules().owners_matters


def source(code: str) -> str:
    return label_term(load_rules().sources.get(code, code))


def role(code: str) -> str:
    return label_term(load_rules().roles.get(code, code))


def meeting_kind(code: str) -> str:
    return label_term(meeting_kind_word(code))


def meeting_kind_word(code: str) -> str:
    """The meeting type as the rules word it (Chinese, as it appears in stored titles)."""
    return load_rules().meeting_kinds.get(code, code)
