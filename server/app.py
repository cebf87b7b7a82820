"""The FastAPI application of the sync server (docs/sync-protocol.md is the contract).

`create_app(database_url)` builds an app whose only state is the database, so any number of
workers can serve it; `app_from_env()` is the factory `serve` hands to uvicorn's workers.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import Engine, insert, select, text
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from db.models import Street
from server import auth
from server.database import make_engine, read_transaction, upgrade, write_transaction
from server.keys import registration_problem
from server.profiles import install as install_profile_routes
from server.pull import pull as pull_changes
from server.push import Op
from server.push import push as push_ops
from server.request_log import RequestLog, ensure_handler
from server.schema import SigningKey, User
from server.wire import scrub

PROTOCOL, MIN_PROTOCOL = 1, 1
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_OPS = 1000
MAX_VERSION = 2**63 - 1
DATABASE_ENV = "COMPOUND_DESK_SERVER_DB"


# --- request bodies ----------------------------------------------------------------------------

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refuse it as bad input, not a 500

class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=80, pattern=NO_NUL)
    password: str = Field(min_length=1, max_length=1024, pattern=NO_NUL)
    device_name: str = Field(default="", max_length=120, pattern=NO_NUL)


class PushOp(BaseModel):
    op_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    table: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    row_id: str = Field(min_length=1, max_length=36, pattern=NO_NUL)
    op: Literal["insert", "update", "delete", "undelete"]
    base_version: int = Field(default=0, ge=0, le=MAX_VERSION)
    fields: dict[str, Any] = Field(default_factory=dict)


class PushRequest(BaseModel):
    ops: list[PushOp] = Field(max_length=MAX_OPS)


class KeyRequest(BaseModel):
    key_id: str = Field(pattern="^[0-9a-f]{64}$")
    public_key: str = Field(min_length=1, max_length=64)
    # Checked by server.keys (a missing proof gets an explaining 422, not pydantic's message).
    proof: str | None = Field(
        default=None, max_length=128,
        description="required: base64 Ed25519 signature over the key registration statement",
    )


class UserInfo(BaseModel):
    name: str
    role: str
    street_id: str | None
    street_name: str | None


class LoginResponse(BaseModel):
    token: str
    user: UserInfo


class KeyResponse(BaseModel):
    key_id: str
    public_key: str
    user: str


class MetaResponse(BaseModel):
    protocol: int
    min_protocol: int
    server_time: str
    name: str


# --- errors ------------------------------------------------------------------------------------

class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"request body larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    # scrub: a message quoting bad input (a lone surrogate) must still encode as UTF-8.
    return JSONResponse({"error": scrub(message)}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "malformed JSON in the request body"
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request body"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


class BodyLimit:
    """Refuses bodies over the limit before they are parsed: by Content-Length up front, and by
    counting the bytes of a body sent without one."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            status = 413 if declared.isdigit() else 400
            message = BodyTooLarge().detail if status == 413 else "bad Content-Length"
            await _error(status, message)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counting_receive, send)


# --- the app -----------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="device token from /api/v1/login")


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> auth.Caller:
    """The authenticated caller, or 401 for a missing, unknown, expired or revoked token."""
    unauthorized = {"WWW-Authenticate": "Bearer"}
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "log in first: no device token was sent", unauthorized)
    with read_transaction(request.app.state.engine) as connection:
        found = auth.caller_for_token(connection, credentials.credentials)
    if found is None:
        raise HTTPException(401, "the device token is unknown, expired or revoked; log in again",
                            unauthorized)
    request.state.user = found.name  # for the request's log line (server.request_log)
    return found


Authenticated = Annotated[auth.Caller, Depends(caller)]


def create_app(database_url: str, *, migrate: bool = True) -> FastAPI:
    """The sync server on this database (upgraded to the current schema first)."""
    engine = make_engine(database_url)
    if migrate:
        upgrade(engine)
    app = FastAPI(
        title="Compound Desk sync server", version=str(PROTOCOL),
        description="Sync protocol v1 — see docs/sync-protocol.md.",
    )
    app.state.engine = engine
    app.add_middleware(BodyLimit)
    ensure_handler()
    app.add_middleware(RequestLog)  # added last: outermost, so refusals are logged too
    _install_error_handlers(app)
    _install_routes(app, engine)
    install_profile_routes(app, engine, caller)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: the database URL comes from the environment (set by serve)."""
    return create_app(os.environ[DATABASE_ENV], migrate=False)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.url.path[:200]}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path[:200]}"
        return _error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger("compound_desk.server").error(
            "unexpected %s in request %s", type(exc).__name__,
            getattr(request.state, "request_id", "?"), exc_info=exc)
        return _error(500, "internal server error; the change was not saved")


def _install_routes(app: FastAPI, engine: Engine) -> None:
    @app.get("/healthz")
    def healthz() -> dict[str, bool]:
        with read_transaction(engine) as connection:
            connection.execute(text("SELECT 1"))
        return {"ok": True}

    @app.get("/api/v1/meta", response_model=MetaResponse)
    def meta() -> dict[str, Any]:
        return {"protocol": PROTOCOL, "min_protocol": MIN_PROTOCOL,
                "server_time": datetime.now(UTC).isoformat(), "name": "compound-desk"}

    @app.post("/api/v1/login", response_model=LoginResponse,
              responses={401: {"description": "bad credentials"}, 429: {"description": "throttled"}})
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        # The peer address (uvicorn resolves X-Forwarded-For only from trusted proxies).
        address = request.client.host if request.client else "unknown"
        with write_transaction(engine) as connection:  # counted before the password is checked
            try:
                attempt = auth.begin_attempt(connection, body.username, address)
            except auth.Throttled as exc:
                retry = {"Retry-After": str(exc.retry_after_seconds)}
                raise HTTPException(429, str(exc), retry) from None
        with read_transaction(engine) as connection:
            user = auth.verify_password(connection, body.username, body.password)
        if user is None:
            raise HTTPException(401, "wrong user name or password")
        with write_transaction(engine) as connection:
            auth.attempt_succeeded(connection, attempt)
            token = auth.issue_token(connection, user.id, body.device_name)
            street_name = None
            if user.street_id:
                street_name = connection.scalar(
                    select(Street.name).where(Street.id == user.street_id)
                )
        return {"token": token, "user": {"name": user.name, "role": user.role,
                                         "street_id": user.street_id, "street_name": street_name}}

    @app.post("/api/v1/logout", status_code=204)
    def logout(who: Authenticated) -> Response:
        with write_transaction(engine) as connection:
            auth.revoke_token(connection, who.token_id)
        return Response(status_code=204)

    @app.get("/api/v1/pull")
    def pull(
        who: Authenticated,
        since: Annotated[int, Query(ge=0, le=MAX_VERSION)] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    ) -> JSONResponse:
        # A JSONResponse skips FastAPI's jsonable_encoder walk: the values are JSON already.
        return JSONResponse(pull_changes(engine, who, since, limit))

    @app.post("/api/v1/push")
    def push(body: PushRequest, who: Authenticated) -> JSONResponse:
        ops = [Op(o.op_id, o.table, o.row_id, o.op, o.base_version, o.fields) for o in body.ops]
        return JSONResponse({"results": push_ops(engine, who, ops)})

    @app.post("/api/v1/keys", response_model=KeyResponse, status_code=201,
              responses={409: {"description": "key registered to another user"},
                         422: {"description": "bad key, or missing/failed proof of possession"}})
    def register_key(body: KeyRequest, who: Authenticated) -> dict[str, Any]:
        problem = registration_problem(body.key_id, body.public_key, body.proof, who.name)
        if problem:
            raise HTTPException(422, problem)
        with write_transaction(engine) as connection:
            owner = connection.scalar(
                select(SigningKey.user_id).where(SigningKey.key_id == body.key_id)
            )
            if owner is None:
                connection.execute(insert(SigningKey).values(
                    key_id=body.key_id, user_id=who.user_id, public_key=body.public_key,
                    created_at=datetime.now(UTC)))
            elif owner != who.user_id:
                raise HTTPException(409, "this signing key is registered to another user")
        return {"key_id": body.key_id, "public_key": body.public_key, "user": who.name}

    @app.get("/api/v1/keys/{key_id}", response_model=KeyResponse,
             responses={404: {"description": "no such key"}})
    def get_key(key_id: Annotated[str, Path(max_length=64, pattern=NO_NUL)], who: Authenticated) -> dict[str, Any]:
        with read_transaction(engine) as connection:
            row = connection.execute(
                select(SigningKey.key_id, SigningKey.public_key, User.name)
                .join(User, User.id == SigningKey.user_id)
                .where(SigningKey.key_id == key_id)
            ).first()
        if row is None:
            raise HTTPException(404, f"no signing key {key_id[:64]} is registered")
        return {"key_id": row.key_id, "public_key": row.public_key, "user": row.name}
