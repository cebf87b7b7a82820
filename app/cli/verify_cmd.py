"""`verify CODE|FILE`: check a signed checkpoint sign-off from its QR text or a printed PDF.

A code carries its own public key, which proves only that the code is intact: anyone can make a
key and sign a code naming any signer. So a code is valid only when this computer knows its key
as the named signer's (the local user's own key, or a colleague's fetched by sync), and, when
the local store holds the sign-off, every signed field equals the stored row. Exit 0 valid;
1 not confirmed or not matching the store; 2 not a sign-off code at all (garbage, damaged, too
big, a PDF that is not ours).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HELP = "check a signed checkpoint sign-off from its QR text (CDSIGN1:...) or a printed PDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE|FILE", help="the QR text, or a PDF printed by the app")


def _code_from(argument: str) -> str:
    from app.errors import BadInput
    from app.signing import QR_PREFIX

    if argument.strip().startswith(QR_PREFIX):
        return argument
    path = Path(argument)
    shown = _brief(path.name or argument)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, say
        is_file = False
    if not is_file:
        raise BadInput(code="verify.not_code_or_file", shown=shown, prefix=QR_PREFIX)
    from app.verification import NO_CODE, NOT_OURS, TOO_BIG, UNREADABLE, code_in_file

    found = code_in_file(path)
    if isinstance(found, str):
        return found
    if found.code == UNREADABLE:
        raise BadInput(code="verify.unreadable", shown=shown, detail=found.detail)
    if found.code == TOO_BIG:
        raise BadInput(code="verify.too_big", shown=shown, detail=found.detail)
    if found.code == NOT_OURS:
        raise BadInput(code="verify.not_original", shown=shown)
    assert found.code == NO_CODE
    raise BadInput(code="verify.no_code", shown=shown)


def _check_locally(data_dir: Path, payload: dict[str, Any], public_raw: bytes) -> tuple[str | None, str | None]:
    """(why the code is not valid here or None, the local status 'current'/'revoked'/'stale' or
    None when the local store does not hold this sign-off)."""
    from app.elections.signoff import unconfirmed_signer
    from db.store import STORE_FILENAME

    if not (data_dir / STORE_FILENAME).exists():
        return unconfirmed_signer(payload["signer"], payload["key_id"]), None

    from sqlalchemy.exc import SQLAlchemyError

    from app.elections.signoff import approval_status, confirm_code
    from app.errors import WorkFailed
    from app.session import open_local_store
    from db.engine import driver_errors

    unreadable: tuple[type[Exception], ...] = (SQLAlchemyError, *driver_errors())

    try:
        store = open_local_store(data_dir)
        try:
            with store.session() as session:
                problem = confirm_code(session, payload, public_raw)
                status = None if problem else approval_status(session, payload["id"])
                return problem, status
        finally:
            store.close()
    except unreadable:
        raise WorkFailed(code="verify.store_unreadable") from None


def _brief(text: str, limit: int = 80) -> str:
    """Text from the code or the command line, printable on one line (no control characters)."""
    shown = "".join(ch if ch.isprintable() else "�" for ch in text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _facts(data_dir: Path, record: dict[str, Any]) -> dict[str, str]:
    """What was signed, in words a checker compares with the paper: the compound's name and
    the signer's profile when this store knows them, the local time in Chinese."""
    from app.verification import Verdict
    from app.verification_view import facts_of

    payload = record["payload"]
    names = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
    decisions = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
    facts = {"compound": "", "checkpoint": names.get(payload["checkpoint"], payload["checkpoint"]),
             "decision": decisions.get(payload["decision"], payload["decision"]),
             "signer": payload["signer"], "signed_at": payload["signed_at"]}
    from db.store import STORE_FILENAME

    if not (data_dir / STORE_FILENAME).exists():
        return facts
    from app.session import open_local_store

    store = open_local_store(data_dir)
    try:
        with store.session() as session:
            found = facts_of(session, Verdict("valid", "", payload))
    finally:
        store.close()
    if found is not None:
        facts["compound"], facts["signer"] = found.compound, found.signer
        if found.signed_at is not None:
            at = found.signed_at
            facts["signed_at"] = f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    return facts


def run(args: argparse.Namespace) -> int:
    import base64

    from app.signing import verify_qr_text

    record = verify_qr_text(_code_from(args.code))
    payload = record["payload"]
    problem, status = _check_locally(args.data_dir, payload, base64.b64decode(record["public_key"]))
    if args.json:
        answer = {"valid": problem is None, "local_status": status, **record}
        if problem:
            answer["problem"] = problem
        json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0 if problem is None else 1
    if problem is not None:
        sys.stderr.write(f"核验未通过 not valid: {problem}\n")
        return 1
    out = sys.stdout.write
    out("签名有效 signature valid\n")
    facts = _facts(args.data_dir, record)
    out("请核对纸面上的小区、关口、结论和签署人与下列一致 (compare with the paper):\n")
    if facts.get("compound"):
        out(f"小区 compound: {_brief(facts['compound'])}\n")
    out(f"关口 checkpoint: {facts['checkpoint']}\n")
    out(f"决定 decision: {facts['decision']}\n")
    out(f"签署人 signer: {_brief(facts['signer'])}  时间 signed at: {_brief(facts['signed_at'])}\n")
    out(f"选举 election: {_brief(payload['election_id'])}  审核记录 sign-off: {_brief(payload['id'])}\n")
    out(f"内容摘要 content hash: {_brief(payload['content_hash'])}\n")
    out(f"密钥 key id: {payload['key_id']}\n")
    if payload["comment"]:
        out(f"意见 comment: {_brief(payload['comment'], 2000)}\n")
    if payload["override_reason"]:
        out(f"越过区设置的理由 override reason: {_brief(payload['override_reason'], 2000)}\n")
    if status == "revoked":
        out("注意：此审核已被撤销 WARNING: this sign-off has been revoked\n")
    elif status == "stale":
        out("注意：审核后内容已变更 WARNING: the approved content has changed since (stale)\n")
    elif status == "current":
        out("本地记录一致 matches the local store\n")
    else:
        out("本地数据中没有这条审核记录，仅核验了签名人 not in the local store\n")
    return 0
