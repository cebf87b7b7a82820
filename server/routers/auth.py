"""`POST /api/v1/login` (a password for a device token) and `POST /api/v1/logout`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from db.models import Street
from server import auth
from server.database import read_transaction, write_transaction
from server.login_replay import KEY_PATTERN, token_for
from server.problems import ApiError
from server.routers.deps import Authenticated, Database, Writing
from server.routers.schemas import AUTHENTICATED, COMMON, errors
from server.wire import NO_NUL

router = APIRouter(prefix="/api/v1", tags=["auth"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=80, pattern=NO_NUL)
    password: str = Field(min_length=1, max_length=1024, pattern=NO_NUL)
    device_name: str = Field(default="", max_length=120, pattern=NO_NUL)


class UserInfo(BaseModel):
    name: str
    role: str
    street_id: str | None
    street_name: str | None


class LoginAnswer(BaseModel):
    token: str
    user: UserInfo


@router.post("/login", response_model=LoginAnswer, responses={**COMMON, **errors(401, 429)})
def login(
    body: LoginRequest, request: Request, engine: Database,
    idempotency_key: Annotated[str | None, Header(
        pattern=KEY_PATTERN,
        description="random, fresh per login and the same on each retry of it: a retry gets "
                    "the token the first attempt was given, never a second one")] = None,
) -> LoginAnswer:
    # The peer address (uvicorn resolves X-Forwarded-For only from trusted proxies).
    address = request.client.host if request.client else "unknown"
    with write_transaction(engine) as connection:  # counted before the password is checked
        try:
            attempt = auth.begin_attempt(connection, body.username, address)
        except auth.Throttled as exc:
            raise ApiError(429, exc.code, headers={"Retry-After": str(exc.retry_after_seconds)},
                           retry_after=exc.retry_after_seconds, wait=exc.wait) from None
    with read_transaction(engine) as connection:
        user = auth.verify_password(connection, body.username, body.password)
    if user is None:
        raise ApiError(401, "bad_credentials")
    with write_transaction(engine) as connection:
        auth.attempt_succeeded(connection, attempt)
        token = token_for(connection, idempotency_key, user.id, body.device_name)
        street_name = None
        if user.street_id:
            street_name = connection.scalar(select(Street.name).where(Street.id == user.street_id))
    return LoginAnswer(token=token, user=UserInfo(
        name=user.name, role=user.role, street_id=user.street_id, street_name=street_name))


@router.post("/logout", status_code=204, response_class=Response, responses=AUTHENTICATED)
def logout(who: Authenticated, connection: Writing) -> Response:
    auth.revoke_token(connection, who.token_id)
    return Response(status_code=204)
