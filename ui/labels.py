"""Words for stored codes (coverage kinds, committee statuses, 双找 sources…), through tr()."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP
from ui.terms import term

COVERAGE = {
    "organisational": QT_TRANSLATE_NOOP("labels", "组织覆盖"),
    "work": QT_TRANSLATE_NOOP("labels", "工作覆盖"),
    "uncovered": QT_TRANSLATE_NOOP("labels", "未覆盖"),
}
COMMITTEE_STATUS = {
    "none": QT_TRANSLATE_NOOP("labels", "未成立"),
    "preparing": QT_TRANSLATE_NOOP("labels", "筹备中"),
    "active": QT_TRANSLATE_NOOP("labels", "已成立"),
    "expired": QT_TRANSLATE_NOOP("labels", "已届满"),
}
LIFECYCLE = {
    "孕育期": QT_TRANSLATE_NOOP("labels", "孕育期"),
    "出生期": QT_TRANSLATE_NOOP("labels", "出生期"),
    "过渡期": QT_TRANSLATE_NOOP("labels", "过渡期"),
    "成熟期": QT_TRANSLATE_NOOP("labels", "成熟期"),
    "拆迁改造期": QT_TRANSLATE_NOOP("labels", "拆迁改造期"),
}
FOUND_VIA = {
    "branch_found": QT_TRANSLATE_NOOP("labels", "党组织找党员"),
    "member_reported": QT_TRANSLATE_NOOP("labels", "党员找党组织"),
}
BRANCH_KIND = {
    "single": QT_TRANSLATE_NOOP("labels", "单独组建"),
    "joint": QT_TRANSLATE_NOOP("labels", "联合组建"),
}
ELECTION_KIND = {
    "first": QT_TRANSLATE_NOOP("labels", "首次选举"),
    "reelection": QT_TRANSLATE_NOOP("labels", "换届选举"),
    "by_election": QT_TRANSLATE_NOOP("labels", "补选"),
}
ELECTION_STAGE = {
    "application": QT_TRANSLATE_NOOP("labels", "申请"),
    "checkpoint_timing": QT_TRANSLATE_NOOP("labels", "筹备时机关"),
    "group_formed": QT_TRANSLATE_NOOP("labels", "筹备组成立"),
    "checkpoint_group": QT_TRANSLATE_NOOP("labels", "筹备组人选关"),
    "candidates_nominated": QT_TRANSLATE_NOOP("labels", "候选人提名"),
    "checkpoint_candidates": QT_TRANSLATE_NOOP("labels", "业委会人选关"),
    "candidate_notice": QT_TRANSLATE_NOOP("labels", "候选人公示"),
    "voting": QT_TRANSLATE_NOOP("labels", "投票"),
    "tallied": QT_TRANSLATE_NOOP("labels", "计票"),
    "filed": QT_TRANSLATE_NOOP("labels", "备案"),
    "seated": QT_TRANSLATE_NOOP("labels", "就任"),
}
AUDIT_ACTION = {
    "insert": QT_TRANSLATE_NOOP("labels", "新增"),
    "update": QT_TRANSLATE_NOOP("labels", "修改"),
    "delete": QT_TRANSLATE_NOOP("labels", "删除"),
    "undelete": QT_TRANSLATE_NOOP("labels", "恢复"),
    "demo": QT_TRANSLATE_NOOP("labels", "演示数据"),
    "import": QT_TRANSLATE_NOOP("labels", "导入"),
}
FIELD_ERROR = {
    "required": QT_TRANSLATE_NOOP("labels", "不能为空"),
    "too_long": QT_TRANSLATE_NOOP("labels", "太长"),
    "not_integer": QT_TRANSLATE_NOOP("labels", "应为整数"),
    "negative": QT_TRANSLATE_NOOP("labels", "不能为负数"),
    "not_number": QT_TRANSLATE_NOOP("labels", "应为数字"),
    "bad_date": QT_TRANSLATE_NOOP("labels", "日期格式应为 YYYY-MM-DD"),
    "future_date": QT_TRANSLATE_NOOP("labels", "不能晚于今天"),
    "bad_choice": QT_TRANSLATE_NOOP("labels", "不是可选的值"),
    "unknown": QT_TRANSLATE_NOOP("labels", "找不到所选的记录"),
    "duplicate": QT_TRANSLATE_NOOP("labels", "同一社区已有同名小区"),
}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated word for `code`, or the code itself when it is not in the table."""
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate("labels", source) if source else code


def election_kind(kind: str) -> str:
    """An election kind's name as the rules file words it: the same on every page (the
    election list, the compound's page, the dashboard, the audit)."""
    from app.elections.stages import kind_name

    return term(kind_name(kind))


def election_stage(stage: str, kind: str | None = None) -> str:
    """A stage's name as the rules file words it for this kind (换届: 成立换届小组), the same
    on every page."""
    from app.elections.stages import stage_name

    return term(stage_name(stage, kind))
