"""Every refusal reason the server gives reads in Chinese on the conflicts page
(app.sync.reasons), with table and field names as the app shows them."""

from __future__ import annotations

import re
from typing import Any

from app.sync.reasons import readable_reason
from tests.server.helpers import STREET_A, STREET_B, District, ServerHandle, new_id, op
from tests.server.test_security import Signer

CJK = re.compile(r"[\u4e00-\u9fff]")


def _refusals(server: ServerHandle, district: District) -> dict[str, str]:
    """One real refusal of each kind, from the running server: name → reason."""
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    compound = district.compounds[STREET_A]
    rows = caseworker.rows()
    version = rows[("compounds", compound)]["version"]
    election = new_id()
    assert caseworker.push_one(op("elections", election, compound_id=compound))["status"] == "applied"
    row_id, fields = signer.approval(election, caseworker.name)
    forged = {**fields, "comment": "改过"}
    ops: dict[str, dict[str, Any]] = {
        "unknown table": op("no_such_table", new_id(), x=1),
        "unknown field": op("compounds", compound, "update", version, colour="red"),
        "bad value": op("compounds", compound, "update", version, households="many"),
        "value required": op("compounds", compound, "update", version, name=None),
        "required for new": op("compounds", new_id(), community_id=district.communities[STREET_A]),
        "parent missing": op("compounds", new_id(), community_id=new_id(), name="孤儿"),
        "row missing": op("compounds", new_id(), "update", 0, note="没有这一行"),
        "append-only": op("audit_entries", new_id(), "update", 0, summary="{}"),
        "other street": op("compounds", district.compounds[STREET_B], "update", 10**6, note="越权"),
        "move out": op("compounds", compound, "update", version,
                       community_id=district.communities[STREET_B]),
        "supervisors only": op("rating_templates", new_id(), name="模板"),
        "forged sign-off": op("checkpoint_approvals", row_id, **forged),
        "checkpoint": op("elections", election, "update", 0, stage="candidate_notice"),
        "delete fields": op("compounds", compound, "delete", version, note="x",
                            deleted_at="2026-01-01T00:00:00+00:00"),
    }
    reasons = {}
    for name, operation in ops.items():
        result = caseworker.push_one(operation)
        assert result["status"] == "refused", (name, result)
        reasons[name] = result["reason"]
    duplicate = op("streets", new_id(), name=STREET_A)  # a unique key already taken
    result = district.supervisor.push_one(duplicate)
    assert result["status"] == "refused"
    reasons["unique key"] = result["reason"]
    return reasons


def test_every_refusal_reads_in_chinese(server: ServerHandle, district: District) -> None:
    for name, reason in _refusals(server, district).items():
        said = readable_reason(reason)
        assert not said.startswith("服务器："), (name, reason)  # a reason the module knows
        assert CJK.search(said), (name, said)
        assert not re.search(r"\b(refused|outside|server|required|unknown)\b", said), (name, said)


def test_names_come_out_as_the_app_shows_them() -> None:
    assert readable_reason("field community_id: communities row c-1 is outside your street") == (
        "字段“社区编号”指向的“社区”记录不在您负责的街道。")
    assert readable_reason("sign-off refused: signing key is not registered") == (
        "服务器拒收这条审核签署：签名公钥未在服务器登记。")


def test_the_clients_own_reasons_and_unknown_ones_pass_through() -> None:
    own = "签署人“张三”不是登录的服务器用户“cw”"
    assert readable_reason(own) == own
    assert readable_reason("something new went wrong") == "服务器：something new went wrong"
