"""Words of the owners' vote screens, through tr()."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.owners_votes.outcome import Outcome
from app.rules import Threshold
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


def threshold_text(threshold: Threshold) -> str:
    fraction = f"{threshold.share.numerator}/{threshold.share.denominator}"
    return (tr("≥ {f}（以上，含本数）") if threshold.inclusive
            else tr("> {f}（不含本数）")).format(f=fraction)


def outcome_text(outcome: Outcome) -> str:
    """Why a vote did not pass, or 通过, in the UI's language (app/ gives the flags only)."""
    if outcome.passed:
        return tr("表决通过")
    quorum, threshold = threshold_text(outcome.quorum), threshold_text(outcome.threshold)
    parts = [] if outcome.figures_ok else [tr("表决数字有误（同意数 ≤ 参与数 ≤ 总数）")]
    if not outcome.quorum_owners:
        parts.append(tr("参与表决人数未达 {t}").format(t=quorum))
    if not outcome.quorum_area:
        parts.append(tr("参与表决面积未达 {t}").format(t=quorum))
    if not outcome.yes_owners:
        parts.append(tr("同意人数未达参与人数 {t}").format(t=threshold))
    if not outcome.yes_area:
        parts.append(tr("同意面积未达参与面积 {t}").format(t=threshold))
    return tr("未通过：{reasons}").format(reasons=tr("；").join(parts))
