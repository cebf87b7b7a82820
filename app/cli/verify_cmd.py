"""`verify CODE|FILE`: check a signed checkpoint sign-off from its QR text or a printed PDF.

The signature check needs nothing but the code. When the local store knows the sign-off, the
answer also says whether it was revoked since, or whether what it approved has changed (stale).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "check a signed checkpoint sign-off from its QR text (CDSIGN1:...) or a printed PDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE|FILE", help="the QR text, or a PDF printed by the app")


def _code_from(argument: str) -> str:
    from app.errors import BadInput
    from app.signing import QR_PREFIX, find_qr_text

    if argument.strip().startswith(QR_PREFIX):
        return argument
    path = Path(argument)
    if not path.is_file():
        raise BadInput(f"{argument!r} is neither a sign-off code ({QR_PREFIX}…) nor a file")
    try:
        found = find_qr_text(path.read_bytes())
    except OSError as exc:
        raise BadInput(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    if found is None:
        raise BadInput(f"{path.name}: no sign-off code found in the file")
    return found


def _local_status(data_dir: Path, approval_id: str) -> str | None:
    """'current', 'revoked', 'stale' or None when the local store does not hold this sign-off."""
    from db.store import STORE_FILENAME

    if not (data_dir / STORE_FILENAME).exists():
        return None
    from app.elections.signoff import approval_status
    from app.session import open_local_store

    store = open_local_store(data_dir)
    try:
        with store.session() as session:
            return approval_status(session, approval_id)
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    from app.signing import verify_qr_text

    record = verify_qr_text(_code_from(args.code))
    payload = record["payload"]
    status = _local_status(args.data_dir, payload["id"])
    if args.json:
        json.dump({"valid": True, "local_status": status, **record}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    names = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
    decisions = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
    out = sys.stdout.write
    out("签名有效 signature valid\n")
    out(f"关口 checkpoint: {names.get(payload['checkpoint'], payload['checkpoint'])}\n")
    out(f"决定 decision: {decisions.get(payload['decision'], payload['decision'])}\n")
    out(f"签署人 signer: {payload['signer']}  时间 signed at: {payload['signed_at']}\n")
    out(f"选举 election: {payload['election_id']}  审核记录 sign-off: {payload['id']}\n")
    out(f"内容摘要 content hash: {payload['content_hash']}\n")
    out(f"密钥 key id: {payload['key_id']}\n")
    if payload["comment"]:
        out(f"意见 comment: {payload['comment']}\n")
    if payload["override_reason"]:
        out(f"越过区设置的理由 override reason: {payload['override_reason']}\n")
    if status == "revoked":
        out("注意：此审核已被撤销 WARNING: this sign-off has been revoked\n")
    elif status == "stale":
        out("注意：审核后内容已变更 WARNING: the approved content has changed since (stale)\n")
    elif status == "current":
        out("本地记录一致 matches the local store\n")
    return 0
