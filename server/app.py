"""The FastAPI application of the sync server (docs/sync-protocol.md is the contract).

`create_app(database_url)` builds an app whose only state is the database, so any number of
workers can serve it; `app_from_env()` is the factory `serve` hands to uvicorn's workers. The
routes live in server/routers/; here are the middleware and the one error envelope every
failure is answered with: `{"error": {"code", "message", "params"}}`.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.admission import Admission
from server.blobs import BlobStore
from server.database import POOL_CONNECTIONS, make_engine, normalise_url, upgrade
from server.problems import ApiError, Problem
from server.request_log import RequestLog, ensure_handler
from server.routers import auth, blobs, keys, meta, profiles, sync
from server.routers.meta import MIN_PROTOCOL, PROTOCOL

__all__ = ["BLOBS_ENV", "DATABASE_ENV", "MAX_BODY_BYTES", "MIN_PROTOCOL", "PROTOCOL", "PULL_DATABASE_ENV",
           "app_from_env", "create_app"]

MAX_BODY_BYTES = 8 * 1024 * 1024
DATABASE_ENV = "COMPOUND_DESK_SERVER_DB"
PULL_DATABASE_ENV = "COMPOUND_DESK_SERVER_PULL_DB"
BLOBS_ENV = "COMPOUND_DESK_SERVER_BLOBS"
BLOBS_BESIDE_SQLITE = "blobs"


def error_response(status: int, problem: Problem, headers: dict[str, str] | None = None
                   ) -> JSONResponse:
    return JSONResponse({"error": problem.envelope()}, status_code=status, headers=headers)


class BodyTooLarge(ApiError):
    """413. An HTTPException, so FastAPI passes it on when the body runs past the limit while
    it is being read (no Content-Length was sent)."""

    def __init__(self) -> None:
        super().__init__(413, "body_too_large", limit_mib=MAX_BODY_BYTES // (1024 * 1024))


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
            if declared.isdigit():
                answer = error_response(413, BodyTooLarge().problem)
            else:
                answer = error_response(400, Problem("bad_content_length"))
            await answer(scope, receive, send)
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


def blob_folder(database_url: str, blob_dir: Path | None) -> Path | None:
    """Where evidence files are kept: `blob_dir`, else $COMPOUND_DESK_SERVER_BLOBS, else a
    `blobs` folder beside a SQLite database; None (blob calls answer 503) for PostgreSQL
    without one."""
    if blob_dir is not None:
        return blob_dir
    if os.environ.get(BLOBS_ENV):
        return Path(os.environ[BLOBS_ENV])
    url = normalise_url(database_url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///")).parent / BLOBS_BESIDE_SQLITE
    return None


def create_app(database_url: str, *, migrate: bool = True, blob_dir: Path | None = None,
               pull_url: str | None = None) -> FastAPI:
    """The sync server on this database (upgraded to the current schema first), keeping
    evidence files in `blob_dir` (see blob_folder). Pulls read from `pull_url` when given: a
    PostgreSQL hot standby of the database (docs/deployment.md); everything else, the caller's
    token included, is read from and written to the primary."""
    engine = make_engine(database_url)
    if migrate:
        upgrade(engine)
    app = FastAPI(
        title="Compound Desk sync server", version=str(PROTOCOL),
        description="Sync protocol v1 — see docs/sync-protocol.md.",
    )
    app.state.engine = engine
    app.state.pull_engine = make_engine(pull_url) if pull_url else engine
    folder = blob_folder(database_url, blob_dir)
    app.state.blobs = BlobStore(folder) if folder is not None else None
    app.add_middleware(Admission, limit=POOL_CONNECTIONS)  # innermost: its wait is logged
    app.add_middleware(BodyLimit)
    ensure_handler()
    app.add_middleware(RequestLog)  # added last: outermost, so refusals are logged too
    _install_error_handlers(app)
    for module in (meta, auth, sync, keys, profiles, blobs):
        app.include_router(module.router)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: the database URL comes from the environment (set by serve).

    The objects made so far (the app, its models, schemas and SQL) live as long as the worker:
    frozen out of the garbage collector's view (gc.freeze), its full collections no longer walk
    them again and again while a push allocates rows by the thousand — a fifth of the server's
    time per op in a district's first push (70 → 56 µs)."""
    app = create_app(os.environ[DATABASE_ENV], migrate=False,
                     pull_url=os.environ.get(PULL_DATABASE_ENV) or None)
    gc.freeze()
    return app


def validation_problem(exc: RequestValidationError) -> Problem:
    errors = exc.errors()
    if errors and errors[0].get("type") == "json_invalid":
        return Problem("malformed_json")
    first: dict[str, Any] = dict(errors[0]) if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request body"
    return Problem("invalid_request", where=where[:200], detail=str(first.get("msg", "invalid"))[:200],
                   problems=len(errors))


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if isinstance(exc, ApiError):
            return error_response(exc.status_code, exc.problem, headers)
        path = request.url.path[:200]
        if exc.status_code == 404:
            problem = Problem("no_such_endpoint", path=path)
        elif exc.status_code == 405:
            problem = Problem("method_not_allowed", method=request.method[:20], path=path)
        else:  # starlette's own (none expected): its text as the detail of a bad request
            problem = Problem("invalid_request", where=path, detail=str(exc.detail)[:200], problems=1)
        return error_response(exc.status_code, problem, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_problem(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logging.getLogger("compound_desk.server").error(
            "unexpected %s in request %s", type(exc).__name__,
            getattr(request.state, "request_id", "?"), exc_info=exc)
        return error_response(500, Problem("internal_error"))
