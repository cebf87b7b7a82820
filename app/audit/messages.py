"""The Chinese wording of each finding code (the CLI prints it; a screen may word the same code
and params its own way)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.audit.committee import WORDING as COMMITTEE_WORDING
from app.audit.findings import Finding
from app.audit.kinds import WORDING as KINDS_WORDING
from app.audit.votes import WORDING as VOTES_WORDING

SIGNATURE_STATUS = {
    "invalid": "签名与内容不符（记录被改动或不是这把密钥签的）",
    "unknown_key": "本机没有签署人的公钥，无法核验",
    "not_signers_key": "签名密钥不属于所写的签署人",
}
FIELD_NAMES = {"responsible_party": "责任方", "deadline": "办理期限"}
FIELD_PROBLEMS = {"kind": "选举类别", "stage": "阶段", "row": "记录"}

Wording = Callable[[dict[str, Any]], str]
WORDING: dict[str, Wording] = {
    "election.unreadable": lambda p: "选举记录无法核查：" + "、".join(
        FIELD_PROBLEMS.get(f, f) for f in p["fields"]) + f"不是本应用的值（{p['kind']}／{p['stage']}）",
    "election.historical": lambda p: "历史记录（未经签核）：导入时已过" + "、".join(p["checkpoints"])
    + "，未在本应用签核，关口不予核查（不计为违规）",
    "checkpoint.unsigned": lambda p: f"已过{p['checkpoint_name']}，但没有通过且未撤销的签核记录",
    "checkpoint.signature": lambda p: f"{p['checkpoint_name']}的签核（签署人 {p['signer']}）无效："
    + SIGNATURE_STATUS.get(p["status"], str(p["status"])),
    "checkpoint.stale": lambda p: f"{p['checkpoint_name']}签核后名单已变更，签核不再对应现有名单",
    "checkpoint.overridden": lambda p: f"{p['checkpoint_name']}：{p['title']}未满足（{p['detail']}），"
    f"签核时已记录越过理由：{p['reason']}",
    "committee.size": lambda p: f"现任业委会 {p['size']} 人，应为 {p['min']}–{p['max']} 人"
    + ("且为单数" if p["odd"] else ""),
    "member.not_owner": lambda p: f"委员 {p['name']} 在本小区业主名册中没有房屋"
    + ("（所关联房屋不在名册或为未售部分）" if p["linked"] else "（未关联房屋）"),
    "elected.not_owner": lambda p: f"当选人 {p['name']} 在本小区业主名册中没有房屋"
    + ("（所关联房屋不在名册或为未售部分）" if p["linked"] else "（未关联房屋）"),
    "assembly.notice_short": lambda p: f"业主大会 {p['notice']} 公告、{p['vote_start']} 开始投票，"
    f"只提前 {p['days']} 天（应提前 {p['required']} 天以上）",
    "filing.overdue": lambda p: f"{p['elected_on']} 选举产生，应于 {p['due']} 前备案，"
    f"至今未备案（已逾期 {p['days_over']} 天）",
    "filing.late": lambda p: f"{p['elected_on']} 选举产生，应于 {p['due']} 前备案，"
    f"{p['filed_on']} 才备案（逾期 {p['days_over']} 天）",
    "agenda.decided_incomplete": lambda p: "已进入“定”，但缺少" + "、".join(
        FIELD_NAMES.get(f, f) for f in p["missing"]),
    "agenda.answer_method_missing": lambda p: "已“回音”，但没有写明答复方式",
}


WORDING.update(COMMITTEE_WORDING)  # each family's module words its own codes
WORDING.update(VOTES_WORDING)
WORDING.update(KINDS_WORDING)


def message_zh(finding: Finding) -> str:
    wording = WORDING.get(finding.code)
    if wording is not None:
        return wording(finding.params)
    if finding.code.startswith("check.") and "title" in finding.params:
        p = finding.params
        return f"已过{p['checkpoint_name']}，但“{p['title']}”不成立：{p['detail']}"
    return finding.code


def line_zh(finding: Finding) -> str:
    """One line of the CLI's listing: compound｜record｜what is wrong｜依据."""
    return (f"{finding.compound}｜{finding.subject.label}｜{message_zh(finding)}"
            f"｜依据：{finding.citation}")
