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
}


def table_label(name: str) -> str:
    model = MODEL_BY_TABLE.get(name)
    return f"“{model.label_zh}”" if model is not None and model.label_zh else name


def field_label(name: str) -> str:
    return f"“{COLUMN_LABELS[name]}”" if name in COLUMN_LABELS else name


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
        (r"election stage refused: moving past (?P<stage>\S+) \((?P<cp>\w+)\) .*",
         lambda m: f"选举不能越过“{m['stage']}”：服务器上没有这一关口有效的审核通过记录"
                   "（签署被退回、未上传或已撤销）。请在关口重新签署后再同步。"),
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
