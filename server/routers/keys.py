"""Signing keys: `POST /api/v1/keys` registers the caller's public key with a proof of possession
(server.keys checks it), `GET /api/v1/keys/{key_id}` gives a colleague's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import insert, select

from server.keys import registration_problem
from server.problems import ApiError
from server.routers.deps import Authenticated, Reading, Writing
from server.routers.schemas import AUTHENTICATED, errors
from server.schema import SigningKey, User
from server.wire import NO_NUL

router = APIRouter(prefix="/api/v1/keys", tags=["keys"], responses=AUTHENTICATED)


class KeyRequest(BaseModel):
    key_id: str = Field(pattern="^[0-9a-f]{64}$")
    public_key: str = Field(min_length=1, max_length=64)
    # Checked by server.keys (a missing proof gets an explaining 422, not pydantic's message).
    proof: str | None = Field(
        default=None, max_length=128,
        description="required: base64 Ed25519 signature over the key registration statement",
    )


class KeyAnswer(BaseModel):
    key_id: str
    public_key: str
    user: str


@router.post("", response_model=KeyAnswer, status_code=201, responses=errors(409))
def register_key(body: KeyRequest, who: Authenticated, connection: Writing) -> KeyAnswer:
    problem = registration_problem(body.key_id, body.public_key, body.proof, who.name)
    if problem:
        raise ApiError(422, problem.code, **problem.params)
    owner = connection.scalar(select(SigningKey.user_id).where(SigningKey.key_id == body.key_id))
    if owner is None:
        connection.execute(insert(SigningKey).values(
            key_id=body.key_id, user_id=who.user_id, public_key=body.public_key,
            created_at=datetime.now(UTC)))
    elif owner != who.user_id:
        raise ApiError(409, "key_registered_to_other")
    return KeyAnswer(key_id=body.key_id, public_key=body.public_key, user=who.name)


@router.get("/{key_id}", response_model=KeyAnswer, responses=errors(404))
def get_key(key_id: Annotated[str, Path(max_length=64, pattern=NO_NUL)], _who: Authenticated,
            connection: Reading) -> KeyAnswer:
    row = connection.execute(
        select(SigningKey.key_id, SigningKey.public_key, User.name)
        .join(User, User.id == SigningKey.user_id)
        .where(SigningKey.key_id == key_id)
    ).first()
    if row is None:
        raise ApiError(404, "key_not_found", key_id=key_id[:64])
    return KeyAnswer(key_id=row.key_id, public_key=row.public_key, user=row.name)
