"""`GET /api/v1/pull` (pages of changes in the caller's scope) and `POST /api/v1/push` (ops
applied one by one, server.push). Both answer JSON built without a second walk over thousands
of rows (a pull's values are JSON already; a push's results are written once, for the record and
the answer) and declare their schema for OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from server.pull import pull as pull_changes
from server.push import Op, push_body
from server.routers.deps import Authenticated, Database, PullReading
from server.routers.schemas import AUTHENTICATED, PullPage, PushAnswer
from server.wire import NO_NUL

MAX_OPS = 1000
MAX_PULL = 5000
MAX_VERSION = 2**63 - 1

router = APIRouter(prefix="/api/v1", tags=["sync"], responses=AUTHENTICATED)


class PushOp(BaseModel):
    op_id: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    table: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    row_id: str = Field(min_length=1, max_length=36, pattern=NO_NUL)
    op: Literal["insert", "update", "delete", "undelete"]
    base_version: int = Field(default=0, ge=0, le=MAX_VERSION)
    fields: dict[str, Any] = Field(default_factory=dict)


class PushRequest(BaseModel):
    ops: list[PushOp] = Field(max_length=MAX_OPS)
    brief: bool = Field(default=False, description=(
        "answer an insert or update applied exactly as sent with its version and `stamp` "
        "only (`row` null): the client has the row already"))


@router.get("/pull", response_model=PullPage)
def pull(
    who: Authenticated, connection: PullReading,
    since: Annotated[int, Query(ge=0, le=MAX_VERSION)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 1000,
    exclude_own_from: Annotated[int | None, Query(ge=0, le=MAX_VERSION)] = None,
) -> JSONResponse:
    """`exclude_own_from`: leave out rows whose latest version, from this one on, this device
    pushed (server.pull)."""
    return JSONResponse(pull_changes(connection, who, since, limit,
                                     exclude_own_from=exclude_own_from))


@router.post("/push", response_model=PushAnswer)
def push(body: PushRequest, who: Authenticated, engine: Database) -> Response:
    """The answer is written from each result's stored JSON (server.push.push_body)."""
    ops = [Op(o.op_id, o.table, o.row_id, o.op, o.base_version, o.fields) for o in body.ops]
    return Response(push_body(engine, who, ops, brief=body.brief), media_type="application/json")
