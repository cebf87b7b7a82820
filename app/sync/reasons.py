"""Server refusal reasons in a caseworker's words.

The server answers a refused op with an English reason (the protocol's language, read by the
CLI and in logs: docs/sync-protocol.md). The conflicts page shows it to a caseworker who reads
Chinese, so each reason the server gives is matched here and said again in Chinese, with table
and field names as the app shows them. A reason this module does not know is shown as the server
wrote it, after 服务器：.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.elections.stages import kind_name, stage_name
from app.exporting import COLUMN_LABELS
from db.models import MODEL_BY_TABLE

SIGNOFF_PROBLEMS = {
    "payload is not a JSON object": "签署内容不是有效的记录",
    "payload does not hold exactly the signed keys": "签署内容缺少或多出字段",
    "payload is not canonical JSON": "签署内容的格式不规范",
    "payload id differs from the row id": "签署内容与记录编号不符",
    "signing key is not registered": "签名公钥未在服务器登记",
    "signing key belongs to another user": "签名公钥登记在其他用户名下",
    "signer is not the owner of the signing key": "签署人不是签名公钥的持有人",
    "signature does not verify (forged or altered)": "签名验证不通过（伪造或签署后被改动）",
    "checkpoint is not a known value": "关口名称无效",
    "decision is not a known value": "审核结论无效",
    "content_hash is not a SHA-256 hex digest": "内容摘要格式无效",
    "revokes_id is given for a revocation and only for one": "只有撤销记录才能指明被撤销的审核",
    "revokes_id does not name an approval of this election and checkpoint":
        "要撤销的审核记录不是本选举这一关口的“通过”记录",
    "the election is not on the server": "所属选举不在服务器上",
    "the election has no such checkpoint": "这一类型的选举没有该关口",
    "content_hash does not match the server's rows for this checkpoint":
        "签署的内容与服务器上的记录不一致（签署后资料或名单已被改动，或有关修改未先上传），"
        "请核对后重新审核签署",
}
ELECTION_PROBLEMS = {
    "only a supervisor may push a historical election record": "只有区级主管可以上传历史选举记录",
    "only a supervisor may change historical": "只有区级主管可以修改“历史记录”标记",
    "the kind cannot change once the first checkpoint is passed": "选举已过第一道关口，不能再改选举类型",
}

# An owners' vote's figures as the vote dialog names them (app/owners_votes/records.py).
VOTE_FIGURE_LABELS = {
    "total_owners": "“业主总人数”", "total_area_m2": "“专有部分总面积”",
    "voted_owners": "“参与表决人数”", "voted_area_m2": "“参与表决面积”",
    "yes_owners": "“同意人数”", "yes_area_m2": "“同意面积”",
}


def table_label(name: str) -> str:
    model = MODEL_BY_TABLE.get(name)
    return f"“{model.label_zh}”" if model is not None and model.label_zh else name


def field_label(name: str) -> str:
    return f"“{COLUMN_LABELS[name]}”" if name in COLUMN_LABELS else name


def _election(match: re.Match[str]) -> str:
    problem = match["problem"]
    if problem in ELECTION_PROBLEMS:
        return f"服务器拒收这条选举修改：{ELECTION_PROBLEMS[problem]}。"
    if problem.startswith("a new election starts at"):
        return ("新建的选举须从“申请”阶段开始；已在进行中的选举只能由区级主管作为历史记录上传。")
    stage = re.fullmatch(r"stage (\w+) is not a stage of a (\w+) election", problem)
    if stage is not None:
        return f"{kind_name(stage[2])}没有“{stage_name(stage[1], stage[2])}”这一阶段。"
    unknown = re.fullmatch(r"unknown (kind|stage) (.*)", problem, re.DOTALL)
    if unknown is not None:
        return f"服务器不认识选举{'类型' if unknown[1] == 'kind' else '阶段'}“{unknown[2]}”。"
    return f"服务器拒收这条选举修改：{problem}"


def _signoff(match: re.Match[str]) -> str:
    problem = match["problem"]
    field = re.fullmatch(r"(?:payload )?field (\w+) (?:is not a valid value|differs from what was "
                         r"signed)", problem)
    if field is not None:
        said = SIGNOFF_PROBLEMS.get(problem) or f"字段{field_label(field[1])}与签署内容不符或无效"
    else:
        said = SIGNOFF_PROBLEMS.get(problem, problem)
    return f"服务器拒收这条审核签署：{said}。"


# (pattern of the server's reason, how to say it); tried in order, the first match wins.
PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), say) for pattern, say in (
        (r"field (?P<f>\w+): (?P<t>\w+) row (?P<id>\S+) is not on the server or is outside your "
         r"street",
         lambda m: f"字段{field_label(m['f'])}指向的{table_label(m['t'])}记录不在服务器上，"
                   "或不在您负责的街道（可能已被删除或尚未上传）。"),
        (r"(?P<t>\w+) row (?P<id>\S+) is not on the server or is outside your street",
         lambda m: f"服务器上没有这条{table_label(m['t'])}记录，或它不在您负责的街道。"),
        (r"(?P<t>\w+) row (?P<id>\S+) is not deleted",
         lambda m: f"这条{table_label(m['t'])}记录在服务器上没有被删除，无需恢复。"),
        (r"an undelete carries no fields, not (?P<f>\w+)",
         lambda m: f"恢复操作不能同时修改{field_label(m['f'])}。"),
        (r"field (?P<f>\w+): later than the server's clock by more than (?P<n>\d+) minutes .*",
         lambda m: f"{field_label(m['f'])}比服务器时间晚了{m['n']}分钟以上，请检查本机的日期和时间。"),
        (r"field signed_at: earlier than this device's login to the server .*",
         lambda m: "签署时间早于本机这次登录服务器的时间，服务器不接受更早的签署时间；请重新签署。"),
        (r"field (?P<f>\w+): not valid Unicode text .*",
         lambda m: f"{field_label(m['f'])}含有无法保存的无效字符，请删去后再同步。"),
        (r"field (?P<f>\w+): timestamp out of range",
         lambda m: f"{field_label(m['f'])}的时间超出了可以保存的范围。"),
        (r"the server could not apply this change \((?P<kind>\w+)\); nothing of it was saved",
         lambda m: f"服务器无法处理这条修改（{m['kind']}），没有保存其中任何内容；其余修改不受影响。"),
        (r"election stage refused: a (?P<kind>\w+) election moves past (?P<stage>\S+) \(timing\) "
         r"only with a trigger .*",
         lambda m: f"{kind_name(m['kind'])}须先登记本类选举的启动情形（规则文件所列），"
                   f"才能越过“{m['stage']}”。请登记启动情形、重新签署后再同步。"),
        (r"election stage refused: moving past (?P<stage>\S+) \((?P<cp>\w+)\) .*",
         lambda m: f"选举不能越过“{m['stage']}”：服务器上没有这一关口有效的审核通过记录"
                   "（签署被退回、未上传、已撤销，或签署后资料已变更）。请在关口重新签署后再同步。"),
        (r"election stage refused: the approval of (?P<stage>\S+) \((?P<cp>\w+)\) was revoked.*",
         lambda m: f"“{m['stage']}”的审核已被撤销：须先把选举退回该关口、重新签署，才能继续办理。"),
        (r"election stage refused: the approval of (?P<stage>\S+) \((?P<cp>\w+)\) no longer .*",
         lambda m: f"“{m['stage']}”审核通过后名单已变更：须撤销原审核并重新签署，才能进入投票或计票。"),
        (r"election refused: (?P<problem>.+)", _election),
        (r"owners vote refused: field (?P<f>\w+) \((?P<a>[^)]*)\) exceeds (?P<w>\w+) \((?P<b>[^)]*)\)",
         lambda m: f"业主表决的{VOTE_FIGURE_LABELS.get(m['f'], m['f'])}（{m['a']}）大于"
                   f"{VOTE_FIGURE_LABELS.get(m['w'], m['w'])}（{m['b']}），服务器不接受。"),
        (r"owners vote refused: field (?P<f>\w+): that (?P<t>\w+) row belongs to another compound .*",
         lambda m: f"业主表决关联的{table_label(m['t'])}属于另一个小区，不能作为本小区的业主表决。"),
        (r"sign-off refused: (?P<problem>.+)", _signoff),
        (r"(?P<t>\w+) row (?P<id>\S+) would move outside your street",
         lambda m: f"这样修改会把{table_label(m['t'])}记录移出您负责的街道，服务器不接受。"),
        (r"(?P<t>\w+) row (?P<id>\S+) is outside your street",
         lambda m: f"{table_label(m['t'])}记录不在您负责的街道，无权修改。"),
        (r"field (?P<f>\w+): (?P<t>\w+) row (?P<id>\S+) is outside your street",
         lambda m: f"字段{field_label(m['f'])}指向的{table_label(m['t'])}记录不在您负责的街道。"),
        (r"field (?P<f>\w+): (?P<t>\w+) row (?P<id>\S+) is not on the server",
         lambda m: f"字段{field_label(m['f'])}指向的{table_label(m['t'])}记录不在服务器上"
                   "（可能已被删除，或尚未上传）。"),
        (r"(?P<t>\w+) row (?P<id>\S+) is (?:not|missing) on the server",
         lambda m: f"服务器上没有这条{table_label(m['t'])}记录。"),
        (r"(?P<t>\w+) rows are append-only: .*",
         lambda m: f"{table_label(m['t'])}只能新增，不能修改或删除。"),
        (r"only supervisors may change (?P<t>\w+)",
         lambda m: f"只有区级主管可以修改{table_label(m['t'])}。"),
        (r"unknown table (?P<t>\S+)",
         lambda m: f"服务器不认识数据表 {m['t']}（本机程序或服务器版本不一致）。"),
        (r"unknown field (?P<t>\w+)\.(?P<f>\w+)",
         lambda m: f"服务器不认识字段 {m['t']}.{m['f']}（本机程序或服务器版本不一致）。"),
        (r"field (?P<f>\w+) is required for a new (?P<t>\w+) row",
         lambda m: f"新建{table_label(m['t'])}记录缺少必填的{field_label(m['f'])}。"),
        (r"field (?P<f>\w+): a value is required",
         lambda m: f"{field_label(m['f'])}不能为空。"),
        (r"field (?P<f>\w+): (?P<detail>.+)",
         lambda m: f"{field_label(m['f'])}的值无效（{m['detail']}）。"),
        (r"a delete carries only deleted_at and deleted_by, not (?P<f>\w+)",
         lambda m: f"删除操作不能同时修改{field_label(m['f'])}。"),
        (r"op id already used with a different payload",
         lambda m: "同一操作编号已用于另一内容不同的修改，服务器不接受。"),
        (r"the database refused the change: (?P<detail>.*)",
         lambda m: "服务器数据库拒绝了这次修改（常见原因：与已有记录重名）。"
                   f"详情：{m['detail']}"),
    )
)


def readable_reason(reason: str) -> str:
    """The server's reason in Chinese; reasons made by the client itself (already Chinese) and
    unknown ones pass through, the latter marked as the server's words."""
    text = reason.strip()
    for pattern, say in PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            return say(match)
    return f"服务器：{text}" if text.isascii() and text else text
