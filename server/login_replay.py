"""Login idempotency: a login sent with an `Idempotency-Key` mints one device token, however
often it is retried. The client makes a fresh random key per login and sends it again with every
retry of that login (after a timeout it cannot know whether the server issued a token); the
server answers a retry with the token it issued the first time.

The token is never kept readable: it is sealed (AES-256-GCM) with a key derived from the
idempotency key, and only the key's SHA-256 is stored, so the table alone opens nothing. A retry
must name the same user and device; rows older than REPLAY_WINDOW (far longer than any retry
waits) are deleted at each login. A replayed token that has been revoked meanwhile is not handed
out again: that retry gets a new one.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.types import utcnow
from server.auth import caller_for_token, issue_token
from server.problems import ApiError
from server.schema import LoginReplay

REPLAY_WINDOW = timedelta(hours=1)
KEY_PATTERN = r"^[A-Za-z0-9_-]{22,128}$"  # at least 128 bits from the client's random source
_PURPOSE = b"compound-desk login replay\x00"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def _cipher(key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(_PURPOSE + key.encode("ascii")).digest())


def _seal(key: str, token: str) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _cipher(key).encrypt(nonce, token.encode(), None)).decode()


def _unseal(key: str, sealed: str) -> str | None:
    try:
        raw = base64.b64decode(sealed)
        return _cipher(key).decrypt(raw[:12], raw[12:], None).decode()
    except (InvalidTag, ValueError):
        return None


def token_for(connection: Connection, key: str | None, user_id: int, device_name: str) -> str:
    """The device token for this login (call in the login's write transaction, after the
    password was checked): the one issued before under `key`, else a new one."""
    if key is None:
        return issue_token(connection, user_id, device_name)
    now = utcnow()
    connection.execute(delete(LoginReplay).where(LoginReplay.created_at < now - REPLAY_WINDOW))
    digest = _digest(key)
    claim = insert(LoginReplay).values(key_hash=digest, user_id=user_id, device_name=device_name,
                                       sealed_token="", created_at=now)
    try:
        with connection.begin_nested():  # a concurrent retry waits here for the first one
            connection.execute(claim)
    except IntegrityError:
        return _replayed(connection, key, digest, user_id, device_name)
    token = issue_token(connection, user_id, device_name)
    connection.execute(update(LoginReplay).where(LoginReplay.key_hash == digest)
                       .values(sealed_token=_seal(key, token)))
    return token


def _replayed(connection: Connection, key: str, digest: str, user_id: int, device_name: str
              ) -> str:
    row = connection.execute(
        select(LoginReplay.user_id, LoginReplay.device_name, LoginReplay.sealed_token)
        .where(LoginReplay.key_hash == digest)
    ).one()
    if (row.user_id, row.device_name) != (user_id, device_name):
        raise ApiError(422, "login_key_reused")
    token = _unseal(key, row.sealed_token)
    if token is not None and caller_for_token(connection, token) is not None:
        return token
    token = issue_token(connection, user_id, device_name)  # the first was revoked meanwhile
    connection.execute(update(LoginReplay).where(LoginReplay.key_hash == digest)
                       .values(sealed_token=_seal(key, token)))
    return token
