"""What a route depends on: the database (the app's engine), a transaction on it, and the
authenticated caller.

Transactions are `scope="function"` dependencies, so they commit (or roll back, when the route
raises) before the answer goes out: a client never sees a success the database did not keep.
Routes that need several transactions (login counts an attempt before it checks the password)
or retry their own (push) take the engine instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine

from server import auth
from server.database import read_transaction, write_transaction
from server.problems import ApiError


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


Database = Annotated[Engine, Depends(engine_of)]


def pull_engine_of(request: Request) -> Engine:
    """The engine pulls read from: a hot standby when `serve --pull-db` names one, else the
    primary (server.app.create_app)."""
    engine: Engine = request.app.state.pull_engine
    return engine


def reading(engine: Database) -> Iterator[Connection]:
    with read_transaction(engine) as connection:
        yield connection


def writing(engine: Database) -> Iterator[Connection]:
    with write_transaction(engine) as connection:
        yield connection


def reading_for_pull(request: Request) -> Iterator[Connection]:
    with read_transaction(pull_engine_of(request)) as connection:
        yield connection


Reading = Annotated[Connection, Depends(reading, scope="function")]
PullReading = Annotated[Connection, Depends(reading_for_pull, scope="function")]
Writing = Annotated[Connection, Depends(writing, scope="function")]

bearer = HTTPBearer(auto_error=False, description="device token from /api/v1/login")
UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def caller(
    request: Request, engine: Database,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> auth.Caller:
    """The authenticated caller, or 401 for a missing, unknown, expired or revoked token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "not_logged_in", headers=UNAUTHORIZED)
    with read_transaction(engine) as connection:
        found = auth.caller_for_token(connection, credentials.credentials)
    if found is None:
        raise ApiError(401, "token_invalid", headers=UNAUTHORIZED)
    request.state.user = found.name  # for the request's log line (server.request_log)
    return found


Authenticated = Annotated[auth.Caller, Depends(caller)]
