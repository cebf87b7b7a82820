"""Every refusal the server gives carries a code the client words in Chinese and in English on
the conflicts page (app.sync.reasons, from the code — never from the sentence), with table and
field names as the app shows them."""

from __future__ import annotations

import re
from typing import Any

from app.messages import catalogue
from app.sync.reasons import readable_reason
from tests.server.helpers import STREET_A, STREET_B, District, ServerHandle, new_id, op
from tests.server.test_security import Signer

CJK = re.compile(r"[\u4e00-\u9fff]")


def _refusals(server: ServerHandle, district: District) -> dict[str, dict[str, Any]]:
    """One real refusal of each kind, from the running server: name → its push result."""
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
        reasons[name] = result
    duplicate = op("streets", new_id(), name=STREET_A)  # a unique key already taken
    result = district.supervisor.push_one(duplicate)
    assert result["status"] == "refused"
    reasons["unique key"] = result
    return reasons


def test_every_refusal_reads_in_chinese_and_in_english(server: ServerHandle,
                                                      district: District) -> None:
    for name, result in _refusals(server, district).items():
        error = result["error"]
        assert set(error) == {"code", "message", "params"}, (name, error)
        assert f"sync.{error['code']}" in catalogue(), (name, error)
        assert result["reason"] == error["message"]  # the previous release's field, kept
        said = readable_reason(result)
        assert not said.startswith("服务器："), (name, error)  # a code the client knows
        assert CJK.search(said) and "{" not in said and "…" not in said, (name, said)
        assert not re.search(r"\b(refused|outside|server|required|unknown)\b", said), (name, said)
        english = readable_reason(result, "en")
        assert english == error["message"] and not CJK.search(english.replace(
            str(error["params"].get("name", "")), "")), (name, english)


def test_the_words_come_from_the_code_not_the_sentence() -> None:
    reference = {"code": "reference_outside_scope", "message": "anything at all",
                 "params": {"field": "community_id", "table": "communities", "id": "c-1"}}
    assert readable_reason({"error": reference}) == (
        "字段“社区编号”指向的“社区”记录不在服务器上，或不在您负责的街道（可能已被删除或尚未上传）。")
    assert readable_reason(reference, "en") == (
        "field community_id: communities row c-1 is not on the server or is outside your street")
    unregistered = {"code": "signoff_key_unregistered", "message": "", "params": {}}
    assert readable_reason(unregistered) == "服务器拒收这条审核签署：签名公钥未在服务器登记。"
    vote = {"code": "vote_figure_exceeds", "message": "", "params": {
        "field": "yes_owners", "value": "90", "whole": "voted_owners", "whole_value": "80"}}
    assert readable_reason(vote) == "业主表决的“同意人数”（90）大于“参与表决人数”（80），服务器不接受。"


def test_the_clients_own_reasons_and_unknown_codes_pass_through() -> None:
    own = "签署人“张三”不是登录的服务器用户“cw”"
    assert readable_reason({"reason": own, "error": None, "row": None}) == own
    newer = {"code": "something_new", "message": "something new went wrong", "params": {}}
    assert readable_reason({"error": newer}) == "服务器：something new went wrong"
    assert readable_reason({"error": newer}, "en") == "something new went wrong"
    assert readable_reason({"reason": "an old conflict's sentence"}) == "服务器：an old conflict's sentence"


def test_the_clients_own_refusals_carry_codes_too() -> None:
    from app.sync.reasons import client_refusal
    from app.sync.signing_keys import held_back_result

    held = held_back_result("op-1", client_refusal("signer_not_user", signer="张三", user="cw"))
    assert held["reason"].startswith("签署人“张三”不是登录的服务器用户“cw”")
    assert readable_reason(held) == held["reason"]
    english = readable_reason(held, "en")
    assert english.startswith("Signed by “张三”, not by the logged-in server user “cw”")
    assert english == held["error"]["message"]
