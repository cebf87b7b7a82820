"""Shared bits of the election widgets: translation, the day they treat as today, rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication

from app.elections.check_item import Check
from app.elections.stages import flow
from app.rules import Rules, Threshold, load_rules
from ui.terms import term, worded

CONTEXT = "Elections"
Clock = Callable[[], date]


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def rules() -> Rules:
    return load_rules()


def stage_names(kind: str) -> Mapping[str, str]:
    """This kind's stage names (换届: 成立换届小组), or the default names for an unknown kind."""
    found = flow(kind, rules())
    return found.stage_names if found is not None else rules().kinds.stage_names


def countdown_text(days_left: int | None, deadline: date | None) -> str:
    """"还剩 3 天（至 2026-03-05）" or "已超期 2 天" — the countdown every stage shows."""
    if days_left is None or deadline is None:
        return ""
    if days_left < 0:
        return tr("已超期 {n} 天（应于 {d} 前完成）").format(n=-days_left, d=deadline.isoformat())
    if days_left == 0:
        return tr("今天到期（{d}）").format(d=deadline.isoformat())
    return tr("还剩 {n} 天（至 {d}）").format(n=days_left, d=deadline.isoformat())


def bad_value(value: object) -> str:
    """A stored value this app does not know, shown as faulty data with the raw value (cut
    short: it came from somewhere else and may be anything)."""
    raw = str(value)
    shown = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in raw[:40])
    return tr("数据有误（{v}）").format(v=shown + ("…" if len(raw) > 40 else ""))


def named(names: Mapping[str, str], value: str) -> str:
    """The Chinese name of a stored code, or `bad_value` when the code is unknown."""
    name = names.get(value)
    return term(name) if name is not None else bad_value(value)


def check_title(check: Check) -> str:
    """A checkpoint condition's name in the UI's language (its code when it has numbers)."""
    return worded(check.title_msg) if check.title_msg is not None else term(check.title)


def check_detail(check: Check) -> str:
    """What was found for a condition, in the UI's language."""
    return worded(check.detail_msg) if check.detail_msg is not None else term(check.detail)


def share_text(threshold: Threshold) -> str:
    """A legal share in the UI's language: "≥ 2/3（以上，含本数）" / "≥ 2/3 (inclusive)"."""
    fraction = f"{threshold.share.numerator}/{threshold.share.denominator}"
    if threshold.inclusive:
        return tr("≥ {f}（以上，含本数）").format(f=fraction)
    return tr("> {f}（不含本数）").format(f=fraction)
