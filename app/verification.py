"""Checking a printed checkpoint form: from the text its QR code holds (typed by a scanner, or
pasted) or from the PDF the app printed. One path for the `verify` CLI and the 核验 dialog.

A code that is intact proves only that whoever made its key signed it; it is valid only when
this computer knows the key as the named signer's (app.elections.signoff.confirm_code). The
verdict carries a code the UI translates and the detail as the app layer words it."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import BadInput

# A printed checkpoint form (embedded font subsets, one page) is well under a megabyte.
MAX_FILE_BYTES = 32 * 1024 * 1024

# Verdict codes: valid — the signature holds and its key is the signer's here;
# unconfirmed — intact, but the key is unknown here or someone else's; mismatch — a signed field
# differs from the local record; damaged — not a well-formed signed code; not_a_code — neither
# a code nor a file; unreadable / too_big / no_code — the file given.
VALID, UNCONFIRMED, MISMATCH, DAMAGED = "valid", "unconfirmed", "mismatch", "damaged"
NOT_A_CODE, UNREADABLE, TOO_BIG, NO_CODE = "not_a_code", "unreadable", "too_big", "no_code"
NOT_OURS = "not_ours"  # a PDF whose code is not where the app prints it, or one of several
# The app prints the code into the PDF's Info /Keywords, and nowhere else in the file.
KEYWORDS_CODE = re.compile(rb"/Keywords \((CDSIGN1:[A-Za-z0-9_-]+)\)")


@dataclass(frozen=True)
class Verdict:
    """What checking a code found: `code` (above), the signed payload when it could be read,
    the local status ('current' / 'stale' / 'revoked' / None when this store lacks the record)."""

    code: str
    detail: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    local_status: str | None = None

    @property
    def valid(self) -> bool:
        return self.code == VALID


def code_in_file(path: Path) -> str | Verdict:
    """The sign-off code inside a printed PDF, or the verdict saying why there is none."""
    from app.signing import QR_PATTERN, find_qr_text

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Verdict(UNREADABLE, exc.strerror or type(exc).__name__)
    if len(data) > MAX_FILE_BYTES:
        return Verdict(TOO_BIG, str(MAX_FILE_BYTES // (1024 * 1024)))
    if find_qr_text(data) is None:
        return Verdict(NO_CODE)
    # A code is read only from where the app prints it, and only when it is the file's one code:
    # a copied code in a text file, a second code in a comment, a code in the page text — a
    # file made to carry another form's code — is not a printed form.
    keywords = KEYWORDS_CODE.findall(data)
    every = {m.group(0) for m in QR_PATTERN.finditer(data)}
    if not data.startswith(b"%PDF-") or len(keywords) != 1 or every != {keywords[0]}:
        return Verdict(NOT_OURS)
    return keywords[0].decode("ascii")


def check_code(text: str, session: Any | None) -> Verdict:
    """Check a code against the keys and records of `session`'s store (None: no local store)."""
    from app.elections.signoff import (
        approval_status,
        confirm_code,
        key_owner,
        known_public_key,
        unconfirmed_signer,
    )
    from app.signing import QR_PREFIX, verify_qr_text

    if not text.strip().startswith(QR_PREFIX):
        return Verdict(NOT_A_CODE)
    try:
        record = verify_qr_text(text)
    except BadInput as exc:
        return Verdict(DAMAGED, str(exc))
    payload = record["payload"]
    if session is None:
        return Verdict(UNCONFIRMED, unconfirmed_signer(payload["signer"], payload["key_id"]),
                       payload)
    public_raw = base64.b64decode(record["public_key"])
    problem = confirm_code(session, payload, public_raw)
    if problem is None:
        return Verdict(VALID, "", payload, approval_status(session, payload["id"]))
    key_id = payload["key_id"]
    signers_key = (known_public_key(session, key_id) == public_raw
                   and key_owner(session, key_id) == payload["signer"])
    # the key is the signer's, so what failed is a signed field against the local record
    return Verdict(MISMATCH if signers_key else UNCONFIRMED, problem, payload)


def check_in_store(store: Any, text: str) -> Verdict:
    """`check_code` in a session of the open store; a store that can't be read is WorkFailed."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.errors import WorkFailed
    from db.engine import driver_errors

    unreadable: tuple[type[Exception], ...] = (SQLAlchemyError, *driver_errors())

    try:
        with store.session() as session:
            return check_code(text, session)
    except unreadable:
        raise WorkFailed(code="verify.store_unreadable") from None

